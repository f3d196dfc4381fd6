// Which rules a table can be judged by (docs/mappings.md, "Coverage"). A source with no column
// for a field cannot be faulted for leaving it empty, so a rule is assessed on a source only
// when the source carries every field the rule requires (meta.requires: what it cannot judge
// without) and at least one field it reads (meta.reads); and an assessed rule's findings about
// fields the source does not carry are dropped (src/engine/record.ts). A rule that says
// neither (a plugin's, written before meta.reads) is assessed, as before; schema-valid (reads
// `*`) always is, and judges only the fields the source carries.

/** A rule as coverage needs it: its id, what it reads and what it requires. */
export interface ReadingRule {
  meta: { id: string; reads?: readonly string[]; requires?: readonly string[] };
}

export interface NotAssessed {
  ruleId: string;
  /** Fields the rule reads that the source does not carry, in the rule's order. */
  missing: string[];
}

/**
 * Whether a source carries a field: the field itself, or (an object or list) any field inside
 * it; `a|b` (alternatives, any one of which will do) when it carries any of them.
 */
export function carries(carried: ReadonlySet<string>, path: string): boolean {
  if (path.includes('|')) return path.split('|').some((alternative) => carries(carried, alternative));
  if (path === '*' || path === '' || carried.has(path)) return true;
  for (const c of carried) if (c.startsWith(`${path}.`) || c.startsWith(`${path}[]`)) return true;
  return false;
}

/** The rules (of `rules`, in their order) a source carrying `carried` cannot be judged by, with the fields it lacks. */
export function notAssessed(rules: readonly ReadingRule[], carried: ReadonlySet<string>): NotAssessed[] {
  const out: NotAssessed[] = [];
  for (const rule of rules) {
    const { reads, requires } = rule.meta;
    const missing = (requires ?? []).filter((path) => !carries(carried, path));
    if (missing.length > 0) out.push({ ruleId: rule.meta.id, missing });
    else if (reads && reads.length > 0 && !reads.some((path) => carries(carried, path))) out.push({ ruleId: rule.meta.id, missing: [...reads] });
  }
  return out;
}

/** A referral pointer's field path (`/carers/0/name` → `carers[].name`), as mappings and meta.reads name fields. */
export function fieldPathOf(pointer: string): string {
  let out = '';
  for (const token of pointer.split('/').slice(1)) {
    const t = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(t)) out += '[]';
    else out += (out ? '.' : '') + t;
  }
  return out;
}

/** Coverage in words: `assessed 6 of 15 rules; not assessed: consent-recorded (no consent.status), ...`. */
export function coverageText(assessed: number, total: number, missing: readonly NotAssessed[]): string {
  const head = `assessed ${assessed} of ${total} rules`;
  if (missing.length === 0) return head;
  return `${head}; not assessed: ${missing.map((m) => `${m.ruleId} (no column for ${m.missing.join(', ')})`).join(', ')}`;
}
