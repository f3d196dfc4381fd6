/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The web page (docs/web-page.md): what a safeguarding lead sees and does. It takes files by
// drag-and-drop or a file picker, hands them to the Web Worker (./worker.ts) that runs the
// core, and shows the summary, the agency table, each referral's problems with how to fix them,
// and the downloads. Everything is built with DOM calls and textContent: no value from a file is
// ever parsed as HTML. The page makes no request and stores nothing unless the user asks it to
// remember a configuration.
import { READY_MADE } from '../mapping/ready-made.js';
import type { Finding, GroupScore, LintResult, ReferralResult } from '../model/types.js';
import { PERSONAL_DATA_WARNING } from '../report/personal-data.js';
import type { FromWorker, ToWorker } from './protocol.js';
import type { PageFormat, PageProgress, RuleView } from './run.js';

/** Written in by the page's build (scripts/build-web.mjs): the worker's bundled code, and the tool's name and version. */
declare const __WORKER_SOURCE__: string;
declare const __TOOL__: { name: string; version: string };

/** Referrals shown at a time; "Show more referrals" adds as many again. */
export const PAGE_SIZE = 50;

/** Where a remembered config is kept, only when the user ticks "Remember". */
const REMEMBER_KEY = 'referral-lint.config';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

type Child = Node | string | null | undefined | false;

/** An element with attributes and children; text children are text, never HTML. */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

const plural = (n: number, word: string, many = `${word}s`): string => `${n.toLocaleString('en-GB')} ${n === 1 ? word : many}`;
const oneDecimal = (n: number | null): string => (n === null ? '-' : n.toFixed(1));

/** A band in words (colour only adds to them). */
const BAND_WORDS: Record<string, string> = { good: 'Good', 'requires-improvement': 'Requires improvement', inadequate: 'Inadequate' };
const SEVERITY_WORDS: Record<string, string> = { error: 'Error', warning: 'Warning', info: 'Note' };

function bandOf(band: string | null): HTMLElement {
  return el('span', { class: `band band-${band ?? 'none'}` }, band ? BAND_WORDS[band] ?? band : '-');
}

// ---- the state of the page ----

let files: File[] = [];
let configFile: File | undefined;
let mappingFile: File | undefined;
let worker: Worker | undefined;
let last: { result: LintResult; rules: Map<string, RuleView> } | undefined;
let shown = 0;

/** Files the page takes as a configuration when dropped with the exports, as the command line's folder walk leaves them out. */
function isConfigName(name: string): boolean {
  return /\.config\.(json|ya?ml)$/i.test(name);
}

/** Says, over results made before the files or settings changed, that they are out of date. */
function markStale(): void {
  if (!last) return;
  setStatus('The files or settings have changed since these results were made: press "Check referrals" to check again.');
}

function addFiles(list: Iterable<File>): void {
  for (const f of list) {
    if (isConfigName(f.name)) setConfig(f);
    else if (!files.some((g) => g.name === f.name && g.size === f.size && g.lastModified === f.lastModified)) files.push(f);
  }
  showChosen();
  markStale();
}

function showChosen(): void {
  const box = $('chosen');
  box.replaceChildren();
  if (files.length === 0) return;
  const list = el('ul', { class: 'files-list', 'aria-label': 'Files to check' });
  files.forEach((f, i) => {
    const remove = el('button', { type: 'button', 'aria-label': `Remove ${f.name}` }, 'Remove');
    remove.addEventListener('click', () => {
      files.splice(i, 1);
      showChosen();
      markStale();
      $('files').focus();
    });
    list.append(el('li', {}, `${f.name} (${sizeWords(f.size)}) `, remove));
  });
  box.append(el('p', {}, `${plural(files.length, 'file')} to check:`), list);
}

