// One referral's record, from what each rule did on it: its findings (placed in the file),
// the findings its lintIgnore suppressed, and each applicable rule's outcome. Positions are
// worked out only for referrals that have findings. The special handling of schema-valid and
// unused-suppression is src/rule-api/special.ts.
import type { ResolvedConfig } from '../config/resolve.js';
import type { CachedReferral, Finding, InternalError, ReferralRecord } from '../model/types.js';
import type { LoadedReferral, RawReferral, TableOrigin } from '../parse/types.js';
import { columnLetter } from '../parse/table.js';
import { valueAtPointer } from '../model/pointer.js';
import type { JsonObject } from '../domain/referral.js';
import { carries, fieldPathOf } from '../mapping/coverage.js';
import { namesUnknownKey, SCHEMA_RULE_ID, SchemaMask, UNUSED_SUPPRESSION_RULE_ID, unusedSuppressions, withoutKeyNames } from '../rule-api/special.js';
import type { Prepared, ReportedFinding, RuleRun } from './engine.js';
import { activeTimings } from '../model/timing.js';

/** The empty findings list every clean referral shares; frozen, so nothing can add to it by mistake. */
const NO_FINDINGS = Object.freeze([]) as unknown as Finding[];

/** At most this many distinct messages are shared; past it, each finding keeps its own. */
const MAX_INTERNED = 100_000;

export class RecordBuilder {
  // Rules word a defect the same way on every referral: one copy of each message.
  private readonly messages = new Map<string, string>();
  // Referrals with the same rule outcomes share one outcomes object: a run of a million
  // referrals has a few hundred distinct patterns, not a million.
  private readonly outcomeSets = new Map<string, Record<string, boolean>>();

  constructor(
    private readonly config: ResolvedConfig,
    /** Told of each rule that crashed on a referral. */
    private readonly crashed: (error: InternalError) => void,
  ) {}

  readonly intern = (message: string): string => {
    const known = this.messages.get(message);
    if (known !== undefined) return known;
    if (this.messages.size < MAX_INTERNED) this.messages.set(message, message);
    return message;
  };

  private sharedOutcomes(outcomes: Record<string, boolean>): Record<string, boolean> {
    let key = '';
    for (const id in outcomes) key += `${id}${outcomes[id] ? '+' : '-'}`;
    let set = this.outcomeSets.get(key);
    if (!set) {
      set = Object.freeze(outcomes) as Record<string, boolean>;
      this.outcomeSets.set(key, set);
    }
    return set;
  }

