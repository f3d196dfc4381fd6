// Plugins: loaded only because a config names them, namespaced, validated, and present in
// rules, explain and every report.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Plugin } from '../src/load/plugins.js';
import { PROMISE_RETURNED } from '../src/engine/engine.js';
import { lint } from '../src/run/lint.js';
import { run, runJson } from './cli-run.js';
import { canaryReferrals, cleanReferral, edit, NOW, otherChild } from './helpers.js';
import { ROOT, useTempDirs, write } from './temp-files.js';
import type { LintResult } from '../src/model/types.js';

const tempDir = useTempDirs('plugins');
const LOCAL_PLUGIN = path.join(ROOT, 'fixtures/plugins/local/');
const RULE = 'local/interpreter-language-stated';

/** Two referrals that fail the example plugin's rule (the child's language; a carer's) and one that passes it. */
const interpreterExport = () => [
  otherChild('REF-I1', { 'child.interpreterNeeded': true, 'child.firstLanguage': 'English' }),
  edit(otherChild('REF-I2'), { carers: [{ name: 'Carer Example', relationship: 'mother', parentalResponsibility: true, interpreterNeeded: true }] }),
  otherChild('REF-I3', { 'child.interpreterNeeded': true, 'child.firstLanguage': 'Tigrinya' }),
];

/** A folder with the interpreter export and a config naming the example plugin by absolute path. */
function project(config = `plugins:\n  - ${JSON.stringify(LOCAL_PLUGIN)}\n`): string {
  const dir = tempDir();
  write(dir, 'export.json', JSON.stringify(interpreterExport(), null, 2));
  write(dir, 'referral-lint.config.yaml', config);
  return dir;
}

/** A plugin package in the folder's node_modules; its rule is a plain object, not made with defineRule. */
function installPackage(dir: string, name: string, index: string): void {
  write(dir, `node_modules/${name}/package.json`, JSON.stringify({ name, version: '2.3.4', type: 'module', main: 'index.js' }));
  write(dir, `node_modules/${name}/index.js`, index);
}

const PLAIN_RULE = `{
  meta: {
    id: 'gp-practice-named', description: "The referral names the child's GP practice.", dimension: 'completeness', severity: 'error',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} }, defaultOptions: {},
    docs: { checks: ['child.gpPractice is stated.'], rationale: 'Health information is asked of the GP.', fix: 'Name the practice.', sources: ['Local practice'] },
  },
  check(referral, ctx) { if (referral.child?.gpPractice === undefined) ctx.report({ pointer: '/child/gpPractice', message: 'child.gpPractice is missing' }); },
}`;

describe('a local plugin named by the config', () => {
  it('runs its rule under the namespaced id, with findings at exact pointers', async () => {
    const dir = project();
    const { code, report } = await runJson(dir, ['export.json']);
    expect(code).toBe(0); // warnings only
    const findings = report.referrals.flatMap((r) => r.findings.filter((f) => f.ruleId === RULE).map((f) => [r.id, f.pointer, f.severity]));
    expect(findings).toEqual([
      ['REF-I1', '/0/child/firstLanguage', 'warning'],
      ['REF-I2', '/1/carers/0/languages', 'warning'],
    ]);
    expect(report.rules.find((r) => r.id === RULE)).toEqual({ id: RULE, dimension: 'completeness', severity: 'warning', weight: 1, penalty: 5, applicable: 3, failed: 2 });
  });

  it('appears in rules and explain, and in --print-config without a version (a local module has none of its own)', async () => {
    const dir = project();
    const printed = JSON.parse((await run(dir, ['--print-config', 'export.json'])).stdout) as { plugins: unknown[] };
    expect(printed.plugins).toEqual([{ name: 'local', spec: LOCAL_PLUGIN }]);
    const rules = JSON.parse((await run(dir, ['rules', '--format', 'json'])).stdout) as { id: string; severity: string }[];
    expect(rules.map((r) => r.id)).toContain(RULE);
    const explained = await run(dir, ['explain', RULE]);
    expect(explained.code).toBe(0);
    expect(explained.stdout).toContain('When the child or a carer needs an interpreter, the referral says in which language.');
  });

  it('appears in the SARIF rules, the JUnit cases and the CSV rows', async () => {
    const dir = project();
    const sarif = JSON.parse((await run(dir, ['export.json', '-f', 'sarif', '--now', NOW])).stdout) as { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string }[] }[] };
    expect(sarif.runs[0]!.tool.driver.rules.map((r) => r.id)).toContain(RULE);
    expect(sarif.runs[0]!.results.filter((r) => r.ruleId === RULE)).toHaveLength(2);
    expect((await run(dir, ['export.json', '-f', 'junit', '--now', NOW])).stdout).toContain(`name="${RULE}"`);
    expect((await run(dir, ['export.json', '-f', 'csv', '--now', NOW])).stdout.split('\n').filter((l) => l.includes(RULE))).toHaveLength(2);
  });

  it('offers presets: extends local/strict makes its rule an error', async () => {
    const dir = project(`plugins:\n  - ${JSON.stringify(LOCAL_PLUGIN)}\nextends: [recommended, local/strict]\n`);
    const { code, report } = await runJson(dir, ['export.json']);
    expect(code).toBe(1);
    expect(report.rules.find((r) => r.id === RULE)?.severity).toBe('error');
  });

  it('is found relative to the config file, not the current directory', async () => {
    const dir = tempDir();
    write(dir, 'sub/export.json', JSON.stringify(interpreterExport()));
    write(dir, 'sub/plugin/index.js', `export { default } from ${JSON.stringify(path.join(LOCAL_PLUGIN, 'index.js'))};\n`);
    write(dir, 'sub/lint.config.yaml', 'plugins:\n  - ./plugin/\n');
    const { code, report } = await runJson(dir, ['sub/export.json', '-c', 'sub/lint.config.yaml']);
    expect(code).toBe(0);
    expect(report.rules.map((r) => r.id)).toContain(RULE);
  });
});