function sizeWords(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function setConfig(f: File | undefined): void {
  configFile = f;
  markStale();
  const box = $('config-remembered');
  box.replaceChildren();
  if (f) {
    const stop = el('button', { type: 'button' }, 'Stop using it');
    stop.addEventListener('click', () => {
      setConfig(undefined);
      ($('config') as HTMLInputElement).value = '';
      ($('remember') as HTMLInputElement).checked = false;
      forget();
    });
    box.append(el('p', {}, `Using the configuration ${f.name}. `, stop));
  }
  void remember();
}

/** Forgets a remembered config; a browser that blocks storage has none to forget. */
function forget(): void {
  try {
    if (localStorage.getItem(REMEMBER_KEY) !== null) localStorage.removeItem(REMEMBER_KEY);
  } catch {
    // storage blocked by the browser's settings: nothing was kept
  }
}

/**
 * Keeps the config file in this browser's storage when (and only when) "Remember" is ticked:
 * its bytes as they are (base64), so that a remembered config is the same file, with the same
 * hash in the reports, as the one chosen.
 */
async function remember(): Promise<void> {
  const ticked = ($('remember') as HTMLInputElement).checked;
  if (!ticked) {
    forget();
    return;
  }
  if (!configFile) return;
  const bytes = new Uint8Array(await configFile.arrayBuffer());
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  try {
    localStorage.setItem(REMEMBER_KEY, JSON.stringify({ name: configFile.name, bytes: btoa(binary) }));
  } catch {
    ($('remember') as HTMLInputElement).checked = false;
    $('config-remembered').append(el('p', { class: 'warning' }, 'This browser does not allow the page to keep anything, so the configuration cannot be remembered. Choose it again next time.'));
  }
}

function restoreConfig(): void {
  let saved: { name: string; bytes: string } | undefined;
  try {
    saved = JSON.parse(localStorage.getItem(REMEMBER_KEY) ?? 'null') as typeof saved;
    if (saved && (typeof saved.name !== 'string' || typeof saved.bytes !== 'string')) saved = undefined;
  } catch {
    saved = undefined; // storage blocked, or not ours
  }
  if (!saved) return;
  const binary = atob(saved.bytes);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  ($('remember') as HTMLInputElement).checked = true;
  setConfig(new File([bytes], saved.name));
}

function setMappingFile(f: File | undefined): void {
  mappingFile = f;
  markStale();
  const box = $('mapping-chosen');
  box.replaceChildren();
  if (!f) return;
  const stop = el('button', { type: 'button' }, 'Stop using it');
  stop.addEventListener('click', () => {
    ($('mapping-file') as HTMLInputElement).value = '';
    setMappingFile(undefined);
    $('mapping-file').focus();
  });
  box.append(el('p', {}, `Using the mapping ${f.name}. `, stop));
}

/** The current local time, to the minute, as a datetime-local input shows it. */
function nowValue(): string {
  const d = new Date();
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}

// ---- the run ----

function startWorker(): Worker {
  worker?.terminate();
  const url = URL.createObjectURL(new Blob([__WORKER_SOURCE__], { type: 'text/javascript' }));
  const w = new Worker(url);
  // Revoked once the worker has answered: some browsers fetch a worker's script after the constructor returns.
  let revoked = false;
  w.onmessage = (event: MessageEvent<FromWorker>) => {
    if (!revoked) URL.revokeObjectURL(url);
    revoked = true;
    onMessage(event.data);
  };
  w.onerror = (event) => {
    event.preventDefault();
    // For whoever supports the page (the browser's console); it names the fault, never a value from the files.
    console.error(`referral-lint worker: ${event.message}`);
    finish();
    showError('The checker stopped unexpectedly. Reload the page and try again; if it happens again, use the command-line tool.');
  };
  return w;
}

function setStatus(text: string): void {
  $('status').textContent = text;
}

function showError(text: string): void {
  setStatus('');
  const box = el('div', { class: 'error-box', role: 'alert' }, el('p', {}, el('strong', {}, 'The check could not run. '), text));
  $('status').after(box);
}

function finish(): void {
  ($('run') as HTMLButtonElement).disabled = false;
  $('progress').hidden = true;
}

/** Takes the last run's results off the page (and its downloads with them), saying how to see them again. */
function clearResults(): void {
  last = undefined;
  worker?.terminate();
  worker = undefined;
  $('results').hidden = true;
  for (const id of ['summary', 'score-explained', 'agencies', 'failures', 'referrals', 'rules']) $(id).replaceChildren();
  setStatus('The results were cleared because the personal details setting changed. Press "Check referrals" to check again.');
}

function run(): void {
  document.querySelectorAll('.error-box').forEach((n) => n.remove());
  if (files.length === 0) {
    showError('Add at least one file of referrals first.');
    $('files').focus();
    return;
  }
  ($('run') as HTMLButtonElement).disabled = true;
  const progress = $('progress') as HTMLProgressElement;
  progress.hidden = false;
  progress.value = 0;
  setStatus('Reading the files…');
  $('results').hidden = true;
  worker = startWorker();
  const mappings: (File | string)[] = [];
  if (mappingFile) mappings.push(mappingFile);
  const readyMadeName = ($('mapping') as HTMLSelectElement).value;
  if (readyMadeName) mappings.push(readyMadeName);
  const now = ($('now') as HTMLInputElement).value;
  const message: ToWorker = {
    kind: 'run',
    // The worker reads them by name (inReadingOrder in ./run.ts), whatever order they were dropped in.
    files: [...files],
    ...(configFile ? { config: configFile } : {}),
    mappings,
    ...(now ? { now } : {}),
    includePersonalData: ($('personal') as HTMLInputElement).checked,
    tool: __TOOL__,
  };
  worker.postMessage(message);
}

function onMessage(message: FromWorker): void {
  switch (message.kind) {
    case 'progress':
      showProgress(message.progress);
      break;
    case 'done':
      finish();
      last = { result: message.result, rules: new Map(message.rules.map((r) => [r.id, r])) };
      showResults(message.result, message.configName, message.timeZone);
      break;
    case 'setup-error':
      finish();
      showError(message.message);
      break;
    case 'crash':
      finish();
      // With results on the page, it was a download that failed; the results stand.
      if (last) setStatus(`The report could not be made: ${message.message}.`);
      else showError(`The checker met an internal error (${message.message}). Please report it; the command-line tool may still work.`);
      break;
    case 'report':
      save(message.format, message.text);
      break;
  }
}

function showProgress(p: PageProgress): void {
  const bar = $('progress') as HTMLProgressElement;
  bar.value = p.totalBytes === 0 ? 1 : p.bytesRead / p.totalBytes;
  setStatus(`Checking ${p.file}: ${plural(p.referrals, 'referral')} checked so far.`);
}

const FILE_NAMES: Record<PageFormat, string> = { json: 'referral-lint-report.json', csv: 'referral-lint-report.csv', sarif: 'referral-lint-report.sarif', html: 'referral-lint-report.html' };
const MEDIA_TYPES: Record<PageFormat, string> = { json: 'application/json', csv: 'text/csv', sarif: 'application/sarif+json', html: 'text/html' };

function save(format: PageFormat, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: MEDIA_TYPES[format] }));
  const a = el('a', { href: url, download: FILE_NAMES[format] });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  setStatus(`The ${format.toUpperCase()} report was saved as ${FILE_NAMES[format]} (in your downloads folder).`);
}

