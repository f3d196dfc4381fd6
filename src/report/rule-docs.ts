// `referral-lint rules` and `referral-lint explain <id>`: what each rule checks, why, how
// to fix a failing referral, and its options with defaults and the values in force.
import Table from 'cli-table3';
import { stringify as stringifyYaml } from 'yaml';
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

export function rulesTable(rows: readonly RuleRow[], width = 120): string {
  const descWidth = Math.max(30, width - 70);
  const table = new Table({
    head: ['Rule', 'Dimension', 'Default', 'In force', 'Description'],
    style: { head: [], border: [] },
    colWidths: [28, 14, 9, 10, descWidth],
    wordWrap: true,
  });
  for (const r of rows) table.push([r.id, r.dimension, r.defaultSeverity, r.severity, r.description]);
  return `${table.toString()}\n`;
}

/** A referral fragment on one line when it fits, else indented. */
function example(value: unknown): string {
  const compact = JSON.stringify(value);
  return compact.length <= 86 ? compact : JSON.stringify(value, null, 2);
}

function show(value: unknown): string {
  return JSON.stringify(value);
}

function indent(text: string, by = '  '): string {
  return text
    .split('\n')
    .map((line) => (line ? by + line : line))
    .join('\n');
}

/** Wraps prose to a width, for terminals. */
function wrap(text: string, width = 88): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out.join('\n');
}

export function explainRule(rule: Rule<object>, config: ResolvedConfig): string {
  const { meta } = rule;
  const level = config.levels.get(meta.id) ?? meta.severity;
  const inForce = config.options.get(meta.id) ?? (meta.defaultOptions as Record<string, unknown>);
  const defaults = meta.defaultOptions as Record<string, unknown>;
  const weightDefault = meta.weight ?? defaultWeight(meta.severity);
  const weightInForce = config.rules.find((r) => r.rule.meta.id === meta.id)?.weight;
  const lines: string[] = [];
  lines.push(`${meta.id}`);
  lines.push(`  dimension ${meta.dimension}; default severity ${meta.severity}; in force: ${level}`);
  lines.push('', wrap(meta.description));
  lines.push('', 'What it checks:');
  for (const c of meta.docs.checks) lines.push(indent(wrap(`- ${c}`, 86), '  ').replace(/\n {2}/g, '\n    '));
  lines.push('', 'Why:', indent(wrap(meta.docs.rationale, 86)));
  lines.push('', 'How to fix a failing referral:', indent(wrap(meta.docs.fix, 86)));
  if (meta.docs.sources.length > 0) {
    lines.push('', 'Sources:');
    for (const s of meta.docs.sources) lines.push(`  - ${s}`);
  }
  lines.push('', 'Options (default -> in force):');
  const names = [...new Set([...Object.keys(defaults), ...Object.keys(inForce)])].filter((n) => n !== 'weight');
  for (const name of names) {
    lines.push(`  ${name}: ${show(defaults[name])} -> ${show(inForce[name])}`);
    const about = meta.docs.options?.[name];
    if (about) lines.push(indent(wrap(about, 82), '      '));
  }
  lines.push(`  weight: ${weightDefault} (by severity unless set) -> ${weightInForce === undefined ? 'rule is off' : weightInForce}`);
  if (meta.docs.examples) {
    lines.push('', 'Example that passes:', indent(example(meta.docs.examples.pass)));
    lines.push('Example that fails:', indent(example(meta.docs.examples.fail)));
  }
  return `${lines.join('\n')}\n`;
}

