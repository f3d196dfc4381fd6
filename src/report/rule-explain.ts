// `referral-lint explain <id>` (and each rule's explanation on the web page): what a rule
// checks, why, how to fix a failing referral, and its options with defaults and the values in
// force. Apart from ./rule-docs.ts, whose rules table needs cli-table3, so that the web page does not.
import type { ResolvedConfig } from '../config/resolve.js';
import { defaultWeight, type Rule } from '../rule-api/rule.js';

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
  const enabled = config.rules.find((r) => r.rule.meta.id === meta.id);
  const weightInForce = enabled?.weight;
  const penaltyDefault = meta.penalty === undefined ? 'by severity: error 25, warning 5, info 0, unless the config\'s scoring.penalties change them' : String(meta.penalty);
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
  const names = [...new Set([...Object.keys(defaults), ...Object.keys(inForce)])].filter((n) => n !== 'weight' && n !== 'penalty');
  for (const name of names) {
    lines.push(`  ${name}: ${show(defaults[name])} -> ${show(inForce[name])}`);
    const about = meta.docs.options?.[name];
    if (about) lines.push(indent(wrap(about, 82), '      '));
  }
  lines.push(`  penalty: ${penaltyDefault} -> ${enabled === undefined ? 'rule is off' : enabled.penalty}${config.scoring.model === 'deficit' ? '' : ' (not used: the score model is weighted-pass)'}`);
  lines.push(`  weight: ${weightDefault} (by severity unless set) -> ${weightInForce === undefined ? 'rule is off' : weightInForce}${config.scoring.model === 'weighted-pass' ? '' : ' (used by the weighted-pass score model only)'}`);
  if (meta.docs.examples) {
    lines.push('', 'Example that passes:', indent(example(meta.docs.examples.pass)));
    lines.push('Example that fails:', indent(example(meta.docs.examples.fail)));
  }
  return `${lines.join('\n')}\n`;
}

