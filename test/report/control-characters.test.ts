// Terminal and CI-log injection: a referral id, an agency name, a file name, a plugin rule's
// message or a crashed rule's message holding a line break followed by a workflow command
// (`::error`, `::add-mask::`, `::stop-commands::`), ANSI and OSC escape sequences, or an
// @mention must reach no human-readable report, and no stderr line, raw: each control
// character is shown escaped (src/report/printable.ts), and Markdown names nobody.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/run/lint.js';
import { reporters, stepSummary } from '../../src/report/index.js';
import { printable } from '../../src/report/printable.js';
import { run } from '../cli-run.js';
import { cleanReferral, edit, NOW } from '../helpers.js';
import { useTempDirs, write } from '../temp-files.js';

const tempDir = useTempDirs('control-characters');

/** ESC [2J clears the screen; ESC ]0;…BEL retitles the terminal window. */
const ESCAPES = '\u001b[2J\u001b]0;title\u0007';
const ID = `REF-1\n::error file=x.json,line=1::forged ${ESCAPES} @someone`;
const AGENCY = `Agency\n::add-mask::secret ${ESCAPES} @someone`;
const FILE = `export\n::stop-commands::token ${ESCAPES} @someone.json`;
const PLUGIN_MESSAGE = `plugin says\n::warning::forged ${ESCAPES} @someone`;
const CRASH = `crashed\n::error::forged ${ESCAPES} @someone`;

/** What --include-personal-data adds to the plugin's finding: the value at its pointer. */
const VALUE = ` (value: ${JSON.stringify((cleanReferral().concerns as { summary: string }).summary)})`;

/** How each is shown: every control character escaped. */
const SHOWN = {
  id: String.raw`REF-1\n::error file=x.json,line=1::forged \x1b[2J\x1b]0;title\x07 @someone`,
  agency: String.raw`Agency\n::add-mask::secret \x1b[2J\x1b]0;title\x07 @someone`,
  file: String.raw`export\n::stop-commands::token \x1b[2J\x1b]0;title\x07 @someone.json`,
  message: String.raw`plugin says\n::warning::forged \x1b[2J\x1b]0;title\x07 @someone`,
  crash: String.raw`crashed\n::error::forged \x1b[2J\x1b]0;title\x07 @someone`,
};

/** A plugin with a rule that reports a message holding the payload, and one that throws it. */
const PLUGIN = `
const docs = { checks: ['x'], rationale: 'x', fix: 'x', sources: ['x'] };
const meta = (id) => ({ id, description: id, dimension: 'validity', severity: 'warning', optionsSchema: { type: 'object', additionalProperties: false, properties: {} }, defaultOptions: {}, docs });
export default {
  name: 'hostile',
  rules: [
    { meta: meta('says'), check(_r, ctx) { ctx.report({ pointer: '/concerns/summary', message: ${JSON.stringify(PLUGIN_MESSAGE)} }); } },
    { meta: meta('throws'), check() { throw new Error(${JSON.stringify(CRASH)}); } },
  ],
};
`;

function project(): string {
  const dir = tempDir();
  write(dir, path.join('in', FILE), JSON.stringify([edit(cleanReferral(), { id: ID, 'referrer.agency': AGENCY, mode: 'fax' })]));
  write(dir, 'plugin/index.js', PLUGIN);
  write(dir, 'referral-lint.config.yaml', 'plugins:\n  - ./plugin/\n');
  return dir;
}