// ---- the results ----

function showResults(result: LintResult, configName: string, timeZone: string): void {
  const s = result.summary;
  setStatus(`Done: ${plural(s.referrals, 'referral')} checked from ${plural(s.files, 'file')}.`);
  const summary = $('summary');
  const failed = s.filesFailed + s.referralsFailed;
  summary.replaceChildren(
    el(
      'dl',
      { class: 'summary' },
      el('dt', {}, 'Referrals checked'),
      el('dd', {}, `${plural(s.referrals, 'referral')} from ${plural(s.files, 'file')}`),
      el('dt', {}, 'Overall score'),
      el('dd', {}, `${oneDecimal(s.score)} out of 100: `, bandOf(s.band)),
      el('dt', {}, 'Referrals with no error'),
      el('dd', {}, s.cleanRate === null ? '-' : `${oneDecimal(s.cleanRate)}%`),
      el('dt', {}, 'Problems found'),
      el('dd', {}, `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}${s.infos ? `, ${plural(s.infos, 'note')}` : ''}${s.suppressed ? `; ${plural(s.suppressed, 'problem')} set aside by the referral's own lintIgnore` : ''}`),
      el('dt', {}, 'Could not be checked'),
      el('dd', {}, failed === 0 ? 'None' : `${plural(s.filesFailed, 'file')} and ${plural(s.referralsFailed, 'referral')} (listed below, with why)`),
      el('dt', {}, 'Configuration'),
      el('dd', {}, configName === 'the default configuration' ? 'The standard checks (no configuration file)' : configName),
      el('dt', {}, 'Checked as at'),
      // In the time zone "Check the referrals as at" was read in, so that it reads as it was typed.
      el('dd', {}, `${new Date(s.now).toLocaleString('en-GB', { timeZone, dateStyle: 'long', timeStyle: 'short' })} ${timeZone === 'Europe/London' ? 'UK time' : `(${timeZone})`}`),
    ),
  );
  $('score-explained').replaceChildren(scoreParagraph(result));
  $('agencies').replaceChildren(agencyTable(result));
  $('failures').replaceChildren(...failures(result));
  fillFilters(result);
  shown = 0;
  showReferrals(true);
  $('rules').replaceChildren(...rulesSection(result));
  $('results').hidden = false;
  $('results-heading').focus();
}

function scoreParagraph(result: LintResult): HTMLElement {
  const sc = result.summary.scoring;
  const good = sc?.bands.good ?? 90;
  const ri = sc?.bands['requires-improvement'] ?? 70;
  const bands = `An agency scoring ${good} or more is good, ${ri} to under ${good} requires improvement, and under ${ri} is inadequate.`;
  const text =
    sc?.model === 'weighted-pass'
      ? `How the score works: each referral scores the share of the checks that apply to it that it passes, with errors counting three times as much as warnings, out of 100. An agency's score is the average of its referrals' scores. ${bands}`
      : `How the score works: each referral starts at 100 and loses ${sc?.penalties.error ?? 25} points for each check it fails with an error and ${sc?.penalties.warning ?? 5} for each it fails with a warning (a check counts once, however many problems it finds; a score never goes below 0). An agency's score is the average of its referrals' scores, so it says how complete a typical referral from that agency is. ${bands} "Referrals with no error" is the share of referrals a social worker could act on without chasing a key fact.`;
  const tables = result.agencies.some((a) => a.coverage)
    ? ' A spreadsheet is judged only on what its columns hold: a check it has no column for is left out of its referrals\' scores, so read an agency\'s score beside its "Checks not possible".'
    : '';
  return el('p', { class: 'hint' }, text + tables);
}

/** Which checks an agency's spreadsheet rows could not be given: a count in words, the checks folded away. */
function coverageCell(a: GroupScore, checksInForce: number): HTMLElement {
  const missing = a.coverage?.notAssessed ?? [];
  if (missing.length === 0) return el('td', {}, 'None');
  return el(
    'td',
    {},
    `${missing.length} of ${checksInForce}`,
    el('details', {}, el('summary', {}, 'Which'), el('ul', {}, ...missing.map((m) => el('li', {}, `${m.ruleId} (on ${plural(m.referrals, 'referral')})`)))),
  );
}

function agencyTable(result: LintResult): HTMLElement {
  if (result.agencies.length === 0) return el('p', {}, 'No referral was checked.');
  const tabular = result.agencies.some((a) => a.coverage);
  const checksInForce = [...(last?.rules.values() ?? [])].filter((r) => r.level !== 'off').length;
  const suppressions = result.summary.suppressed > 0;
  const heads = ['Agency', 'Sector', 'Referrals', 'Score', 'Band', 'Clean %', 'Errors', 'Warnings', ...(suppressions ? ['Set aside'] : []), ...(tabular ? ['Checks not possible'] : [])];
  const numeric = new Set(['Referrals', 'Score', 'Clean %', 'Errors', 'Warnings', 'Set aside']);
  const table = el(
    'table',
    { id: 'agency-table' },
    el('caption', {}, 'Each agency that sent referrals, lowest score first'),
    el('thead', {}, el('tr', {}, ...heads.map((h) => el('th', { scope: 'col', ...(numeric.has(h) ? { class: 'num' } : {}) }, h)))),
  );
  const body = el('tbody');
  for (const a of result.agencies) {
    body.append(
      el(
        'tr',
        {},
        el('th', { scope: 'row' }, a.name),
        el('td', {}, a.sector),
        el('td', { class: 'num' }, String(a.referrals)),
        el('td', { class: 'num' }, oneDecimal(a.score)),
        el('td', {}, bandOf(a.band)),
        el('td', { class: 'num' }, oneDecimal(a.cleanRate)),
        el('td', { class: 'num' }, String(a.errors)),
        el('td', { class: 'num' }, String(a.warnings)),
        suppressions && el('td', { class: 'num' }, String(a.suppressed)),
        tabular && coverageCell(a, checksInForce),
      ),
    );
  }
  table.append(body);
  return table;
}

function failures(result: LintResult): HTMLElement[] {
  const failedFiles = result.files.filter((f) => f.error !== undefined);
  const failedReferrals = result.files.flatMap((f) => f.failedReferrals.map((r) => ({ file: f.path, ...r })));
  const coverage = result.files.filter((f) => f.coverage && f.coverage.notAssessed.length > 0);
  const out: HTMLElement[] = [];
  if (failedFiles.length + failedReferrals.length > 0) {
    out.push(el('h3', { id: 'failed-heading' }, 'Files and referrals that could not be checked'));
    const list = el('ul', { id: 'failed' });
    for (const f of failedFiles) list.append(el('li', {}, el('strong', {}, f.path), `${f.line !== undefined ? ` (line ${f.line}${f.column !== undefined ? `, column ${f.column}` : ''})` : ''}: ${f.error}`));
    for (const r of failedReferrals) {
      const where = r.row !== undefined ? `row ${r.row}` : r.line !== undefined ? `line ${r.line}` : r.pointer || 'the file';
      list.append(el('li', {}, el('strong', {}, r.file), ` ${where}: ${r.reason}`));
    }
    out.push(list);
  }
  if (coverage.length > 0) {
    out.push(el('h3', {}, 'Spreadsheets: what could be checked'));
    const list = el('ul');
    for (const f of coverage) list.append(el('li', {}, el('strong', {}, f.path), ` (layout ${f.table?.mapping ?? '-'}): ${f.coverage!.text}`));
    out.push(list);
  }
  return out;
}

function option(value: string, text: string): HTMLOptionElement {
  return el('option', { value }, text);
}

function fillFilters(result: LintResult): void {
  const agencies = [...new Set(result.referrals.map((r) => r.agency))].sort();
  $('filter-agency').replaceChildren(option('', 'All agencies'), ...agencies.map((a) => option(a, a)));
  const rules = [...new Set(result.referrals.flatMap((r) => r.findings.map((f) => f.ruleId)))].sort();
  $('filter-rule').replaceChildren(option('', 'All checks'), ...rules.map((id) => option(id, `${id}: ${last?.rules.get(id)?.description ?? ''}`)));
  ($('filter-severity') as HTMLSelectElement).value = '';
}

function matching(): { referral: ReferralResult; findings: Finding[] }[] {
  const agency = ($('filter-agency') as HTMLSelectElement).value;
  const rule = ($('filter-rule') as HTMLSelectElement).value;
  const severity = ($('filter-severity') as HTMLSelectElement).value;
  const out: { referral: ReferralResult; findings: Finding[] }[] = [];
  for (const referral of last?.result.referrals ?? []) {
    if (agency && referral.agency !== agency) continue;
    const findings = referral.findings.filter((f) => (!rule || f.ruleId === rule) && (!severity || f.severity === severity));
    if (findings.length > 0) out.push({ referral, findings });
  }
  return out;
}

function showReferrals(fresh: boolean): void {
  const all = matching();
  const box = $('referrals');
  if (fresh) {
    box.replaceChildren();
    shown = 0;
  }
  const next = all.slice(shown, shown + PAGE_SIZE);
  const articles = next.map((item) => referralArticle(item.referral, item.findings));
  box.append(...articles);
  // "Show more": focus goes to the first referral added, not back to the top when the button hides.
  if (!fresh) articles[0]?.focus();
  shown += next.length;
  $('referral-count').textContent = all.length === 0 ? 'No referral has a problem of this kind.' : `Showing ${shown.toLocaleString('en-GB')} of ${plural(all.length, 'referral')} with problems.`;
  $('more').hidden = shown >= all.length;
}

/** Where a finding is: a spreadsheet's row and column, or the field, in the referral's own terms. */
function whereOf(referral: ReferralResult, f: Finding): string {
  if (f.row !== undefined) return `Row ${f.row}${f.columnLetter ? `, column ${f.columnLetter}${f.header ? ` "${f.header}"` : ''}` : ''}`;
  const field = f.pointer.startsWith(referral.pointer) ? f.pointer.slice(referral.pointer.length) : f.pointer;
  const words = field.replace(/^\//, '').split('/').filter(Boolean).join(' › ');
  return `${words || 'The referral as a whole'}${f.line !== undefined ? ` (line ${f.line})` : ''}`;
}

function referralArticle(referral: ReferralResult, findings: Finding[]): HTMLElement {
  const name = referral.id ?? (referral.row !== undefined ? `row ${referral.row}` : 'Referral without an id');
  const place = referral.row !== undefined ? `${referral.file}${referral.sheet ? `, sheet ${referral.sheet}` : ''}, row ${referral.row}` : `${referral.file}${referral.line !== undefined ? `, line ${referral.line}` : ''}`;
  const table = el(
    'table',
    {},
    el('caption', {}, `Problems with ${name}`),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'How serious'), el('th', { scope: 'col' }, 'Where'), el('th', { scope: 'col' }, 'What is wrong'), el('th', { scope: 'col' }, 'Check and how to fix it'))),
  );
  const body = el('tbody');
  for (const f of findings) {
    const rule = last?.rules.get(f.ruleId);
    body.append(
      el(
        'tr',
        {},
        el('td', {}, el('span', { class: `severity severity-${f.severity}` }, SEVERITY_WORDS[f.severity] ?? f.severity)),
        el('td', {}, whereOf(referral, f)),
        el('td', {}, f.message, f.value !== undefined ? el('span', { class: 'value' }, ` (value: ${String(f.value)})`) : null),
        el(
          'td',
          {},
          el('a', { href: `#rule-${f.ruleId}` }, f.ruleId),
          rule ? el('details', {}, el('summary', {}, 'How to fix'), el('p', {}, rule.fix)) : null,
        ),
      ),
    );
  }
  table.append(body);
  return el(
    'article',
    { class: 'referral', 'aria-label': name, tabindex: '-1' },
    el('h4', {}, `${name}: ${referral.agency}`),
    el('p', { class: 'hint' }, `${place}. Score ${oneDecimal(referral.score)}: `, bandOf(referral.band)),
    table,
  );
}

