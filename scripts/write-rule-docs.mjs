// Writes docs/rules.md from the built rules' metadata: npm run docs.
import { writeFileSync } from 'node:fs';
import { builtInRules } from '../dist/rules/index.js';
import { rulesMarkdown } from '../dist/src/report/rule-docs.js';

writeFileSync(new URL('../docs/rules.md', import.meta.url), rulesMarkdown(builtInRules));
console.log('wrote docs/rules.md');
