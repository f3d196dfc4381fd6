// Finding, reading and validating the configuration file.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../errors.js';
import { createAjv } from '../schema/validate.js';
import { configSchema, type ConfigFile } from './schema.js';

export const CONFIG_FILE_NAMES = ['referral-lint.config.yaml', 'referral-lint.config.yml', 'referral-lint.config.json'];

/** The config in the current directory, if any. */
export function findConfig(cwd: string): string | undefined {
  return CONFIG_FILE_NAMES.map((n) => path.join(cwd, n)).find((p) => existsSync(p));
}

let compiledConfigValidator: ReturnType<ReturnType<typeof createAjv>['compile']> | undefined;

/** `/rules/consent-recorded/severity` → `rules.consent-recorded.severity`. */
export function keyPath(base: string, instancePath: string): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  return [base, ...parts].filter(Boolean).reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

/** One line per ajv error, naming the key path and what was expected. */
export function describeConfigErrors(errors: readonly ErrorObject[], base = ''): string[] {
  const lines = new Set<string>();
  for (const e of errors) {
    const p = e.params as Record<string, unknown>;
    const at = keyPath(base, e.instancePath) || '(top level)';
    switch (e.keyword) {
      case 'additionalProperties':
        lines.add(`${keyPath(base, `${e.instancePath}/${String(p.additionalProperty)}`)}: unknown key`);
        break;
      case 'required':
        lines.add(`${keyPath(base, `${e.instancePath}/${String(p.missingProperty)}`)}: is required`);
        break;
      case 'enum':
        lines.add(`${at}: must be one of ${(p.allowedValues as unknown[]).join(', ')}`);
        break;
      case 'type':
        lines.add(`${at}: must be of type ${String(p.type)}`);
        break;
      case 'anyOf':
        break; // the branches' own errors say more
      default:
        lines.add(`${at}: ${e.message ?? 'is not valid'}`);
    }
  }
  return [...lines];
}

export function validateConfig(data: unknown, file: string): ConfigFile {
  compiledConfigValidator ??= createAjv().compile(configSchema);
  if (!compiledConfigValidator(data)) {
    const lines = describeConfigErrors(compiledConfigValidator.errors ?? []);
    throw new ConfigError(`Invalid configuration in ${file}:\n  ${lines.join('\n  ')}`);
  }
  return data as ConfigFile;
}

export function readConfigFile(file: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read configuration file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'read error'}`);
  }
  let data: unknown;
  try {
    data = file.endsWith('.json') ? JSON.parse(text.replace(/^\uFEFF/, '')) : parseYaml(text);
  } catch (error) {
    const where = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    throw new ConfigError(
      `Cannot parse configuration file ${file}${where ? ` at line ${where.line}, column ${where.col}` : ''}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}`,
    );
  }
  return validateConfig(data ?? {}, file);
}
