// Writes docs/rules.md and docs/rules/<id>.md from the built rules' metadata, deletes pages
// of rules that no longer exist, and writes docs/fields.md (the schema and the rules' reads): npm run docs.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { builtInRules } from '../dist/rules/index.js';
import { rulesMarkdown } from '../dist/src/report/rule-docs.js';
import { ruleMarkdown } from '../dist/src/report/rule-page.js';
import { fieldsMarkdown } from '../dist/src/report/field-docs.js';

const docs = new URL('../docs/', import.meta.url);
const pages = new URL('rules/', docs);

writeFileSync(new URL('rules.md', docs), rulesMarkdown(builtInRules));
console.log('wrote docs/rules.md');

writeFileSync(new URL('fields.md', docs), fieldsMarkdown(builtInRules));
console.log('wrote docs/fields.md');

mkdirSync(pages, { recursive: true });
const wanted = new Set(builtInRules.map((rule) => `${rule.meta.id}.md`));
for (const rule of builtInRules) writeFileSync(new URL(`${rule.meta.id}.md`, pages), ruleMarkdown(rule));
console.log(`wrote ${wanted.size} pages in docs/rules/`);

for (const entry of readdirSync(pages, { withFileTypes: true })) {
  if (entry.isFile() && entry.name.endsWith('.md') && !wanted.has(entry.name)) {
    rmSync(new URL(entry.name, pages));
    console.log(`deleted docs/rules/${entry.name} (no rule has this id)`);
  }
}