function rulesSection(result: LintResult): HTMLElement[] {
  const used = new Set(result.referrals.flatMap((r) => [...r.findings.map((f) => f.ruleId), ...r.rulesApplied]));
  return [...(last?.rules.values() ?? [])]
    .filter((r) => used.has(r.id) || r.level !== 'off')
    .map((r) =>
      el(
        'section',
        { class: 'rule', id: `rule-${r.id}`, 'aria-labelledby': `rule-${r.id}-heading`, tabindex: '-1' },
        el('h4', { id: `rule-${r.id}-heading` }, `${r.id}: ${r.description}`),
        el('p', {}, el('strong', {}, 'Why it matters: '), r.rationale),
        el('p', {}, el('strong', {}, 'How to fix a referral that fails it: '), r.fix),
        el('details', {}, el('summary', {}, 'What it checks, exactly'), el('ul', {}, ...r.checks.map((c) => el('li', {}, c)))),
        r.good ? el('details', {}, el('summary', {}, 'What good looks like (an example that passes)'), el('pre', {}, r.good)) : null,
        r.bad ? el('details', {}, el('summary', {}, 'An example that fails'), el('pre', {}, r.bad)) : null,
        el('details', {}, el('summary', {}, 'The full explanation (as the command-line tool\'s explain prints it)'), el('pre', {}, r.explain)),
      ),
    );
}

