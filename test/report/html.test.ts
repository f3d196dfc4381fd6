import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { builtInRules } from '../../rules/index.js';
import { DIMENSIONS } from '../../src/domain/codes.js';
import { lint } from '../../src/run/lint.js';
import { html } from '../../src/report/html.js';
import { cleanReferral, edit, otherChild } from '../helpers.js';
import type { LintResult } from '../../src/model/types.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NOW = '2026-11-01T06:00:00Z';
const RULES = new Map(builtInRules.map((r) => [r.meta.id, r.meta]));

// ---- a small DOM over the report, read back with fast-xml-parser --------------------

interface El {
  tag: string;
  attrs: Record<string, string>;
  children: (El | string)[];
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  allowBooleanAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  unpairedTags: ['meta', 'link', 'br'],
  stopNodes: ['*.style'],
});

function toEl(node: Record<string, unknown>): El | string {
  if ('#text' in node) return String(node['#text']);
  const tag = Object.keys(node).find((k) => k !== ':@')!;
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries((node[':@'] as Record<string, unknown> | undefined) ?? {})) attrs[k.slice(2)] = v === true ? '' : String(v);
  return { tag, attrs, children: (node[tag] as Record<string, unknown>[]).map(toEl) };
}

function parse(page: string): El {
  const nodes = (parser.parse(page) as Record<string, unknown>[]).map(toEl);
  return nodes.find((n): n is El => typeof n !== 'string' && n.tag === 'html')!;
}

function all(root: El, test: (el: El) => boolean): El[] {
  const out: El[] = [];
  const walk = (el: El): void => {
    if (test(el)) out.push(el);
    for (const c of el.children) if (typeof c !== 'string') walk(c);
  };
  walk(root);
  return out;
}

function text(el: El | string): string {
  return typeof el === 'string' ? el : el.children.map(text).join(' ').replace(/\s+/g, ' ').trim();
}

const hasClass = (el: El, name: string): boolean => (el.attrs.class ?? '').split(' ').includes(name);

// ---- personal values of the sample fixtures ------------------------------------------

type Obj = Record<string, unknown>;

