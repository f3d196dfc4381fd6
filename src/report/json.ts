// The JSON report: the lint result as it is. Other tools depend on its shape (README, "JSON report").
import type { Reporter } from './types.js';

export const json: Reporter = (result) => `${JSON.stringify(result, null, 2)}\n`;
