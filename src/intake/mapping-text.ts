// A mapping file's text read: apart from ./config.ts so that a run with no table loads no yaml package.
import { parse } from 'yaml';
import { ConfigError } from '../model/errors.js';

/**
 * A mapping file's text (YAML or JSON: one mapping, a list of them, or `mappings:` as in a
 * config) as the mappings it writes, for compileMappings; `where` names it in messages.
 */
export function mappingSpecs(text: string, where: string): unknown[] {
  let data: unknown;
  try {
    data = parse(text, { prettyErrors: true, maxAliasCount: 100 });
  } catch (error) {
    const pos = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    throw new ConfigError(`${where}${pos ? `:${pos.line}:${pos.col}` : ''}: not valid YAML or JSON`);
  }
  if (Array.isArray(data)) return data;
  if (typeof data === 'object' && data !== null && Array.isArray((data as { mappings?: unknown }).mappings)) return (data as { mappings: unknown[] }).mappings;
  if (typeof data === 'object' && data !== null) return [data];
  throw new ConfigError(`${where}: expected a mapping (an object with name and fields), a list of them, or mappings: [...]`);
}
