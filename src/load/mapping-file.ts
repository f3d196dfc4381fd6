// --mapping: a mapping file (YAML or JSON: one mapping, a list of them, or `mappings:` as in a
// config), or the name of a ready-made mapping.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ConfigError } from '../model/errors.js';
import { readyMade } from '../mapping/ready-made.js';

/** The mappings as written, for compileMappings: a ready-made name stands for itself. */
export function readMappingArgument(argument: string, cwd: string): unknown[] {
  const file = path.resolve(cwd, argument);
  if (!existsSync(file)) {
    if (readyMade(argument)) return [argument];
    throw new ConfigError(`--mapping ${argument}: no such file, and no ready-made mapping of that name (annex-a-list-1, annex-a-list-3)`);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`--mapping ${argument}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let data: unknown;
  try {
    data = parse(text, { prettyErrors: true, maxAliasCount: 100 });
  } catch (error) {
    const pos = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    throw new ConfigError(`--mapping ${argument}${pos ? `:${pos.line}:${pos.col}` : ''}: not valid YAML or JSON`);
  }
  if (Array.isArray(data)) return data;
  if (typeof data === 'object' && data !== null && Array.isArray((data as { mappings?: unknown }).mappings)) return (data as { mappings: unknown[] }).mappings;
  if (typeof data === 'object' && data !== null) return [data];
  throw new ConfigError(`--mapping ${argument}: expected a mapping (an object with name and fields), a list of them, or mappings: [...]`);
}