  /** Findings, suppressions and outcomes from what each rule did (or what --cache replays), in rule order. */
  build(event: LoadedReferral | RawReferral, prepared: Prepared, ignored: ReadonlyMap<string, number[]>, runs: RuleRun[], replay: CachedReferral | undefined): ReferralRecord {
    const { agency, enabled } = prepared;
    const result: ReferralRecord = {
      // A table read with `id: row` has no reference: the referral is named by its row.
      id: prepared.referral.id ?? (event.kind === 'referral' ? event.table?.rowId : undefined) ?? null,
      file: event.file,
      pointer: event.pointer,
      ...(event.kind === 'referral' && event.document !== undefined ? { document: event.document } : {}),
      ...(event.line !== undefined ? { line: event.line } : {}),
      ...(event.kind === 'referral' && event.table ? { line: event.table.row, row: event.table.row, ...(event.table.source.sheet !== undefined ? { sheet: event.table.source.sheet } : {}) } : {}),
      agency: agency.name,
      agencyKey: agency.key,
      sector: agency.sector,
      findings: [],
      suppressed: [],
      outcomes: {},
    };
    if (enabled !== this.config.rules) result.rules = enabled;
    if (prepared.notAssessed) result.notAssessed = prepared.notAssessed;
    const table = event.kind === 'referral' ? event.table : undefined;
    // Runs come in the order of `enabled` (the engine runs rules in it; unpackRuns keeps it): one pass over both.
    let next = 0;
    const schema = new SchemaMask();
    const outcomes: Record<string, boolean> = {};

    for (const { rule, severity } of enabled) {
      const id = rule.meta.id;
      if (id === UNUSED_SUPPRESSION_RULE_ID) continue; // judged below, from the other rules' outcomes
      if (replay && !rule.batch && !replay.live.includes(id)) {
        this.replayed(id, replay, result, outcomes, schema, event.pointer);
        continue;
      }
      const ran = runs[next]?.id === id ? runs[next++] : undefined;
      if (!ran) continue; // not applicable
      const crashed = ran.crash !== undefined;
      if (crashed) this.crashed({ ruleId: id, referralId: result.id, file: event.file, pointer: event.pointer, message: ran.crash! });
      const reported = table ? tableFindings(id, ran.reports ?? [], table, this.config.includePersonalData ? prepared.data : undefined) : (ran.reports ?? []);
      if (ran.readNow || crashed || (id === SCHEMA_RULE_ID && reported.some(namesUnknownKey))) (result.rerun ??= []).push(id);
      if (!ran.applicable) continue;
      let kept = reported;
      if (id === SCHEMA_RULE_ID) for (const f of reported) schema.add(f.pointer);
      else kept = reported.filter((f) => !schema.covers(f.pointer));
      const findings = kept.map((f) => positioned({ ruleId: id, severity, message: this.intern(f.message), pointer: event.pointer + f.pointer }, f));
      if (ignored.has(id)) {
        // A suppressed rule counts as not applicable on this referral (docs/rule-semantics.md).
        for (const f of findings) result.suppressed.push(f);
        continue;
      }
      for (const f of findings) result.findings.push(f);
      outcomes[id] = !crashed && !findings.some((f) => f.severity !== 'info');
    }

    const unused = enabled.find((e) => e.rule.meta.id === UNUSED_SUPPRESSION_RULE_ID);
    if (unused && ignored.size > 0) {
      const findings = unusedSuppressions(ignored, new Set(result.suppressed.map((f) => f.ruleId)), unused.severity, event.pointer);
      for (const f of findings) result.findings.push(f);
      outcomes[UNUSED_SUPPRESSION_RULE_ID] = !findings.some((f) => f.severity !== 'info');
    }
    result.outcomes = this.sharedOutcomes(outcomes);
    // Most referrals have no finding: they share one empty list rather than hold two each.
    // Lists grown by push keep spare room; exact copies are kept instead.
    result.findings = result.findings.length === 0 ? NO_FINDINGS : result.findings.slice();
    result.suppressed = result.suppressed.length === 0 ? NO_FINDINGS : result.suppressed.slice();
    if (result.findings.length > 0 || result.suppressed.length > 0) {
      const timings = activeTimings; // --timing: positions
      const start = timings ? performance.now() : 0;
      this.place(result, event, replay);
      timings?.since('positions', start);
    }
    return result;
  }

  /** A rule's findings and outcome on this referral, as --cache kept them. */
  private replayed(id: string, replay: CachedReferral, result: ReferralRecord, outcomes: Record<string, boolean>, schema: SchemaMask, referralPointer: string): void {
    const mine = (f: Finding): boolean => f.ruleId === id;
    const findings = replay.findings.filter(mine);
    const suppressed = replay.suppressed.filter(mine);
    if (id === SCHEMA_RULE_ID) for (const f of [...findings, ...suppressed]) schema.add(f.pointer.slice(referralPointer.length));
    for (const f of findings) result.findings.push({ ...f, message: this.intern(f.message) });
    for (const f of suppressed) result.suppressed.push({ ...f, message: this.intern(f.message) });
    const outcome = replay.outcomes[id];
    if (outcome !== undefined) outcomes[id] = outcome;
  }

  /** Lines and columns for the referral and its findings; then an unknown key's name is taken out. */
  private place(result: ReferralRecord, event: LoadedReferral | RawReferral, replay: CachedReferral | undefined): void {
    if (event.kind === 'referral' && event.table) {
      placeInTable(result, event.table);
      result.findings.sort(byPosition);
      result.suppressed.sort(byPosition);
      return;
    }
    result.line ??= replay?.line ?? event.locate(event.pointer)?.line;
    for (const f of [...result.findings, ...result.suppressed]) {
      if (f.line !== undefined) continue; // replayed, or placed by a worker thread
      const pos = event.locate(f.pointer);
      if (pos) {
        f.line = pos.line;
        f.column = pos.column;
      }
    }
    // Placed at the key itself, and judged against the other rules' findings at its full
    // pointer (above): only now is an unknown key's name taken out.
    if (!this.config.includePersonalData) {
      withoutKeyNames(result.findings, event.pointer, this.intern);
      withoutKeyNames(result.suppressed, event.pointer, this.intern);
    }
    // In document order, as a reader meets the fields; findings at one place keep rule order.
    result.findings.sort(byPosition);
    result.suppressed.sort(byPosition);
  }
}