describe('an installed plugin package', () => {
  it('is found by its short name, namespaces a bare id, and is validated like a built-in rule', async () => {
    const dir = project('plugins:\n  - demo\n');
    installPackage(dir, 'referral-lint-plugin-demo', `export const rules = [${PLAIN_RULE}];\n`);
    const { code, report } = await runJson(dir, ['export.json']);
    expect(code).toBe(1);
    expect(report.referrals.map((r) => r.findings.filter((f) => f.ruleId === 'demo/gp-practice-named').map((f) => [f.pointer, f.severity]))).toEqual([
      [['/0/child/gpPractice', 'error']],
      [['/1/child/gpPractice', 'error']],
      [['/2/child/gpPractice', 'error']],
    ]);
  });

  it('is found by its full package name too', async () => {
    const dir = project('plugins:\n  - referral-lint-plugin-demo\n');
    installPackage(dir, 'referral-lint-plugin-demo', `export default { rules: [${PLAIN_RULE}] };\n`);
    const rules = JSON.parse((await run(dir, ['rules', '--format', 'json'])).stdout) as { id: string }[];
    expect(rules.map((r) => r.id)).toContain('demo/gp-practice-named');
    const printed = JSON.parse((await run(dir, ['--print-config', 'export.json'])).stdout) as { plugins: unknown[] };
    expect(printed.plugins).toEqual([{ name: 'demo', spec: 'referral-lint-plugin-demo', version: '2.3.4' }]);
  });
});

describe('a plugin that cannot be used is a configuration error (exit 2)', () => {
  const cases: [string, (dir: string) => void, string, RegExp][] = [
    ['a path that does not exist', () => undefined, 'plugins:\n  - ./missing/\n', /plugins in referral-lint\.config\.yaml: \.\/missing\/ does not exist/],
    ['a package that is not installed', () => undefined, 'plugins:\n  - absent\n', /cannot find absent \(package referral-lint-plugin-absent\); install it with npm install --save-dev referral-lint-plugin-absent/],
    ['a module that throws while loading', (dir) => write(dir, 'bad/index.js', "throw new Error('plugin broke');\n"), 'plugins:\n  - ./bad/\n', /\.\/bad\/ failed to load: plugin broke/],
    ['a module without rules', (dir) => write(dir, 'empty/index.js', 'export default { name: "empty" };\n'), 'plugins:\n  - ./empty/\n', /plugin \.\/empty\/: exports no rules/],
    [
      'a rule without docs or a check',
      (dir) => write(dir, 'thin/index.js', "export default { rules: [{ meta: { id: 'thin', description: 'x', dimension: 'completeness', severity: 'error', optionsSchema: {}, defaultOptions: {} } }] };\n"),
      'plugins:\n  - ./thin/\n',
      /plugin \.\/thin\/: rule thin is not valid:\n {2}meta\.docs must say what the rule checks.*\n {2}needs a check or a batch function/,
    ],
    [
      'a rule in another plugin\'s namespace',
      (dir) => write(dir, 'other/index.js', `const r = ${PLAIN_RULE}; r.meta.id = 'someone-else/x';\nexport default { name: 'other', rules: [r] };\n`),
      'plugins:\n  - ./other/\n',
      /plugin \.\/other\/: rule someone-else\/x has the namespace of another plugin \(expected other\/\.\.\.\)/,
    ],
    [
      'two plugins with one name',
      (dir) => {
        write(dir, 'one/index.js', `export default { name: 'twin', rules: [${PLAIN_RULE}] };\n`);
        write(dir, 'two/index.js', `export default { name: 'twin', rules: [] };\n`);
      },
      'plugins:\n  - ./one/\n  - ./two/\n',
      /\.\/one\/ and \.\/two\/ are both called twin/,
    ],
  ];
  it.each(cases)('%s', async (_name, setUp, config, message) => {
    const dir = project(config);
    setUp(dir);
    const { code, stdout, stderr } = await run(dir, ['export.json']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace without --debug
  });
});

describe('trust: nothing inside a referral file loads code', () => {
  it('ignores plugins named inside a referral or an export envelope', async () => {
    const dir = tempDir();
    const marker = path.join(dir, 'loaded.txt');
    write(dir, 'evil/index.js', `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'loaded');\nexport default { rules: [] };\n`);
    write(dir, 'export.json', JSON.stringify({ export: { plugins: ['./evil/'] }, referrals: [edit(cleanReferral(), { plugins: ['./evil/'], extends: 'evil/all' })] }));
    const { code, report } = await runJson(dir, ['export.json']);
    expect(code).toBe(0);
    expect(report.summary.referrals).toBe(1);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('plugins through the API', () => {
  it('lint() takes plugin objects, validated and namespaced like those a config names', async () => {
    const { default: local } = (await import(path.join(LOCAL_PLUGIN, 'index.js'))) as { default: Plugin };
    const result = await lint({ referrals: interpreterExport(), label: 'mem.json', now: NOW, plugins: [{ ...local, name: 'mine' }] });
    expect(result.rules.find((r) => r.id === 'mine/interpreter-language-stated')).toMatchObject({ applicable: 3, failed: 2 });
    await expect(lint({ referrals: [], plugins: [{ rules: [] }] })).rejects.toThrow('plugin #1 given to lint(): its name undefined must be lower-case words joined by hyphens');
  });
});

/** The real command in a child process: an unhandled rejection would end it with exit 1 and its message on stderr. */
function cli(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'bin/referral-lint.js'), ...args], { cwd }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: unknown }).code) : 0, stdout, stderr });
    });
  });
}

