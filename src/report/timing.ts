// --timing's table (ESLint's TIMING=1): the stages and rules that took longest, each with its
// time and its share of the run's time, printed on stderr after the report. A function of the
// totals (src/model/timing.ts), so the tests need no clock.
import type { TimingTotals } from '../model/timing.js';
import { TIMING_STAGES } from '../model/timing.js';
import { SCHEMA_RULE_ID } from '../rule-api/special.js';
import { printable } from './printable.js';

/** Rows --timing lists when not told how many, as ESLint's TIMING=1 does. */
export const TIMING_ROWS = 10;

export interface TimingRun {
  totals: TimingTotals;
  /** The run's time: this thread's, plus every worker thread's when there are any. */
  totalMs: number;
  /** Threads the run used: 1 is this one alone. */
  threads: number;
  /** With worker threads: the wall-clock time of the run, for the line under the table. */
  wallMs?: number;
}

export interface TimingRow {
  name: string;
  kind: string;
  ms: number;
  /** Percent of the run's time. */
  share: number;
}

/**
 * Every row: the stages (schema-valid's time is the schema stage), each other rule by id, and
 * `other` for what is left of the total, longest first. `kindOf` says what a rule is (a
 * built-in rule, a plugin's, a declarative one).
 */
export function timingRows(run: TimingRun, kindOf: (ruleId: string) => string): TimingRow[] {
  const rows: Omit<TimingRow, 'share'>[] = [];
  const stage = (name: string, ms: number): void => void rows.push({ name, kind: 'stage', ms });
  for (const name of TIMING_STAGES) stage(name, run.totals.stages[name] ?? 0);
  stage(`schema (${SCHEMA_RULE_ID})`, run.totals.rules[SCHEMA_RULE_ID] ?? 0);
  for (const [id, ms] of Object.entries(run.totals.rules)) if (id !== SCHEMA_RULE_ID) rows.push({ name: id, kind: kindOf(id), ms });
  const counted = rows.reduce((sum, r) => sum + r.ms, 0);
  // What no stage or rule counted: finding the files, the engine between rules, results passed between threads.
  stage('other', Math.max(0, run.totalMs - counted));
  const total = Math.max(run.totalMs, counted);
  return rows
    .map((r) => ({ ...r, share: total > 0 ? (r.ms * 100) / total : 0 }))
    .sort((a, b) => b.ms - a.ms || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const alignLeft = (text: string, width: number): string => text.padEnd(width);
const alignRight = (text: string, width: number): string => text.padStart(width);

/** The table, as ESLint prints TIMING=1's (Markdown, so it pastes into an issue), then a line on what the total is. */
export function timingTable(run: TimingRun, kindOf: (ruleId: string) => string, rows: number | 'all' = TIMING_ROWS): string {
  const all = timingRows(run, kindOf);
  const shown = rows === 'all' ? all : all.slice(0, rows);
  const header = ['Rule or stage', 'Kind', 'Time (ms)', 'Relative'];
  const cells = shown.map((r) => [printable(r.name), r.kind, r.ms.toFixed(3), `${r.share.toFixed(1)}%`]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]): string => c.map((text, i) => (i < 2 ? alignLeft(text, widths[i]!) : alignRight(text, widths[i]!))).join(' | ');
  // As ESLint's: each column's dashes span its cell and the blanks beside it, a colon on the side it is aligned to.
  const rule = widths
    .map((w, i) => {
      const dashes = '-'.repeat(w + (i === 0 || i === widths.length - 1 ? 1 : 2) - 1);
      return i < 2 ? `:${dashes}` : `${dashes}:`;
    })
    .join('|');
  const out = [line(header), rule, ...cells.map(line)];
  const more = all.length - shown.length;
  const total = `${run.totalMs.toFixed(3)} ms`;
  out.push(
    run.threads > 1
      ? `Total ${total} of thread time: the ${run.threads} threads' times added up (this one's and ${run.threads - 1} worker${run.threads === 2 ? "'s" : "s'"}; ${(run.wallMs ?? 0).toFixed(3)} ms of wall-clock time, waits for the workers' results not counted).`
      : `Total ${total} in 1 thread.`,
  );
  if (more > 0) out.push(`${more} more row${more === 1 ? '' : 's'}: --timing all lists every stage and rule.`);
  return `${out.join('\n')}\n`;
}
