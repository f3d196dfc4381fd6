// Every field of the referral format, walked from the JSON Schema (referral-schema.ts): its
// path, type in words, whether the schema requires it, and its description. The field
// reference (`referral-lint schema --format markdown`, docs/fields.md) is built from it.
import { referralSchema } from './referral-schema.js';

type Schema = Record<string, unknown>;

export interface FieldInfo {
  /** `child.dateOfBirth`; a list's items are `[]`: `missingEpisodes[].startedAt`. */
  path: string;
  /** In the words of docs/referral-format.md: text, date, date-time, true/false, code, object, list of ... */
  type: string;
  /** The schema requires the key in the object that holds it. */
  required: boolean;
  description: string;
}

function typeWords(schema: Schema, defs: Record<string, Schema>): string {
  const node = resolve(schema, defs);
  if (Array.isArray(node.enum)) return 'code';
  switch (node.type) {
    case 'string':
      return node.format === 'date' ? 'date' : node.format === 'date-time' ? 'date-time' : node.format === 'email' ? 'text (email address)' : 'text';
    case 'boolean':
      return 'true/false';
    case 'integer':
      return 'whole number';
    case 'number':
      return 'number';
    case 'object':
      return 'object';
    case 'array':
      return `list of ${pluralWords(typeWords(node.items as Schema, defs))}`;
    default:
      return 'any';
  }
}

const pluralWords = (words: string): string => (words === 'text' || words.startsWith('text ') ? words : words === 'true/false' ? words : `${words}s`);

function resolve(schema: Schema, defs: Record<string, Schema>): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const target = defs[ref.replace('#/$defs/', '')];
  if (!target) throw new Error(`unknown $ref ${ref}`);
  return target;
}

/** Every field of the format, depth first in the schema's order; a field's own description wins over its $ref's. */
export function referralFields(schema: Schema = referralSchema()): FieldInfo[] {
  const defs = (schema.$defs ?? {}) as Record<string, Schema>;
  const rows: FieldInfo[] = [];
  const walk = (node: Schema, prefix: string): void => {
    const object = resolve(node, defs);
    const properties = (object.properties ?? {}) as Record<string, Schema>;
    const required = new Set((object.required ?? []) as string[]);
    for (const [key, field] of Object.entries(properties)) {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      const own = resolve(field, defs);
      rows.push({ path, type: typeWords(field, defs), required: required.has(key), description: String(field.description ?? own.description ?? '') });
      if (own.type === 'object') walk(own, path);
      else if (own.type === 'array') {
        const items = resolve(own.items as Schema, defs);
        if (items.type === 'object') walk(items, `${path}[]`);
      }
    }
  };
  walk(schema, '');
  return rows;
}
