// A configuration file's text parsed (JSON or YAML) and validated (./validate.ts). Apart from
// validate.ts so that a run without a YAML config loads no yaml package (src/load/config-file.ts
// imports this module when it reads a config file).
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError } from '../model/errors.js';
import { documentValue, firstDocumentError, yamlErrorReason } from '../parse/yaml.js';
import type { ConfigFile } from './schema.js';
import { validateConfig } from './validate.js';

/** A configuration file's text, parsed (JSON when `json`, else YAML) and validated; `display` names it in messages. */
export function parseConfigText(text: string, display: string, json: boolean): ConfigFile {
  let data: unknown;
  if (json) {
    try {
      data = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch {
      throw new ConfigError(`Cannot parse configuration file ${display}: not valid JSON`);
    }
  } else data = parseYamlConfig(text, display);
  return validateConfig(data ?? {}, display);
}

/** Aliases a configuration file may use: the yaml package's default, as before. */
const CONFIG_ALIAS_COUNT = 100;

/**
 * A YAML configuration's value. What is wrong with one that has none is said as the loader
 * says it of an export (src/parse/yaml.ts): a syntax error, an alias to no anchor, or aliases
 * that expand too far (a billion laughs), each in its own words and, where it is one place, there.
 */
function parseYamlConfig(text: string, display: string): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const fail = (reason: string, offset?: number): never => {
    const where = offset === undefined ? undefined : lineCounter.linePos(offset);
    throw new ConfigError(`Cannot parse configuration file ${display}${where ? ` at line ${where.line}, column ${where.col}` : ''}: ${reason}`);
  };
  const error = firstDocumentError(doc);
  // A config holds no personal data: yaml's own reason is given too, as an editor would show it.
  if (error) fail(`${yamlErrorReason(error)}${error.message ? ` (yaml: ${error.message})` : ''}`, error.pos[0]);
  const read = documentValue(doc, CONFIG_ALIAS_COUNT);
  return 'failure' in read ? fail(read.failure, read.offset) : read.value;
}
