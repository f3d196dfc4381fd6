// `referral-lint rules` and `referral-lint explain <id>`: what each rule checks, why, how
// to fix a failing referral, and its options with defaults and the values in force.
import Table from 'cli-table3';
import type { ResolvedConfig } from '../config/resolve.js';
import { defaultWeight, type Rule } from '../rule-api/rule.js';

export interface RuleRow {
  id: string;
  dimension: string;
  defaultSeverity: string;
  severity: string;
  description: string;
}

export function ruleRows(registry: readonly Rule<object>[], config: ResolvedConfig): RuleRow[] {
  return registry.map((r) => ({
    id: r.meta.id,
    dimension: r.meta.dimension,
    defaultSeverity: r.meta.severity,
    severity: config.levels.get(r.meta.id) ?? r.meta.severity,
    description: r.meta.description,
  }));
}

/**
 * The rules as a table `width` columns wide. A rule id is never cut: its column is as wide as
 * the longest id (a plugin's or declarative rule's may be long), and the description wraps in
 * what is left, at least 30 columns.
 */
export function rulesTable(rows: readonly RuleRow[], width = 120): string {
  // Each column holds its text and a space either side.
  const idWidth = Math.max(28, ...rows.map((r) => r.id.length + 2));
  const dimensionWidth = Math.max(14, ...rows.map((r) => r.dimension.length + 2));
  const descWidth = Math.max(30, width - 9 - idWidth - dimensionWidth - 9 - 10);
  const table = new Table({
    head: ['Rule', 'Dimension', 'Default', 'In force', 'Description'],
    style: { head: [], border: [] },
    colWidths: [idWidth, dimensionWidth, 9, 10, descWidth],
    wordWrap: true,
  });
  for (const r of rows) table.push([r.id, r.dimension, r.defaultSeverity, r.severity, r.description]);
  return `${table.toString()}\n`;
}

export { explainRule } from './rule-explain.js';

export { editDistance, nearest } from '../domain/nearest.js';

/** docs/rules.md, generated from the rules' own meta so the docs cannot drift (npm run docs). */
export function rulesMarkdown(registry: readonly Rule<object>[]): string {
  const out: string[] = [
    '# Built-in rules',
    '',
    'Generated from the rules\' metadata by `npm run docs`; do not edit by hand.',
    '`referral-lint explain <rule-id>` prints the same, with the options in force.',
    'Each rule also has a page of its own, `docs/rules/<rule-id>.md`, linked from the table.',
    '',
    '| Rule | Dimension | Default severity | Description |',
    '|---|---|---|---|',
    ...registry.map((r) => `| [\`${r.meta.id}\`](rules/${r.meta.id}.md) | ${r.meta.dimension} | ${r.meta.severity} | ${r.meta.description} |`),
  ];
  for (const { meta } of registry) {
    const defaults = meta.defaultOptions as Record<string, unknown>;
    out.push('', `## ${meta.id}`, '', meta.description, '');
    out.push(
      `Dimension **${meta.dimension}**; default severity **${meta.severity}**; penalty ${meta.penalty ?? 'by severity'}; weight ${meta.weight ?? `${defaultWeight(meta.severity)} (by severity)`}.`,
    );
    out.push('', '### What it checks', '', ...meta.docs.checks.map((c) => `- ${c}`));
    out.push('', '### Why', '', meta.docs.rationale);
    out.push('', '### How to fix a failing referral', '', meta.docs.fix);
    if (meta.docs.sources.length > 0) out.push('', '### Sources', '', ...meta.docs.sources.map((s) => `- ${s}`));
    out.push('', '### Options', '', '| Option | Default | Meaning |', '|---|---|---|');
    for (const name of Object.keys(defaults)) {
      out.push(`| \`${name}\` | \`${JSON.stringify(defaults[name])}\` | ${(meta.docs.options?.[name] ?? '').replace(/\|/g, '\\|')} |`);
    }
    out.push(`| \`penalty\` | ${meta.penalty ?? 'by severity: error 25, warning 5, info 0'} | what failing the rule costs a referral\'s score |`);
    out.push(`| \`weight\` | ${meta.weight ?? 'by severity: error 3, warning 1, info 0'} | the rule\'s weight under the \`weighted-pass\` score model |`);
    if (meta.docs.examples) {
      out.push('', '### Examples', '', 'Passes:', '', '```json', JSON.stringify(meta.docs.examples.pass, null, 2), '```', '', 'Fails:', '', '```json', JSON.stringify(meta.docs.examples.fail, null, 2), '```');
    }
  }
  return `${out.join('\n')}\n`;
}
