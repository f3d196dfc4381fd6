// html and markdown are read by people: html lists at most --max-listed referrals with
// findings (those that score lowest; between equal scores, the earlier in the input), with a
// line saying how many more there are, and a run that prints only html or markdown keeps no
// more than those (KeepReferrals 'worst', src/score/listing.ts). The selection and the bytes
// are the same whether the run kept every referral or only the worst.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLint } from '../../src/run/lint.js';
import { html } from '../../src/report/html.js';
import { markdown } from '../../src/report/markdown.js';
import { Worst } from '../../src/score/listing.js';
import { exportChunks, generateReferrals } from '../../tools/gen/generate.js';
import type { LintResult, ReferralResult } from '../../src/model/types.js';
import { run } from '../cli-run.js';
import { NOW } from '../helpers.js';
import { useTempDirs } from '../temp-files.js';

const tempDir = useTempDirs('listing');

/** The oracle: referrals with findings by score, lowest first, ties in input order; the first n, in input order. */
function worstOf(referrals: readonly ReferralResult[], n: number): ReferralResult[] {
  const ranked = referrals
    .map((r, i) => ({ r, i }))
    .filter((x) => x.r.findings.length > 0)
    .sort((a, b) => a.r.score - b.r.score || a.i - b.i);
  return ranked
    .slice(0, n)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.r);
}