// ---- wiring ----

function wire(): void {
  const select = $('mapping') as HTMLSelectElement;
  for (const m of READY_MADE) select.append(option(m.name, m.description ? `${m.name}: ${m.description}` : m.name));
  ($('now') as HTMLInputElement).value = nowValue();
  ($('files') as HTMLInputElement).addEventListener('change', (e) => {
    const input = e.target as HTMLInputElement;
    addFiles(input.files ?? []);
    input.value = '';
  });
  ($('config') as HTMLInputElement).addEventListener('change', (e) => setConfig((e.target as HTMLInputElement).files?.[0]));
  ($('remember') as HTMLInputElement).addEventListener('change', () => void remember());
  ($('mapping-file') as HTMLInputElement).addEventListener('change', (e) => setMappingFile((e.target as HTMLInputElement).files?.[0]));
  $('mapping').addEventListener('change', markStale);
  $('now').addEventListener('change', markStale);
  const personal = $('personal') as HTMLInputElement;
  personal.addEventListener('change', () => {
    const warning = $('personal-warning');
    warning.hidden = !personal.checked;
    warning.textContent = personal.checked ? PERSONAL_DATA_WARNING.replace('--include-personal-data', 'Showing personal details').trim() : '';
    // Results made with the other choice no longer match the box: unticked, the personal details must leave the screen.
    if (last && Boolean(last.result.includesPersonalData) !== personal.checked) clearResults();
  });
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    // A folder arrives as an entry that is no file: the page reads files, so it says what to do.
    const folders = [...(e.dataTransfer?.items ?? [])].map((item) => item.webkitGetAsEntry?.()).filter((entry) => entry?.isDirectory).map((entry) => entry!.name);
    const dropped = [...(e.dataTransfer?.files ?? [])].filter((f) => !folders.includes(f.name));
    addFiles(dropped);
    $('drop-folders').textContent = folders.length === 0 ? '' : `${folders.join(', ')}: ${folders.length === 1 ? 'a folder' : 'folders'}. Open ${folders.length === 1 ? 'it' : 'them'} and drop or choose the files inside.`;
  });
  // A file dropped anywhere else would make the browser open it in place of the page.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());
  $('form').addEventListener('submit', (e) => {
    e.preventDefault();
    run();
  });
  for (const id of ['filter-agency', 'filter-rule', 'filter-severity']) $(id).addEventListener('change', () => showReferrals(true));
  $('more').addEventListener('click', () => showReferrals(false));
  // A link to a check moves focus to it, so that a screen reader reads it and Tab goes on from there.
  window.addEventListener('hashchange', () => {
    const target = location.hash.startsWith('#rule-') ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    target?.focus();
  });
  for (const button of document.querySelectorAll<HTMLButtonElement>('.downloads button')) {
    button.addEventListener('click', () => {
      const format = button.dataset.format as PageFormat;
      setStatus(`Making the ${format.toUpperCase()} report…`);
      worker?.postMessage({ kind: 'report', format } satisfies ToWorker);
    });
  }
  restoreConfig();
}

wire();
