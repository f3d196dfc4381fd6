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
  /** For a code, or a list of codes: the codes the schema allows. */
  codes?: (string | number)[];
}

/** The codes a field (or each item of a list field) may take, from its enum. */
function codesOf(schema: Schema, defs: Record<string, Schema>): (string | number)[] | undefined {
  let node = resolve(schema, defs);
  if (node.type === 'array' && node.items) node = resolve(node.items as Schema, defs);
  if (Array.isArray(node.enum)) return node.enum as (string | number)[];
  const alternatives = (node.anyOf ?? node.oneOf) as Schema[] | undefined;
  if (Array.isArray(alternatives)) {
    // The all-digit source codes are allowed as text and as numbers: each once, as text first.
    const all = alternatives.flatMap((a) => codesOf(a, defs) ?? []);
    const seen = new Set<string>();
    const once = all.filter((code) => !seen.has(String(code)) && seen.add(String(code)));
    return once.length > 0 ? once : undefined;
  }
  return undefined;
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
      const codes = codesOf(field, defs);
      rows.push({ path, type: typeWords(field, defs), required: required.has(key), description: String(field.description ?? own.description ?? ''), ...(codes ? { codes } : {}) });
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
