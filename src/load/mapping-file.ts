// --mapping: a mapping file (YAML or JSON: one mapping, a list of them, or `mappings:` as in a
// config), or the name of a ready-made mapping.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { mappingSpecs } from '../intake/mapping-text.js';
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
  return mappingSpecs(text, `--mapping ${argument}`);
}
