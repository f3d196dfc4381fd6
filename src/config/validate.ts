// Validating a configuration against the config schema, with messages that name each key path.
// Parsing a config file's text is ./config-text.ts; finding and reading the file, src/load/config-file.ts.
import type { ErrorObject } from 'ajv';
import { ConfigError } from '../model/errors.js';
import { catastrophicBacktracking } from './regex-safety.js';
import { configValidator } from './compiled.js';
import type { ConfigFile } from './schema.js';

/** `/rules/consent-recorded/severity` → `rules.consent-recorded.severity`. */
export function keyPath(base: string, instancePath: string): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  return [base, ...parts].filter(Boolean).reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

function describeOne(e: ErrorObject, base: string): [string, string] | undefined {
  const p = e.params as Record<string, unknown>;
  const at = keyPath(base, e.instancePath) || '(top level)';
  switch (e.keyword) {
    case 'additionalProperties':
      return [keyPath(base, `${e.instancePath}/${String(p.additionalProperty)}`), 'unknown key'];
    case 'required':
      return [keyPath(base, `${e.instancePath}/${String(p.missingProperty)}`), 'is required'];
    case 'enum':
      return [at, `must be one of ${(p.allowedValues as unknown[]).join(', ')}`];
    case 'type':
      return [at, `must be ${p.type === 'object' ? 'a mapping' : p.type === 'array' ? 'a list' : `of type ${String(p.type)}`}`];
    case 'minItems':
      return [at, `must list at least ${p.limit === 1 ? 'one entry' : `${String(p.limit)} entries`}`];
    case 'anyOf':
      return undefined; // its branches' errors, joined below, say more
    default:
      return [at, e.message ?? 'is not valid'];
  }
}

/** One line per key path, naming it and what was expected; the branches of an anyOf are joined with "or". */
export function describeConfigErrors(errors: readonly ErrorObject[], base = ''): string[] {
  const byPath = new Map<string, string[]>();
  // The branches of an anyOf that each require one key: "needs one of a, b, c", said once.
  const alternatives = new Map<string, string[]>();
  for (const e of errors) {
    if (e.keyword !== 'required' || !/\/anyOf\/\d+\/required$/.test(e.schemaPath)) continue;
    const at = keyPath(base, e.instancePath) || '(top level)';
    alternatives.set(at, [...(alternatives.get(at) ?? []), String((e.params as { missingProperty: string }).missingProperty)]);
  }
  for (const [at, keys] of alternatives) byPath.set(at, [`needs at least one of ${keys.join(', ')}`]);
  // A value that fails deeper inside one branch of an anyOf (a list with one bad entry) was
  // meant for that branch: the other branches' complaints about the value itself are dropped.
  const deeper = (e: ErrorObject) => errors.some((o) => o.instancePath.startsWith(`${e.instancePath}/`));
  for (const e of errors) {
    if (e.keyword === 'required' && /\/anyOf\/\d+\/required$/.test(e.schemaPath)) continue;
    if (/\/anyOf\/\d+\/[^/]+$/.test(e.schemaPath) && deeper(e)) continue;
    const described = describeOne(e, base);
    if (!described) continue;
    const [at, message] = described;
    const list = byPath.get(at) ?? [];
    if (!list.includes(message)) list.push(message);
    byPath.set(at, list);
  }
  return [...byPath].map(([at, messages]) => `${at}: ${messages.join(', or ')}`);
}

export function validateConfig(data: unknown, file: string): ConfigFile {
  const validate = configValidator();
  if (!validate(data)) {
    const lines = describeConfigErrors(validate.errors ?? []);
    throw new ConfigError(`Invalid configuration in ${file}:\n  ${lines.join('\n  ')}`);
  }
  const config = data as ConfigFile;
  const lines = patternProblems(config);
  if (lines.length > 0) throw new ConfigError(`Invalid configuration in ${file}:\n  ${lines.join('\n  ')}`);
  return config;
}

/**
 * The regular expressions of a config, checked before any referral is read: an agency's
 * pattern must compile as it is used (flags i and u; a declarative rule's pattern is compiled
 * with its rule), and no pattern may take exponential time to match (regex-safety.ts).
 */
function patternProblems(config: ConfigFile): string[] {
  const lines: string[] = [];
  // `compiles`: what to say when the pattern does not compile with these flags (undefined: it is said elsewhere).
  const checked = (at: string, pattern: string, flags: string, compiles?: string): void => {
    try {
      new RegExp(pattern, flags);
    } catch {
      if (compiles !== undefined) lines.push(`${at}: "${pattern}" ${compiles}`);
      return;
    }
    const why = catastrophicBacktracking(pattern, flags);
    if (why !== undefined) {
      lines.push(
        `${at}: "${pattern}" can backtrack catastrophically (its matching time can grow exponentially with the text: a few dozen characters can take minutes): ` +
          `${why}; rewrite it so that each part of a text can be matched only one way`,
      );
    }
  };
  config.agencies?.forEach((agency, i) => agency.patterns?.forEach((pattern, j) => checked(`agencies[${i}].patterns[${j}]`, pattern, 'iu', 'is not a regular expression (it is read with the i and u flags)')));
  config.declarativeRules?.forEach((rule, i) =>
    rule.require.forEach((requirement, j) => {
      if ('pattern' in requirement) checked(`declarativeRules[${i}].require[${j}].pattern`, requirement.pattern, 'u');
    }),
  );
  return lines;
}