function fixtureReferrals(): Obj[] {
  const dir = path.join(ROOT, 'fixtures');
  const json = JSON.parse(readFileSync(path.join(dir, '2026-10-front-door.json'), 'utf8')) as { referrals: Obj[] };
  const yaml = parseAllDocuments(readFileSync(path.join(dir, '2026-10-health.yaml'), 'utf8')).map((d) => d.toJS() as Obj);
  const ndjson = readFileSync(path.join(dir, '2026-10-police.ndjson'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Obj);
  return [...json.referrals, ...yaml, ...ndjson].filter((r) => r !== null && typeof r === 'object');
}

function personalValues(referral: Obj): string[] {
  const child = (referral.child ?? {}) as Obj;
  const address = (child.address ?? {}) as Obj;
  const referrer = (referral.referrer ?? {}) as Obj;
  const concerns = (referral.concerns ?? {}) as Obj;
  const carers = Array.isArray(referral.carers) ? (referral.carers as Obj[]) : [];
  return [
    child.givenName,
    child.familyName,
    child.dateOfBirth,
    child.nhsNumber,
    child.upn,
    address.line1,
    address.postcode,
    referrer.name,
    referrer.phone,
    referrer.email,
    concerns.summary,
    ...carers.map((c) => c?.name),
  ].filter((v): v is string => typeof v === 'string' && v.trim().length > 2);
}

// ---------------------------------------------------------------------------------------

describe('html reporter on the sample fixtures', () => {
  let result: LintResult;
  let page: string;
  let dom: El;

  beforeAll(async () => {
    result = await lint({ paths: ['fixtures/'], cwd: ROOT, now: NOW });
    page = html(result, { rules: RULES });
    dom = parse(page);
  });

  it('starts with the HTML doctype and names the run date and tool version', () => {
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    const time = all(dom, (e) => e.tag === 'time')[0]!;
    expect(time.attrs.datetime).toBe('2026-11-01T06:00:00.000Z');
    expect(text(time)).toBe('1 November 2026 at 06:00 UTC');
    expect(text(all(dom, (e) => hasClass(e, 'lede'))[0]!)).toBe(`Checked 1 November 2026 at 06:00 UTC by referral-lint ${result.tool.version}.`);
  });

  it('loads nothing: no URL in src, href or url(), no script, image, frame, import or font', () => {
    expect(page).not.toMatch(/https?:/i);
    expect(page).not.toMatch(/url\(/i);
    expect(page).not.toMatch(/@import|@font-face/i);
    expect(page).not.toMatch(/<(script|img|iframe|object|embed|audio|video|source|base|form)\b/i);
    const refs = [...page.matchAll(/\s(src|href|xlink:href|action|srcset|poster)="([^"]*)"/gi)].map((m) => m[2]!);
    expect(refs.length).toBeGreaterThan(9);
    for (const ref of refs) expect(ref === 'data:,' || /^#[a-z0-9-]+$/.test(ref), ref).toBe(true);
    expect(page).not.toContain('//');
    // The only <link> is the empty icon.
    expect(all(dom, (e) => e.tag === 'link').map((e) => e.attrs)).toEqual([{ rel: 'icon', href: 'data:,' }]);
  });

  it('sets the strict Content Security Policy before the style sheet', () => {
    const csp = all(dom, (e) => e.tag === 'meta' && e.attrs['http-equiv'] === 'Content-Security-Policy');
    expect(csp.map((e) => e.attrs.content)).toEqual(["default-src 'none'; style-src 'unsafe-inline'; img-src data:"]);
    expect(page.indexOf('Content-Security-Policy')).toBeLessThan(page.indexOf('<style>'));
  });

  it('prints the run summary numbers', () => {
    const cards = Object.fromEntries(all(dom, (e) => hasClass(e, 'card')).map((c) => [text(c.children[0]!), text(c.children[1]!)]));
    expect(cards).toEqual({
      'Overall score': '81.8 out of 100: requires improvement',
      'Clean referrals': '50.0% with no error',
      Errors: '43',
      Warnings: '30',
      'Referrals checked': '50 from 3 files',
      Suppressed: '0 findings set aside on purpose',
      'Files not checked': '0 could not be read',
      'Referrals not checked': '0 could not be read',
    });
  });

  it('draws one bar per agency, worst first, with the result’s scores and printed labels', () => {
    const bars = all(dom, (e) => e.tag === 'rect' && hasClass(e, 'bar'));
    expect(bars).toHaveLength(9);
    expect(bars.map((b) => [b.attrs['data-agency'], Number(b.attrs['data-score'])])).toEqual(result.agencies.map((a) => [a.name, a.score]));
    expect(bars[0]!.attrs['data-agency']).toBe('Ocean Road Medical Practice');
    expect(bars[0]!.attrs['data-score']).toBe('65');
    // Coloured by band, and the band's words are in each bar's label: never colour alone.
    expect(bars.map((b) => [b.attrs['data-band'], b.attrs.class])).toEqual(
      result.agencies.map((a) => [a.band, `bar band-${a.band === 'good' ? 'green' : a.band === 'inadequate' ? 'red' : 'amber'}`]),
    );
    // Width is proportional to the score: 900 units for 100.
    expect(bars.map((b) => Number(b.attrs.width))).toEqual(result.agencies.map((a) => Number(((900 * a.score!) / 100).toFixed(2))));
    const rows = all(dom, (e) => e.tag === 'g' && hasClass(e, 'bar-row'));
    expect(rows.map((g) => [text(g.children[0]!), text(g.children[3]!)])).toEqual(result.agencies.map((a) => [`${a.name} (${a.band!.replace('-', ' ')})`, a.score!.toFixed(1)]));
    expect(text(rows[8]!.children[3]!)).toBe('100.0');
    // The chart has a title and a description listing every value.
    const svg = all(dom, (e) => e.tag === 'svg')[0]!;
    expect(svg.attrs.role).toBe('img');
    expect(svg.attrs['aria-labelledby']).toBe('chart-title chart-desc');
    const desc = text(all(svg, (e) => e.tag === 'desc')[0]!);
    expect(desc).toContain('Ocean Road Medical Practice 65.0 (inadequate); South Tyneside District Hospital A&E 65.7 (inadequate); POL 70.0 (requires improvement);');
    // Grid lines at the band cut-offs.
    expect(all(svg, (e) => e.tag === 'text' && hasClass(e, 'axis')).map(text)).toEqual(['0', '70', '90', '100']);
  });

  it('fills the heat map with every agency’s dimension scores, one decimal, in colour bands', () => {
    const cells = all(dom, (e) => e.tag === 'td' && e.attrs['data-agency'] !== undefined && e.attrs['data-dimension'] !== undefined);
    expect(cells).toHaveLength(9 * DIMENSIONS.length);
    for (const agency of result.agencies) {
      for (const d of DIMENSIONS) {
        const cell = cells.find((c) => c.attrs['data-agency'] === agency.name && c.attrs['data-dimension'] === d)!;
        const score = agency.dimensions[d]!;
        expect(cell.attrs['data-score']).toBe(score === null ? '' : String(score));
        expect(text(cell)).toBe(score === null ? '– not applicable' : `${score.toFixed(1)} ${score >= 90 ? 'good' : score >= 70 ? 'requires improvement' : 'inadequate'}`);
      }
    }
    const cell = (agency: string, d: string): El => cells.find((c) => c.attrs['data-agency'] === agency && c.attrs['data-dimension'] === d)!;
    // Coloured by the run's bands (good from 90, requires-improvement from 70), the band named beside the number.
    expect([cell('Ocean Road Medical Practice', 'consistency').attrs.class, text(cell('Ocean Road Medical Practice', 'consistency'))]).toEqual(['heat band-amber', '89.3 requires improvement']);
    expect([cell('Ocean Road Medical Practice', 'completeness').attrs.class, text(cell('Ocean Road Medical Practice', 'completeness'))]).toEqual(['heat band-green', '90.0 good']);
    expect([cell('POL', 'validity').attrs.class, cell('POL', 'validity').attrs.title]).toEqual(['heat band-amber', 'Requires improvement']);
    const legend = all(dom, (e) => e.tag === 'ul' && hasClass(e, 'legend'))[0]!;
    expect(legend.children.map(text)).toEqual(['Inadequate: below 70', 'Requires improvement: 70 to under 90', 'Good: 90 and above', '– not applicable']);
    expect(cell('POL', 'accuracy').attrs.class).toBe('heat band-na');
    // Column headers are the dimensions; the footer row is the whole run's scores.
    const heat = all(dom, (e) => e.attrs.id === 'heat-map')[0]!;
    const head = all(heat, (e) => e.tag === 'th' && e.attrs.scope === 'col').map(text);
    expect(head).toEqual(['Agency', 'Completeness', 'Uniqueness', 'Timeliness', 'Validity', 'Accuracy', 'Consistency', 'Compliance']);
    const totals = all(heat, (e) => e.attrs['data-total'] !== undefined);
    expect(totals.map((c) => c.attrs['data-score'])).toEqual(result.dimensions.map((d) => (d.score === null ? '' : String(d.score))));
  });

  it('gives each rule its failure rate: failed over applicable', () => {
    const table = all(dom, (e) => e.attrs.id === 'rule-table')[0]!;
    const ruleRows = all(table, (e) => e.tag === 'tr' && e.attrs['data-rule'] !== undefined);
    expect(ruleRows).toHaveLength(result.rules.length);
    const row = (id: string): string[] => ruleRows.find((r) => r.attrs['data-rule'] === id)!.children.map(text);
    expect(row('consent-recorded')).toEqual([
      'consent-recorded',
      RULES.get('consent-recorded')!.description,
      'compliance',
      'error',
      '50',
      '6',
      '12.0%',
    ]);
    expect(row('exploitation-screening').slice(4)).toEqual(['10', '4', '40.0%']);
    // Highest failure rate first: exploitation-screening (40%) leads.
    expect(ruleRows[0]!.attrs['data-rule']).toBe('exploitation-screening');
    expect(ruleRows[0]!.children[6]!).toMatchObject({ attrs: { 'data-failure-rate': '40' } });
  });

  it('lists each agency’s findings by referral, with the fix guidance of each rule that fired once', () => {
    const sections = all(dom, (e) => e.tag === 'section' && hasClass(e, 'agency'));
    expect(sections.map((s) => s.attrs['data-agency'])).toEqual(result.agencies.map((a) => a.name));
    const ae = sections[0]!;
    expect(text(all(ae, (e) => e.tag === 'h3')[0]!)).toBe('Ocean Road Medical Practice');
    const stats = Object.fromEntries(all(ae, (e) => e.tag === 'div' && e.children.length === 2 && (e.children[0] as El).tag === 'dt').map((d) => [text(d.children[0]!), text(d.children[1]!)]));
    expect(stats).toMatchObject({ Score: '65.0', Band: 'Inadequate', 'Clean rate': '14.3%', Errors: '10', Warnings: '7', Suppressed: '0', Referrals: '7' });
    const findingRows = all(ae, (e) => e.tag === 'tr' && e.attrs['data-referral'] !== undefined);
    const expected = result.referrals.filter((r) => r.agency === ae.attrs['data-agency']).flatMap((r) => r.findings.map((f) => [r.id, f.ruleId, f.line]));
    expect(findingRows).toHaveLength(17);
    expect(findingRows.map((r) => [r.attrs['data-referral'], r.attrs['data-rule']])).toEqual(expected.map(([id, rule]) => [id, rule]));
    // The first row of the first referral: id, rule, severity, message, file:line.
    const first = result.referrals.find((r) => r.agency === 'Ocean Road Medical Practice' && r.findings.length > 0)!;
    expect(findingRows[0]!.children.map(text)).toEqual([first.id, first.findings[0]!.ruleId, first.findings[0]!.severity, first.findings[0]!.message, `${first.file}:${first.findings[0]!.line}`]);
    // Fix guidance: once per rule that fired in the agency, in rule order.
    const fired = new Set(expected.map(([, rule]) => rule as string));
    const fixes = all(ae, (e) => e.tag === 'div' && e.attrs['data-rule'] !== undefined);
    expect(fixes.map((f) => f.attrs['data-rule'])).toEqual(result.rules.map((r) => r.id).filter((id) => fired.has(id)));
    const fix = fixes[0]!;
    expect(text(fix.children[1]!)).toBe(RULES.get(String(fix.attrs['data-rule']))!.docs.fix);
    // The clean agency says so.
    expect(text(all(sections[8]!, (e) => e.tag === 'p')[0]!)).toBe('No findings: every referral passed every check.');
  });

  it('says every file and referral was checked', () => {
    const section = all(dom, (e) => e.attrs.id === 'not-checked')[0]!;
    expect(text(section.children[1]!)).toBe('None: every file and every referral in it was read and checked.');
  });

  it('prints no personal value of any referral', () => {
    const values = fixtureReferrals().flatMap(personalValues);
    expect(values.length).toBeGreaterThan(150);
    const leaked = values.filter((v) => page.includes(v));
    expect(leaked).toEqual([]);
  });
});

describe('html reporter on small inputs', () => {
  it('escapes an agency name in text and attributes; no raw <script>', async () => {
    const name = '<script>alert(1)</script> & "Co"';
    const result = await lint({ referrals: [edit(cleanReferral(), { 'referrer.agency': name, 'consent.status': undefined })], label: 'mem.json', now: NOW });
    const page = html(result, { rules: RULES });
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;');
    expect(page).toContain('data-agency="&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;"');
    const dom = parse(page);
    expect(all(dom, (e) => e.tag === 'rect' && hasClass(e, 'bar')).map((b) => b.attrs['data-agency'])).toEqual([name]);
    expect(all(dom, (e) => e.tag === 'h3').map(text)).toEqual([name]);
  });

  it('files and referrals that could not be read are listed with their reasons', async () => {
    const result = await lint({ referrals: [cleanReferral(), 'not a referral'], label: 'mem.json', now: NOW });
    const dom = parse(html(result, {}));
    const table = all(dom, (e) => e.attrs.id === 'not-checked-table')[0]!;
    expect(all(table, (e) => e.tag === 'tr').slice(1).map((r) => r.children.map(text))).toEqual([['mem.json', 'one referral', '/1', 'expected a referral object']]);
    const cards = Object.fromEntries(all(dom, (e) => hasClass(e, 'card')).map((c) => [text(c.children[0]!), text(c.children[1]!)]));
    expect([cards['Files not checked'], cards['Referrals not checked']]).toEqual(['0 could not be read', '1 could not be read']);
  });

  it('without rule docs: no descriptions, no fix guidance, the numbers stay', async () => {
    const result = await lint({ referrals: [edit(cleanReferral(), { 'consent.status': undefined })], label: 'mem.json', now: NOW });
    const page = html(result, {});
    const dom = parse(page);
    expect(page).not.toContain('How to fix');
    const row = all(dom, (e) => e.tag === 'tr' && e.attrs['data-rule'] === 'consent-recorded' && e.attrs['data-referral'] === undefined)[0]!;
    expect(row.children.map(text)).toEqual(['consent-recorded', '', 'compliance', 'error', '1', '1', '100.0%']);
  });

  it('quiet lists only error findings', async () => {
    const late = edit(cleanReferral(), { 'concerns.firstIdentifiedAt': '2026-10-01T09:00:00Z', 'consent.status': undefined });
    const result = await lint({ referrals: [late], label: 'mem.json', now: NOW });
    expect(result.referrals[0]!.findings.map((f) => f.severity).sort()).toEqual(['error', 'warning']);
    const rules = (page: string): string[] => all(parse(page), (e) => e.tag === 'tr' && e.attrs['data-referral'] !== undefined).map((r) => r.attrs['data-rule']!);
    expect(rules(html(result, { quiet: true }))).toEqual(['consent-recorded']);
    expect(rules(html(result, {})).sort()).toEqual(['consent-recorded', 'referral-timely']);
  });

  it('with a baseline: score changes, new and fixed counts, new findings marked', async () => {
    const first = await lint({
      referrals: [cleanReferral(), edit(otherChild('REF-TEST-0002'), { 'consent.status': undefined })],
      label: 'mem.json',
      now: NOW,
    });
    const second = await lint({
      referrals: [edit(cleanReferral(), { 'threshold.rationale': undefined }), otherChild('REF-TEST-0002')],
      label: 'mem.json',
      now: NOW,
      baseline: first,
    });
    const change = second.baseline!.agencies[0]!;
    expect([change.newFindings, change.fixedFindings]).toEqual([1, 1]);
    const dom = parse(html(second, { rules: RULES }));

    const cards = Object.fromEntries(all(dom, (e) => hasClass(e, 'card')).map((c) => [text(c.children[0]!), text(c.children[1]!)]));
    expect(cards['New findings']).toBe('1 1 error');
    expect(cards['Fixed findings']).toBe('1');
    expect(cards['Score change']).toBe(`${second.baseline!.scoreChange!.toFixed(1)} from ${first.summary.score!.toFixed(1)}`);

    const agencyRow = all(dom, (e) => e.tag === 'tr' && e.attrs['data-agency'] === 'Example Police')[0]!;
    expect(all(agencyRow, (e) => e.tag === 'th' || e.tag === 'td').map(text)).toEqual([
      'Example Police',
      'police',
      '2',
      second.agencies[0]!.score!.toFixed(1),
      'Requires improvement',
      '0.0',
      '1',
      '1',
      '50.0%',
      '1',
      '0',
      '0',
    ]);

    const findings = all(dom, (e) => e.tag === 'tr' && e.attrs['data-referral'] !== undefined);
    expect(findings.map((r) => [r.attrs['data-referral'], r.attrs['data-rule'], r.attrs['data-new'] !== undefined])).toEqual([['REF-TEST-0001', 'threshold-applied', true]]);
    expect(text(findings[0]!.children[3]!)).toBe(`new ${second.referrals[0]!.findings[0]!.message}`);

    const fixed = all(dom, (e) => e.tag === 'table' && hasClass(e, 'fixed'))[0]!;
    expect(all(fixed, (e) => e.tag === 'tr').slice(1).map((r) => r.children.map(text))).toEqual([['REF-TEST-0002', 'consent-recorded', 'error']]);
  });
});
