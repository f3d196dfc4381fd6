// Finding and reading the configuration file; what it says is parsed and checked by src/config/validate.ts.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../model/errors.js';
import { parseConfigText } from '../config/validate.js';
import type { ConfigFile } from '../config/schema.js';

export const CONFIG_FILE_NAMES = ['referral-lint.config.yaml', 'referral-lint.config.yml', 'referral-lint.config.json'];

/** The config in the current directory, if any. */
export function findConfig(cwd: string): string | undefined {
  return CONFIG_FILE_NAMES.map((n) => path.join(cwd, n)).find((p) => existsSync(p));
}

/** Reads and validates a config file; `display` names it in messages (relative to the current directory). */
export function readConfigFile(file: string, display = file): ConfigFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read configuration file ${display}: ${(error as NodeJS.ErrnoException).code ?? 'read error'}`);
  }
  return parseConfigText(text, display, file.endsWith('.json'));
}