describe('a plugin rule that breaks the rule contract crashes alone, the same in every thread', () => {
  // Each rule quotes the child's name where a careless rule would: in an exception's message
  // or name, or in a rejection. None of it may reach a report or the terminal.
  const HOSTILE_PLUGIN = `
const meta = (id) => ({ id, description: 'x', dimension: 'validity', severity: 'warning', optionsSchema: { type: 'object' }, defaultOptions: {}, docs: { checks: ['x'], rationale: 'x', fix: 'x', sources: [] } });
const named = (r) => 'cannot read ' + r.child.givenName;
export default { name: 'hostile', rules: [
  { meta: meta('async-check'), async check(r, ctx) { await null; ctx.report({ pointer: '/id', message: 'reported after the rule returned' }); throw new Error(named(r)); } },
  { meta: meta('async-applies'), async applies(r) { throw new Error(named(r)); }, check() {} },
  { meta: meta('returns-promise'), check(r) { return Promise.reject(new Error(named(r))); } },
  { meta: meta('async-batch'), batch() { return { async check(r) { throw new Error(named(r)); } }; } },
  { meta: meta('names-its-error'), check(r) { const e = new Error('x'); e.name = r.child.givenName; throw e; } },
  { meta: meta('throwing-getters'), check(r) { throw Object.create(Error.prototype, { name: { get() { throw new Error(named(r)); } }, message: { get() { throw new Error(named(r)); } } }); } },
  { meta: meta('number-message'), check(r, ctx) { ctx.report({ pointer: '/child/givenName', message: 456 }); } },
  { meta: meta('bad-pointer'), check(r, ctx) { ctx.report({ pointer: 'child', message: 'child is odd' }); } },
  // Both referrals then look like one child (by NHS number) to unique-referral, which reads them after this rule with --jobs 2.
  { meta: meta('writes-document'), check(r, ctx) { ctx.document.child.nhsNumber = '401 023 2137'; } },
] };
`;
  const WITHHELD = '(its message is withheld: it may quote the referral; --include-personal-data shows it)';
  const crashes: [string, string][] = [
    ['async-check', PROMISE_RETURNED],
    ['async-applies', PROMISE_RETURNED],
    ['returns-promise', PROMISE_RETURNED],
    ['async-batch', PROMISE_RETURNED],
    ['names-its-error', `Error ${WITHHELD}`],
    ['throwing-getters', `Error ${WITHHELD}`],
    ['number-message', 'reported a finding whose message is not non-empty text'],
    ['bad-pointer', 'reported a finding whose pointer is not a JSON Pointer (text, empty or starting with "/", with "~" only as ~0 or ~1)'],
    ['writes-document', `TypeError ${WITHHELD}`],
  ];

  it.each([1, 2])('--jobs %i: each crash is reported with its rule and referral, without its message, and the run exits 2', async (jobs) => {
    const { valid, MARKERS } = canaryReferrals();
    const dir = tempDir();
    write(dir, 'hostile.mjs', HOSTILE_PLUGIN);
    write(dir, 'referral-lint.config.yaml', 'plugins:\n  - ./hostile.mjs\n');
    // The same agency and day as the canary referral, a different child.
    write(dir, 'export.json', JSON.stringify([valid, edit(cleanReferral(), { id: 'REF-PD-2', 'child.nhsNumber': '943 476 5919' })]));
    const { code, stdout, stderr } = await cli(dir, ['export.json', '--now', NOW, '--jobs', String(jobs), '-f', 'json', '-o', 'report.json', '-f', 'github']);
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as LintResult;
    const leaks = (text: string): string[] => MARKERS.filter((m) => text.includes(m));
    expect(leaks(stdout + stderr + JSON.stringify(report))).toEqual([]);
    expect(code).toBe(2);
    const expected = ['REF-PD-1', 'REF-PD-2'].flatMap((id, i) => crashes.map(([rule, message]) => ({ ruleId: `hostile/${rule}`, referralId: id, file: 'export.json', pointer: `/${i}`, message })));
    expect(report.internalErrors).toEqual(expected);
    expect(stderr.trim().split('\n')).toEqual(expected.map((e) => `Internal error: rule ${e.ruleId} crashed on referral ${e.referralId} (export.json ${e.pointer}): ${e.message}`));
    // No finding from the late report, none from the rewritten document (unique-referral), none invalid.
    expect(report.referrals.flatMap((r) => r.findings.filter((f) => f.ruleId.startsWith('hostile/') || f.ruleId === 'unique-referral'))).toEqual([]);
    expect(stdout).toContain('::error file=export.json,title=internal-error (hostile/number-message)::rule hostile/number-message crashed on referral REF-PD-1 at /0: its score is incomplete');
  });

  it('keeps the message of an error the rule threw with --include-personal-data, never a rejection\'s', async () => {
    const { valid } = canaryReferrals();
    const dir = tempDir();
    write(dir, 'hostile.mjs', HOSTILE_PLUGIN);
    write(dir, 'referral-lint.config.yaml', 'plugins:\n  - ./hostile.mjs\n');
    write(dir, 'export.json', JSON.stringify([valid]));
    const { code, report } = await runJson(dir, ['export.json', '--include-personal-data']);
    expect(code).toBe(2);
    expect(Object.fromEntries(report.internalErrors.map((e) => [e.ruleId.slice('hostile/'.length), e.message]))).toEqual({
      'async-check': PROMISE_RETURNED,
      'async-applies': PROMISE_RETURNED,
      'returns-promise': PROMISE_RETURNED,
      'async-batch': PROMISE_RETURNED,
      'names-its-error': 'x',
      'throwing-getters': 'Error (its message could not be read)',
      'number-message': 'reported a finding whose message is not non-empty text',
      'bad-pointer': 'reported a finding whose pointer is not a JSON Pointer (text, empty or starting with "/", with "~" only as ~0 or ~1)',
      'writes-document': "Cannot assign to read only property 'nhsNumber' of object '#<Object>'",
    });
  });
});

