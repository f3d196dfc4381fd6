// The two rules the engine treats differently from the rest, in one place.
//
// - schema-valid reports what the schema finds. A field it found defective is not reported
//   again by another rule (that rule's findings at or under the field are dropped), and a key
//   the referral format does not name loses its name in every report unless the run includes
//   personal data: the name of an unknown key can itself be personal data.
// - unused-suppression is not run like a rule: it is worked out from the other rules'
//   outcomes on the referral, once they have run (a lintIgnore entry whose rule reported
//   nothing suppressed nothing).
// And suppression-valid and unused-suppression are what keeps lintIgnore honest, so no
// lintIgnore entry can switch them off.
// docs/rule-semantics.md says what each means for users.
import { isObject, type JsonObject } from '../domain/referral.js';
import type { Finding, Severity } from '../model/types.js';
import { withoutKeyName } from '../schema/validate.js';

export const SCHEMA_RULE_ID = 'schema-valid';
export const UNUSED_SUPPRESSION_RULE_ID = 'unused-suppression';
export const SUPPRESSION_RULE_ID = 'suppression-valid';

/** Rules no lintIgnore can switch off: they are what keeps suppressions honest. */
export const UNSUPPRESSIBLE: ReadonlySet<string> = new Set([SUPPRESSION_RULE_ID, UNUSED_SUPPRESSION_RULE_ID]);

/**
 * The lintIgnore entries that take effect, by rule id, with their indexes: an entry needs a
 * known rule that may be suppressed and a meaningful reason (suppression-valid reports the rest).
 */
export function justifiedSuppressions(document: JsonObject, known: ReadonlySet<string>, isMeaningful: (v: unknown) => boolean): Map<string, number[]> {
  const byRule = new Map<string, number[]>();
  const entries = Array.isArray(document.lintIgnore) ? document.lintIgnore : [];
  entries.forEach((entry: unknown, i) => {
    if (!isObject(entry) || typeof entry.rule !== 'string' || !known.has(entry.rule) || UNSUPPRESSIBLE.has(entry.rule)) return;
    if (!isMeaningful(entry.reason)) return;
    const indexes = byRule.get(entry.rule);
    if (indexes) indexes.push(i);
    else byRule.set(entry.rule, [i]);
  });
  return byRule;
}

/**
 * The fields schema-valid found defective on one referral (pointers inside it): other rules'
 * findings there would repeat the defect.
 */
export class SchemaMask {
  private readonly pointers = new Set<string>();

  add(pointer: string): void {
    this.pointers.add(pointer);
  }

  /**
   * Whether the pointer is one of the defective fields or lies under one: each of its own
   * prefixes is looked up, so the cost is the pointer's depth, not the number of fields.
   */
  covers(pointer: string): boolean {
    const prefixes = this.pointers;
    if (prefixes.size === 0) return false;
    if (prefixes.has(pointer)) return true;
    for (let slash = pointer.indexOf('/'); slash !== -1; slash = pointer.indexOf('/', slash + 1)) {
      if (prefixes.has(pointer.slice(0, slash))) return true;
    }
    return false;
  }
}

/** Whether a schema-valid finding names a key the format does not: --cache must find it again rather than keep the name. */
export const namesUnknownKey = (finding: { pointer: string; message: string }): boolean => withoutKeyName(finding.pointer, finding.message) !== undefined;

/**
 * unused-suppression's findings on one referral: each justified lintIgnore entry whose rule
 * suppressed nothing. `suppressing` holds the rules that did suppress a finding.
 */
export function unusedSuppressions(ignored: ReadonlyMap<string, number[]>, suppressing: ReadonlySet<string>, severity: Severity, referralPointer: string): Finding[] {
  const findings: Finding[] = [];
  for (const [id, indexes] of ignored) {
    if (suppressing.has(id)) continue;
    for (const i of indexes) {
      findings.push({
        ruleId: UNUSED_SUPPRESSION_RULE_ID,
        severity,
        message: `lintIgnore[${i}] suppressed nothing: its rule reported no finding on this referral`,
        pointer: `${referralPointer}/lintIgnore/${i}`,
      });
    }
  }
  return findings;
}

/**
 * Without --include-personal-data, schema-valid's findings of keys the referral format does
 * not name lose the key's name (src/schema/validate.ts, withoutKeyName); in place.
 */
export function withoutKeyNames(findings: Finding[], referralPointer: string, intern: (message: string) => string): void {
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i]!;
    if (f.ruleId !== SCHEMA_RULE_ID) continue;
    const neutral = withoutKeyName(f.pointer.slice(referralPointer.length), f.message);
    if (neutral) findings[i] = { ...f, pointer: referralPointer + neutral.pointer, message: intern(neutral.message) };
  }
}
