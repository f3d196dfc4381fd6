// Reading the earlier report --baseline names; src/score/baseline.ts checks it and compares.
import { readFileSync } from 'node:fs';
import { parseBaseline } from '../score/baseline.js';
import { UsageError } from '../model/errors.js';
import type { LintResult } from '../model/types.js';

export function readBaseline(file: string, display: string): LintResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new UsageError(`--baseline ${display}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? 'unknown error'})`}`);
  }
  return parseBaseline(text, display);
}
