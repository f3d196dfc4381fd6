// The field reference: the schema describes every field, `schema --format markdown` prints the
// table, and docs/fields.md is that table for the built-in rules (npm run docs).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInRules } from '../rules/index.js';
import { fieldsMarkdown } from '../src/report/field-docs.js';
import { referralFields } from '../src/schema/fields.js';
import { referralSchema } from '../src/schema/referral-schema.js';
import { run } from './cli-run.js';
import { ROOT } from './temp-files.js';

describe('the schema describes every field', () => {
  it.each([false, true])('every field has a description (strict %s)', (strict) => {
    const fields = referralFields(referralSchema({ strict }));
    expect(fields.length).toBe(112);
    expect(fields.filter((f) => f.description.trim() === '').map((f) => f.path)).toEqual([]);
  });

  it('gives a code list each code with its meaning', () => {
    const schema = referralSchema() as { properties: { consent: { properties: { status: { description: string } } } } };
    expect(schema.properties.consent.properties.status.description).toBe(
      'Consent to the referral and to sharing information. Codes: `given`: consent was given; `refused`: consent was refused; `not-sought`: consent was not sought.',
    );
    const ethnicity = referralFields().find((f) => f.path === 'child.ethnicity')!;
    expect(ethnicity.description).toContain('`WBRI`: White British; `WIRI`: White Irish;');
    expect(ethnicity.description).toContain('`NOBT`: information not yet obtained.');
  });
});

describe('fieldsMarkdown', () => {
  const table = fieldsMarkdown(builtInRules);

  it('gives each field its type, required, meaning and the rules that read it', () => {
    expect(table).toContain('| Field | Type | Required | Meaning | Read by |\n|---|---|---|---|---|\n| `id` | text | yes | The referral\'s reference in the exporting system, 1 to 64 characters; unique in the run. | `unique-referral` |\n');
    expect(table).toContain('| `consent.reasonNotSought.details` | text |  | The reason in words. | `consent-recorded` |\n');
    expect(table).toContain('| `missingEpisodes[].returnedAt` | date-time |  | When the child came back; absent while still missing. | `missing-episodes-recorded`, `return-interview-timely`, `dates-plausible` |\n');
    expect(table).toContain('| `lintIgnore[].rule` | text | yes | The id of the rule suppressed. | `suppression-valid`, `unused-suppression` |\n');
    expect(table).toContain('| `exploitationScreening.score` | number |  | The tool\'s score as recorded; no rule reads it. |  |\n');
    expect(table).toContain('`schema-valid` checks every field and is not listed below.');
  });

  it('names a rule that does not declare its reads', () => {
    const bare = { ...builtInRules[1]!, meta: { ...builtInRules[1]!.meta, id: 'local/bare', reads: undefined } };
    expect(fieldsMarkdown([bare])).toContain('`local/bare` does not declare the fields it reads and is not listed below.');
  });

  it('is docs/fields.md (run npm run docs after changing the schema or a rule)', () => {
    expect(readFileSync(path.join(ROOT, 'docs/fields.md'), 'utf8')).toBe(table);
  });

  it('is what referral-lint schema --format markdown prints; schema alone still prints the JSON Schema', async () => {
    const markdown = await run(ROOT, ['schema', '--format', 'markdown']);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toBe(table);
    const json = await run(ROOT, ['schema']);
    expect(JSON.parse(json.stdout)).toEqual(referralSchema());
  });
});