/** Levenshtein distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

export function nearest(id: string, ids: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of ids) {
    const d = editDistance(id.toLowerCase(), candidate);
    if (d < bestDistance || (d === bestDistance && candidate.includes(id))) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

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
    out.push(`Dimension **${meta.dimension}**; default severity **${meta.severity}**; weight ${meta.weight ?? `${defaultWeight(meta.severity)} (by severity)`}.`);
    out.push('', '### What it checks', '', ...meta.docs.checks.map((c) => `- ${c}`));
    out.push('', '### Why', '', meta.docs.rationale);
    out.push('', '### How to fix a failing referral', '', meta.docs.fix);
    if (meta.docs.sources.length > 0) out.push('', '### Sources', '', ...meta.docs.sources.map((s) => `- ${s}`));
    out.push('', '### Options', '', '| Option | Default | Meaning |', '|---|---|---|');
    for (const name of Object.keys(defaults)) {
      out.push(`| \`${name}\` | \`${JSON.stringify(defaults[name])}\` | ${(meta.docs.options?.[name] ?? '').replace(/\|/g, '\\|')} |`);
    }
    out.push('| `weight` | by severity: error 3, warning 1, info 0 | the rule\'s weight in the score |');
    if (meta.docs.examples) {
      out.push('', '### Examples', '', 'Passes:', '', '```json', JSON.stringify(meta.docs.examples.pass, null, 2), '```', '', 'Fails:', '', '```json', JSON.stringify(meta.docs.examples.fail, null, 2), '```');
    }
  }
  return `${out.join('\n')}\n`;
}

/** A list item that begins "1. " would render as a nested ordered list: escape the dot. */
function listItem(text: string): string {
  return `- ${text.replace(/^(\d+)\. /, '$1\\. ')}`;
}

/** A default value as JSON: inline when short, else a fenced block. */
function jsonDefault(value: unknown): string[] {
  const compact = JSON.stringify(value);
  return compact.length <= 60 ? [`Default: \`${compact}\`.`] : ['Default:', '', '```json', JSON.stringify(value, null, 2), '```'];
}

function yamlBlock(value: unknown): string[] {
  return ['```yaml', stringifyYaml(value).trimEnd(), '```'];
}

/** docs/rules/<id>.md: one rule's page, generated from its meta so it cannot drift (npm run docs). */
export function ruleMarkdown(rule: Rule<object>): string {
  const { meta } = rule;
  const defaults = meta.defaultOptions as Record<string, unknown>;
  const weight = meta.weight ?? defaultWeight(meta.severity);
  const weightSource = meta.weight === undefined ? 'by severity: error 3, warning 1, info 0' : 'set by the rule';
  const out: string[] = [`# ${meta.id}`, '', meta.description, ''];
  out.push(
    '| Dimension | Default severity | Default weight | Batch rule |',
    '|---|---|---|---|',
    `| ${meta.dimension} | ${meta.severity} | ${weight} (${weightSource}) | ${rule.batch ? 'yes: it sees every referral of the run, in input order' : 'no: it checks each referral on its own'} |`,
  );
  out.push('', '## What it checks', '', ...meta.docs.checks.map(listItem));
  out.push('', '## Why', '', meta.docs.rationale);
  out.push('', '## How to fix a failing referral', '', meta.docs.fix);
  out.push('', '## Options', '');
  const names = Object.keys(defaults).filter((n) => n !== 'weight');
  if (names.length === 0) out.push('This rule has no options of its own; like every rule, it takes `weight`.', '');
  for (const name of names) {
    out.push(`### \`${name}\``, '');
    const about = meta.docs.options?.[name];
    if (about) out.push(about, '');
    out.push(...jsonDefault(defaults[name]), '');
  }
  out.push(
    '### `weight`',
    '',
    "The rule's weight in the score: a number, 0 or more. A rule of weight 0 never changes a score.",
    '',
    `Default: \`${weight}\` (${weightSource}).`,
    '',
    `Set options in the config under \`rules.${meta.id}.options\`; \`referral-lint explain ${meta.id}\` shows the values in force.`,
  );
  if (meta.docs.examples) {
    out.push('', '## Examples', '', 'A referral fragment that passes:', '', ...yamlBlock(meta.docs.examples.pass));
    out.push('', 'One that fails:', '', ...yamlBlock(meta.docs.examples.fail));
  }
  if (meta.docs.sources.length > 0) out.push('', '## Sources', '', ...meta.docs.sources.map(listItem));
  out.push(
    '',
    '---',
    '',
    `Generated by \`npm run docs\` from [\`rules/${meta.id}.ts\`](../../rules/${meta.id}.ts); do not edit this page by hand. [All rules](../rules.md).`,
  );
  return `${out.join('\n')}\n`;
}
