// The field reference: every field of the referral format with its type, whether the schema
// requires it, its meaning (the schema's description) and the rules that read it (their
// meta.reads). `referral-lint schema --format markdown` prints it; docs/fields.md is the same
// for the built-in rules (npm run docs), checked for drift by test/field-docs.test.ts.
import type { Rule } from '../rule-api/rule.js';
import { referralFields } from '../schema/fields.js';

const cell = (text: string): string => text.replaceAll('|', '\\|').replace(/\s*\n\s*/g, ' ');

/** The field table in Markdown, with the rules of `registry` that declare what they read. */
export function fieldsMarkdown(registry: readonly Rule<object>[]): string {
  const everything = registry.filter((r) => r.meta.reads?.includes('*')).map((r) => `\`${r.meta.id}\``);
  const undeclared = registry.filter((r) => r.meta.reads === undefined).map((r) => `\`${r.meta.id}\``);
  const readers = (path: string): string =>
    registry
      .filter((r) => r.meta.reads?.includes(path))
      .map((r) => `\`${r.meta.id}\``)
      .join(', ');
  const out = [
    '# Referral fields',
    '',
    'Every field of the referral format (version 1), for mapping an export to it: its path, its type, whether the',
    'schema requires it (in the object that holds it), what it means, and which rules read it. A list\'s items are',
    'written `[]`: `missingEpisodes[].startedAt` is the `startedAt` of each missing episode. Types, dates and',
    'containers are described in [referral-format.md](referral-format.md).',
    '',
    'Generated from the JSON Schema\'s descriptions and the rules\' declared reads (`meta.reads`) by',
    '`referral-lint schema --format markdown` (which also lists the rules of your config\'s plugins); do not edit by hand.',
    '',
  ];
  if (everything.length > 0) out.push(`${everything.join(', ')} ${everything.length === 1 ? 'checks' : 'check'} every field and ${everything.length === 1 ? 'is' : 'are'} not listed below.`, '');
  if (undeclared.length > 0) out.push(`${undeclared.join(', ')} ${undeclared.length === 1 ? 'does' : 'do'} not declare the fields ${undeclared.length === 1 ? 'it reads' : 'they read'} and ${undeclared.length === 1 ? 'is' : 'are'} not listed below.`, '');
  out.push('| Field | Type | Required | Meaning | Read by |', '|---|---|---|---|---|');
  for (const field of referralFields()) {
    out.push(`| \`${field.path}\` | ${field.type} | ${field.required ? 'yes' : ''} | ${cell(field.description)} | ${readers(field.path)} |`);
  }
  return `${out.join('\n')}\n`;
}
