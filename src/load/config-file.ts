// Finding and reading the configuration file; what it says is parsed and checked by src/config/validate.ts.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../model/errors.js';
import type { ConfigFile } from '../config/schema.js';

export const CONFIG_FILE_NAMES = ['referral-lint.config.yaml', 'referral-lint.config.yml', 'referral-lint.config.json'];

/**
 * The nearest config: in the current directory, else in each folder above it, up to and
 * including the project's root (the first folder with a `.git` or a `package.json`) or the
 * file system's root. One config applies to the whole run, whichever files it reads.
 */
export function findConfig(cwd: string): string | undefined {
  for (let dir = path.resolve(cwd); ; ) {
    const found = CONFIG_FILE_NAMES.map((n) => path.join(dir, n)).find((p) => existsSync(p));
    if (found) return found;
    const parent = path.dirname(dir);
    if (parent === dir || existsSync(path.join(dir, '.git')) || existsSync(path.join(dir, 'package.json'))) return undefined;
    dir = parent;
  }
}

/**
 * Reads and validates a config file, and hashes the bytes it read (sha256, hex) for the
 * reports, which name the config a run used; `display` names it in messages (relative to the
 * current directory). The parser (and the yaml package) is loaded here, when there is a file to read.
 */
export async function readConfig(file: string, display = file): Promise<{ config: ConfigFile; hash: string }> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new ConfigError(`Cannot read configuration file ${display}: ${readFailure(error, file)}`);
  }
  const { parseConfigText } = await import('../config/config-text.js');
  return { config: parseConfigText(bytes.toString('utf8'), display, file.endsWith('.json')), hash: createHash('sha256').update(bytes).digest('hex') };
}

/** Reads and validates a config file; `display` names it in messages (relative to the current directory). */
export async function readConfigFile(file: string, display = file): Promise<ConfigFile> {
  return (await readConfig(file, display)).config;
}

/** Why a config file could not be read, in words: never a bare error code. */
function readFailure(error: unknown, file: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return `not found (no file at ${file})`;
    case 'ENOTDIR':
      return `not found (a part of ${file} is not a folder)`;
    case 'EISDIR':
      return 'it is a directory, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return `cannot be read${code ? ` (${code})` : ''}`;
  }
}