/** The referral ids the page lists, each once, in page order. */
function listedIds(page: string): string[] {
  return [...new Set([...page.matchAll(/<tr data-referral="([^"]*)"/g)].map((m) => m[1]!))];
}

const withFindings = (result: LintResult): number => result.referrals.filter((r) => r.findings.length > 0).length;

const moreLine = (n: string, max: number): string => `Only the ${max} referrals with findings that score lowest are listed, under their agencies: ${n} more referrals with findings are not listed here (--format json or csv lists every one).`;

function generated(count: number, seed = 1): Record<string, unknown>[] {
  return [...generateReferrals({ count, seed })];
}

describe('Worst', () => {
  it('keeps the lowest scores, the earlier of equal ones, and gives them in input order', () => {
    const worst = new Worst<string>(3);
    const offered: [number, string][] = [
      [50, 'a'],
      [20, 'b'],
      [20, 'c'],
      [80, 'd'],
      [10, 'e'],
      [20, 'f'],
      [50, 'g'],
    ];
    offered.forEach(([score, id], seq) => worst.offer(score, seq, id));
    expect(worst.entries().map((e) => e.item)).toEqual(['b', 'c', 'e']);
    const all = new Worst<string>(0);
    offered.forEach(([score, id], seq) => all.offer(score, seq, id));
    expect(all.entries().map((e) => e.item)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });
});

describe('3,000 generated referrals, at most 50 listed', () => {
  const MAX = 50;

  it('keeps exactly the 50 worst, lowest score first and ties in input order, and html and markdown are the same as from every referral', async () => {
    const referrals = generated(3000);
    const full = await runLint({ referrals, now: NOW });
    const capped = await runLint({ referrals, now: NOW, keepReferrals: 'worst', maxListed: MAX });
    const expected = worstOf(full.result.referrals, MAX);
    // The cut falls between equal scores: the tie order decides which are in.
    const ranked = full.result.referrals.filter((r) => r.findings.length > 0).sort((a, b) => a.score - b.score);
    expect(ranked[MAX - 1]!.score).toBe(ranked[MAX]!.score);
    expect(capped.result.referrals.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    expect(capped.result.referrals).toEqual(expected);
    // Everything else in the result is the same.
    expect({ ...capped.result, referrals: [] }).toEqual({ ...full.result, referrals: [] });

    const all = withFindings(full.result);
    expect(all).toBeGreaterThan(MAX);
    expect(capped.listing).toMatchObject({ max: MAX, withFindings: all });
    const page = html(capped.result, { maxListed: MAX, ...(capped.listing ? { listing: capped.listing } : {}) });
    expect(page).toBe(html(full.result, { maxListed: MAX }));
    expect(page).toContain(moreLine((all - MAX).toLocaleString('en-GB'), MAX));
    expect(listedIds(page).sort()).toEqual(expected.map((r) => r.id!).sort());
    // markdown lists no referral: its findings by agency and rule are counted over every one.
    expect(markdown(capped.result, { ...(capped.listing ? { listing: capped.listing } : {}) })).toBe(markdown(full.result, {}));
    // 0: every referral with findings, and no line about more.
    const every = html(full.result, { maxListed: 0 });
    expect(listedIds(every)).toHaveLength(all);
    expect(every).not.toContain('not listed here');
  });

  it('through the command line (1,000 of them): the same page and the same markdown whether the run keeps every referral (with json) or the worst', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'gen.ndjson'), [...exportChunks(generateReferrals({ count: 1000, seed: 1 }), 'ndjson')].join(''));
    const args = ['gen.ndjson', '--now', NOW, '--max-listed', String(MAX)];
    const alone = await run(dir, [...args, '-f', 'html']);
    const withJson = await run(dir, [...args, '-f', 'json', '-o', 'report.json', '-f', 'html']);
    expect(alone.code).toBe(withJson.code);
    expect(alone.stdout).toBe(withJson.stdout);
    const report = JSON.parse((await import('node:fs')).readFileSync(path.join(dir, 'report.json'), 'utf8')) as LintResult;
    expect(listedIds(alone.stdout).sort()).toEqual(worstOf(report.referrals, MAX).map((r) => r.id!).sort());
    expect(alone.stdout).toContain(moreLine((withFindings(report) - MAX).toLocaleString('en-GB'), MAX));
    const md = await run(dir, [...args, '-f', 'markdown']);
    const mdWithJson = await run(dir, [...args, '-f', 'json', '-o', 'report.json', '-f', 'markdown']);
    expect(md.stdout).toBe(mdWithJson.stdout);
  });
});

describe('a file that fails part-way, and --agency', () => {
  /** good.ndjson: 150 referrals; bad.json: 150 more in an envelope cut short, so the file fails after its referrals were read. */
  function twoFiles(intact = false): { dir: string; badIds: Set<string> } {
    const dir = tempDir();
    const referrals = generated(300, 7);
    writeFileSync(path.join(dir, 'good.ndjson'), [...exportChunks(referrals.slice(0, 150), 'ndjson')].join(''));
    const envelope = [...exportChunks(referrals.slice(150), 'json')].join('');
    writeFileSync(path.join(dir, 'bad.json'), intact ? envelope : envelope.slice(0, envelope.lastIndexOf(']')) + ',\n{"referralId": ');
    return { dir, badIds: new Set(referrals.slice(150).map((r) => String(r.id))) };
  }

  it("leaves none of the failed file's referrals in the list or the counts", async () => {
    const { dir, badIds } = twoFiles();
    const json = await run(dir, ['.', '-f', 'json', '--now', NOW]);
    const report = JSON.parse(json.stdout) as LintResult;
    expect(report.files.find((f) => f.path === 'bad.json')?.error).toBeDefined();
    expect(report.referrals.some((r) => badIds.has(r.id!))).toBe(false);
    const page = await run(dir, ['.', '-f', 'html', '--now', NOW, '--max-listed', '5']);
    const ids = listedIds(page.stdout);
    expect(ids.sort()).toEqual(worstOf(report.referrals, 5).map((r) => r.id!).sort());
    expect(ids.some((id) => badIds.has(id))).toBe(false);
    expect(page.stdout).toContain(moreLine(String(withFindings(report) - 5), 5));
    // Whole, the same file's referrals are among the worst.
    const whole = twoFiles(true);
    expect(listedIds((await run(whole.dir, ['.', '-f', 'html', '--now', NOW, '--max-listed', '5'])).stdout).some((id) => whole.badIds.has(id))).toBe(true);
  });

  it('--agency lists the worst of that agency only', async () => {
    const { dir } = twoFiles();
    const whole = JSON.parse((await run(dir, ['.', '-f', 'json', '--now', NOW])).stdout) as LintResult;
    // The agency with the most referrals with findings.
    const counts = new Map<string, number>();
    for (const r of whole.referrals) if (r.findings.length > 0) counts.set(r.agency, (counts.get(r.agency) ?? 0) + 1);
    const agency = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    const report = JSON.parse((await run(dir, ['.', '-f', 'json', '--now', NOW, '--agency', agency])).stdout) as LintResult;
    expect(withFindings(report)).toBeGreaterThan(3);
    const page = await run(dir, ['.', '-f', 'html', '--now', NOW, '--agency', agency, '--max-listed', '3']);
    const ids = listedIds(page.stdout);
    expect(ids.sort()).toEqual(worstOf(report.referrals, 3).map((r) => r.id!).sort());
    expect(report.referrals.filter((r) => ids.includes(r.id!)).every((r) => r.agency === agency)).toBe(true);
    expect(page.stdout).toContain(moreLine(String(withFindings(report) - 3), 3));
  });

  it('--max-listed takes a whole number', async () => {
    const { dir } = twoFiles();
    const bad = await run(dir, ['.', '-f', 'html', '--max-listed', '-1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-listed takes a whole number, 0 or more');
  });
});