describe('a plugin rule whose stray work fails after it returned', () => {
  // A promise the rule neither returns nor waits for: it rejects with the child's name after the rule's turn.
  const STRAY_PLUGIN = `
const meta = { id: 'floats', description: 'x', dimension: 'validity', severity: 'warning', optionsSchema: { type: 'object' }, defaultOptions: {}, docs: { checks: ['x'], rationale: 'x', fix: 'x', sources: [] } };
export default { name: 'stray', rules: [{ meta, check(r) { Promise.reject(new Error('cannot read ' + r.child.givenName)); } }] };
`;
  it.each([1, 2])('--jobs %i: ends the run as an internal error (exit 2), its message withheld', async (jobs) => {
    const { valid, MARKERS } = canaryReferrals();
    const dir = tempDir();
    write(dir, 'stray.mjs', STRAY_PLUGIN);
    write(dir, 'referral-lint.config.yaml', 'plugins:\n  - ./stray.mjs\n');
    write(dir, 'export.json', JSON.stringify([valid]));
    const { code, stdout, stderr } = await cli(dir, ['export.json', '--now', NOW, '--jobs', String(jobs), '-f', 'csv-agencies']);
    expect(MARKERS.filter((m) => (stdout + stderr).includes(m))).toEqual([]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'referral-lint: internal error: work left running failed after it had returned (a promise nothing waited for, or a timer; a plugin\'s rule is the likely cause), ' +
        'so no rule or referral can be named: Error (its message is withheld: it may quote the referral; --include-personal-data shows it)\n(run with --debug for details)\n',
    );
  });
});