// Every control character printable() escapes, bar the line breaks each format writes itself.
// eslint-disable-next-line no-control-regex
const RAW = /[\p{Cc}\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** The text without the format's own line breaks (CRLF in CSV, LF elsewhere) holds no control character. */
function expectNoRawControl(text: string, label: string): void {
  const own = text.replace(/\r\n/g, '').replace(/\n/g, '');
  expect(own.match(RAW)?.[0], label).toBeUndefined();
  // No line of it starts a workflow command but the format's own annotations.
  const forged = text.split(/\r?\n/).filter((line) => /^::(add-mask|stop-commands|warning::forged|error::forged|error file=x\.json)/.test(line));
  expect(forged, label).toEqual([]);
}

describe('printable()', () => {
  it('shows each control character escaped and leaves other text as it is', () => {
    expect(printable(`a\nb\rc\td\u0000e\u001b[2Jf\u007fg\u009bh\u2028i\u202ej\u2066k`)).toBe(String.raw`a\nb\rc\td\x00e\x1b[2Jf\x7fg\x9bh\u2028i\u202ej\u2066k`);
    expect(printable('C:\\exports\\Ocean Road — A&E 🏥 ½')).toBe('C:\\exports\\Ocean Road — A&E 🏥 ½');
    expect(printable('a\r\nb\u001b', { keepLineBreaks: true })).toBe('a\r\nb\\x1b');
  });
});

describe('control characters from the input, in every human-readable format', () => {
  it('stylish: the file header, the findings, the agency table and the plugin message show them escaped', async () => {
    const { stdout } = await run(project(), ['in', '--now', NOW, '--include-personal-data']);
    expectNoRawControl(stdout, 'stylish');
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(path.join('in', SHOWN.file));
    expect(lines.some((l) => l.endsWith(`1:800  warning  ${SHOWN.id}  ${SHOWN.message}${VALUE}  hostile/says`))).toBe(true);
    expect(stdout).toContain(`│ ${SHOWN.agency} │ police`);
  });

  it('github: escaped in annotations, line breaks as the command encodes them (%0A)', async () => {
    const { stdout } = await run(project(), ['in', '--now', NOW, '--include-personal-data', '-f', 'github']);
    expectNoRawControl(stdout, 'github');
    expect(stdout).toContain(
      `\n::warning file=in/export%0A%3A%3Astop-commands%3A%3Atoken \\x1b[2J\\x1b]0;title\\x07 @someone.json,line=1,col=800,title=hostile/says (REF-1%0A%3A%3Aerror file=x.json%2Cline=1%3A%3Aforged \\x1b[2J\\x1b]0;title\\x07 @someone)::plugin says%0A::warning::forged \\x1b[2J\\x1b]0;title\\x07 @someone${VALUE}\n`,
    );
  });

  it('markdown: escaped, line breaks as <br>, and an @mention in a code span so that nobody is notified', async () => {
    const { stdout } = await run(project(), ['in', '--now', NOW, '--include-personal-data', '-f', 'markdown']);
    expectNoRawControl(stdout, 'markdown');
    expect(stdout).toContain('\n| Agency<br>::add-mask::secret \\\\x1b\\[2J\\\\x1b\\]0;title\\\\x07 `@someone` | police |');
    expect(stdout).toContain('\n#### Agency<br>::add-mask::secret \\\\x1b\\[2J\\\\x1b\\]0;title\\\\x07 `@someone`\n');
    // The internal error names the file (a code span) and the referral (escaped text).
    expect(stdout).toContain(`- \`in/${SHOWN.file}\` referral REF-1<br>::error file=x.json,line=1::forged \\\\x1b\\[2J\\\\x1b\\]0;title\\\\x07 \`@someone\` at \`/0\``);
    // Outside code spans, no @mention is left.
    expect(stdout.replace(/`[^`\n]*`/g, '')).not.toContain('@someone');
  });

  it('html: escaped in text and attributes', async () => {
    const { stdout } = await run(project(), ['in', '--now', NOW, '--include-personal-data', '-f', 'html']);
    expectNoRawControl(stdout, 'html');
    expect(stdout).toContain(`data-agency="${SHOWN.agency}"`);
    expect(stdout).toContain(`>${SHOWN.id}<`);
    expect(stdout).toContain(SHOWN.message);
  });

  it('junit: escaped in attributes and text, and the XML is well formed', async () => {
    const { stdout } = await run(project(), ['in', '--now', NOW, '--include-personal-data', '-f', 'junit']);
    expectNoRawControl(stdout, 'junit');
    expect(XMLValidator.validate(stdout)).toBe(true);
    const xml = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testsuite' || name === 'testcase' }).parse(stdout) as {
      testsuites: { testsuite: { '@_name': string; testcase: { '@_name': string; '@_classname': string; '@_file': string; failure?: { '@_message': string; '#text': string }; error?: { '@_message': string } }[] }[] };
    };
    const suite = xml.testsuites.testsuite[0]!;
    expect(suite['@_name']).toBe(SHOWN.agency);
    const says = suite.testcase.find((c) => c['@_name'] === 'hostile/says')!;
    expect([says['@_classname'], says['@_file'], says.failure!['@_message']]).toEqual([`${SHOWN.agency}.${SHOWN.id}`, `in/${SHOWN.file}`, `${SHOWN.message}${VALUE}`]);
    expect(says.failure!['#text']).toBe(`warning in/${SHOWN.file}:1:800 /0/concerns/summary ${SHOWN.message}${VALUE}`);
    expect(suite.testcase.find((c) => c['@_name'] === 'hostile/throws')!.error!['@_message']).toBe(`rule hostile/throws crashed: ${SHOWN.crash}`);
  });

  it.each(['csv', 'csv-agencies'])('%s: escaped in every cell, one line per row', async (format) => {
    const { stdout } = await run(project(), ['in', '--now', NOW, '--include-personal-data', '-f', format]);
    expectNoRawControl(stdout, format);
    const rows = parseCsv(stdout, { columns: true }) as Record<string, string>[];
    expect(stdout.split('\r\n')).toHaveLength(rows.length + 2);
    if (format === 'csv-agencies') {
      expect(rows.map((r) => r.agency)).toEqual([SHOWN.agency]);
      return;
    }
    const says = rows.find((r) => r.rule === 'hostile/says')!;
    expect([says.file, says.referralId, says.agency, says.message]).toEqual([`in/${SHOWN.file}`, SHOWN.id, SHOWN.agency, SHOWN.message]);
    expect(rows.find((r) => r.rule === 'internal-error')!.message).toBe(`rule hostile/throws crashed: ${SHOWN.crash}`);
  });

  it('json and sarif keep the text exactly (JSON escapes control characters itself)', async () => {
    const dir = project();
    const json = await run(dir, ['in', '--now', NOW, '--include-personal-data', '-f', 'json']);
    expectNoRawControl(json.stdout, 'json');
    const report = JSON.parse(json.stdout) as { referrals: { id: string; agency: string; file: string }[] };
    expect(report.referrals.map((r) => [r.id, r.agency, r.file])).toEqual([[ID, AGENCY, `in/${FILE}`]]);
    const sarif = await run(dir, ['in', '--now', NOW, '--include-personal-data', '-f', 'sarif']);
    expectNoRawControl(sarif.stdout, 'sarif');
    expect(sarif.stdout).toContain(JSON.stringify(`${ID}: ${PLUGIN_MESSAGE}${VALUE}`));
  });
});

describe('control characters on stderr', () => {
  it('the internal-error line of a crashed rule shows the id, file and message escaped', async () => {
    const dir = project();
    const asked = await run(dir, ['in', '--now', NOW, '--include-personal-data', '-f', 'json']);
    expect(asked.code).toBe(2);
    expectNoRawControl(asked.stderr, 'stderr');
    expect(asked.stderr).toContain(`\nInternal error: rule hostile/throws crashed on referral ${SHOWN.id} (in/${SHOWN.file} /0): ${SHOWN.crash}\n`);
    const plain = await run(dir, ['in', '--now', NOW, '-f', 'json']);
    expectNoRawControl(plain.stderr, 'stderr');
    expect(plain.stderr).toBe(
      `Internal error: rule hostile/throws crashed on referral ${SHOWN.id} (in/${SHOWN.file} /0): Error (its message is withheld: it may quote the referral; --include-personal-data shows it)\n`,
    );
  });

  it('a usage error (a plugin that fails to load) shows its message escaped', async () => {
    const dir = tempDir();
    write(dir, 'x.json', JSON.stringify(cleanReferral()));
    write(dir, 'bad/index.js', `throw new Error(${JSON.stringify(CRASH)});\n`);
    write(dir, 'referral-lint.config.yaml', 'plugins:\n  - ./bad/\n');
    const { code, stderr } = await run(dir, ['x.json']);
    expect(code).toBe(2);
    expectNoRawControl(stderr, 'stderr');
    expect(stderr).toBe(`referral-lint: plugins in referral-lint.config.yaml: ./bad/ failed to load: ${SHOWN.crash}\n`);
  });

  it('the catch-all internal error line shows its message escaped', async () => {
    const dir = tempDir();
    write(dir, 'x.json', JSON.stringify(cleanReferral()));
    // A job summary that is a folder cannot be appended to: an error the run did not expect.
    const summary = path.join(dir, `summary\n::error::forged ${ESCAPES}`);
    mkdirSync(summary);
    const { code, stderr } = await run(dir, ['x.json', '-f', 'github', '--now', NOW], undefined, { GITHUB_STEP_SUMMARY: summary });
    expect(code).toBe(2);
    expectNoRawControl(stderr, 'stderr');
    expect(stderr).toContain(`referral-lint: internal error: EISDIR: illegal operation on a directory, open '${printable(summary)}'\n`);
  });
});

describe('property: generated text in ids, agency names, file names and messages', () => {
  const HUMAN = ['stylish', 'github', 'markdown', 'html', 'junit', 'csv', 'csv-agencies'] as const;
  // Any code point, and the pieces an attacker would choose.
  const text = fc.string({ unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constantFrom('\n', '\r', '\t', '\u001b', '\u0007', '\u009b', '\u2028', '\u202e', '::error::', '@someone')), maxLength: 12 });

  it('reaches no human-readable report with a raw control character', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(text, text, text, text, fc.boolean(), async (id, agency, label, message, includePersonalData) => {
        const says = { meta: { id: 'says', description: 'Says.', dimension: 'validity' as const, severity: 'warning' as const, optionsSchema: {}, defaultOptions: {}, docs: { checks: ['x'], rationale: 'x', fix: 'x', sources: ['x'] } }, check: (_r: unknown, ctx: { report: (f: { pointer: string; message: string }) => void }) => ctx.report({ pointer: '/concerns/summary', message }) };
        const result = await lint({ referrals: [edit(cleanReferral(), { id, 'referrer.agency': agency, mode: 'fax' })], label, now: NOW, includePersonalData, plugins: [{ name: 'p', rules: [says] }] });
        for (const format of HUMAN) expectNoRawControl(reporters[format]!(result, { quiet: false, color: false }), format);
        expectNoRawControl(stepSummary(result, {}), 'step summary');
      }),
      { seed: 20261130, numRuns: 60 },
    );
  });
});