/**
 * A rule's findings on a referral from a table: none about a field the table does not carry
 * (it cannot be faulted for a field it has no column for); and for schema-valid, at a cell the
 * mapping could not convert, the mapping's message (it names the field and what its column
 * may hold) instead of the schema's.
 */
function tableFindings(id: string, reported: readonly ReportedFinding[], table: TableOrigin, data: JsonObject | undefined): readonly ReportedFinding[] {
  const { carried } = table.source;
  const schema = id === SCHEMA_RULE_ID;
  if (reported.length === 0 && !(schema && table.errors.length > 0)) return reported;
  const errors = schema ? table.errors.map((e) => e.pointer) : undefined;
  const out: ReportedFinding[] = [];
  for (const f of reported) {
    // At a cell that could not be converted, or inside it (an item of a list cell): the cell's own finding says it.
    if (errors?.some((p) => f.pointer === p || f.pointer.startsWith(`${p}/`))) continue;
    if (f.fields ? !f.fields.every((path) => carries(carried, path)) : !carries(carried, fieldPathOf(f.pointer))) continue;
    out.push(f);
  }
  if (schema) {
    for (const e of table.errors) {
      if (e.quiet) continue;
      // With --include-personal-data, the cell's text, as the engine attaches a value to any finding.
      const value = data === undefined ? undefined : valueAtPointer(data, e.pointer);
      out.push({ pointer: e.pointer, message: e.message, ...(typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? { value } : {}) });
    }
  }
  return out;
}

/**
 * The cell of a pointer: its own column; or the one column of the fields under it (`/consent`
 * when only consent.status has a column); or the column of the field it is inside (an item of a
 * list cell, `/concerns/categories/1`).
 */
function cellOf(table: TableOrigin, pointer: string): number | undefined {
  for (let p = pointer; p !== ''; p = p.slice(0, p.lastIndexOf('/'))) {
    const own = table.cells.get(p) ?? table.groupCells?.get(p);
    if (own !== undefined) return own;
  }
  let found: number | undefined;
  for (const map of [table.cells, table.groupCells ?? new Map<string, number>()]) {
    for (const [p, column] of map) {
      if (!p.startsWith(`${pointer}/`)) continue;
      if (found !== undefined && found !== column) return undefined;
      found = column;
    }
  }
  return found;
}

/** Findings of a referral read from a table, placed as a person finds them in the sheet: the row, and the column and its header when one holds the field. */
function placeInTable(result: ReferralRecord, table: TableOrigin): void {
  for (const f of [...result.findings, ...result.suppressed]) {
    if (f.row !== undefined) continue;
    f.line = table.row;
    f.row = table.row;
    const column = cellOf(table, f.pointer.slice(result.pointer.length));
    if (column !== undefined) {
      f.column = column + 1;
      f.columnLetter = columnLetter(column);
      f.header = table.source.headers[column] ?? '';
    }
  }
}

/** Earlier line first, then earlier column; a finding with no position (in-memory referrals) after those with one. */
function byPosition(a: Finding, b: Finding): number {
  return (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? Infinity) - (b.column ?? Infinity);
}

/** A finding keeps the position a worker thread found for it, and the value the engine attached (--include-personal-data). */
function positioned(finding: Finding, reported: ReportedFinding): Finding {
  // The value first: the one-thread path places findings after this, and key order is output.
  if (reported.value !== undefined) finding.value = reported.value;
  if (reported.line !== undefined) {
    finding.line = reported.line;
    if (reported.column !== undefined) finding.column = reported.column;
  }
  return finding;
}
