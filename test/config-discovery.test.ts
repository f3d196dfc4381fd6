// Which config applies: the nearest referral-lint.config.* from the current directory upward,
// to the project's root (a folder with .git or package.json); every report names it (path and
// a sha256 of its bytes), and --baseline warns when the baseline was made under another
// config or rule set.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/run/lint.js';
import { run } from './cli-run.js';
import { cleanReferral, NOW } from './helpers.js';
import { useTempDirs, write } from './temp-files.js';

const tempDir = useTempDirs('config-discovery');
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function project(): string {
  const root = tempDir();
  write(root, 'package.json', '{"name":"an-export-folder","private":true}\n');
  write(root, 'referral-lint.config.yaml', 'rules:\n  child-voice-recorded: off\n');
  mkdirSync(path.join(root, 'sub'));
  write(root, 'sub/jan.json', JSON.stringify([cleanReferral()]));
  return root;
}

describe('the config that applies', () => {
  it('is found from the current directory upward, so a run from a subfolder uses the project config', async () => {
    const root = project();
    const fromRoot = await lint({ paths: ['sub/jan.json'], cwd: root, now: NOW });
    const fromSub = await lint({ paths: ['jan.json'], cwd: path.join(root, 'sub'), now: NOW });
    expect(fromRoot.config).toEqual({ path: 'referral-lint.config.yaml', hash: sha(path.join(root, 'referral-lint.config.yaml')) });
    expect(fromSub.config).toEqual({ path: '../referral-lint.config.yaml', hash: fromRoot.config.hash });
    expect(fromSub.rules.map((r) => r.id)).not.toContain('child-voice-recorded');
    expect(fromSub.rules).toEqual(fromRoot.rules);
  });

  it('is not looked for above the project root', async () => {
    const root = project();
    const inner = path.join(root, 'inner');
    mkdirSync(inner);
    write(inner, 'package.json', '{"name":"inner","private":true}\n');
    write(inner, 'x.json', JSON.stringify([cleanReferral()]));
    const r = await lint({ paths: ['x.json'], cwd: inner, now: NOW });
    expect(r.config).toEqual({ path: null, hash: null });
    expect(r.rules.map((x) => x.id)).toContain('child-voice-recorded');
  });

  it('is named in the stylish summary line, and in SARIF run properties', async () => {
    const root = project();
    const hash = sha(path.join(root, 'referral-lint.config.yaml'));
    const stylish = await run(path.join(root, 'sub'), ['jan.json', '--now', NOW]);
    expect(stylish.stdout).toMatch(new RegExp(`; config \\.\\./referral-lint\\.config\\.yaml \\(sha256 ${hash.slice(0, 12)}\\)\\n`));
    const none = await run(path.join(root, 'sub'), ['jan.json', '--now', NOW, '--config', path.join(root, 'sub', 'jan.json')]);
    expect(none.code).toBe(2); // an export is not a config: the config is validated
    const sarif = await run(path.join(root, 'sub'), ['jan.json', '--now', NOW, '--format', 'sarif']);
    expect(JSON.parse(sarif.stdout).runs[0].properties.config).toEqual({ path: '../referral-lint.config.yaml', hash });
  });

  it('--baseline warns when the baseline was made under another config or rule set', async () => {
    const root = project();
    const before = await lint({ paths: ['sub/jan.json'], cwd: root, now: NOW });
    write(root, 'baseline.json', JSON.stringify(before));
    write(root, 'referral-lint.config.yaml', 'rules:\n  child-voice-recorded: off\n  referral-timely: error\n');
    const after = await lint({ paths: ['sub/jan.json'], cwd: root, now: NOW, baseline: 'baseline.json' });
    expect(after.baseline!.warnings).toEqual([
      'the baseline was made under another config (referral-lint.config.yaml; this run: referral-lint.config.yaml)',
      'the baseline was made under another rule set: referral-timely was warning, now error',
    ]);
    const same = await lint({ paths: ['sub/jan.json'], cwd: root, now: NOW, baseline: 'baseline.json', rules: ['referral-timely:warning'] });
    expect(same.baseline!.warnings).toEqual(['the baseline was made under another config (referral-lint.config.yaml; this run: referral-lint.config.yaml)']);
    const stylish = await run(root, ['sub/jan.json', '--now', NOW, '--baseline', 'baseline.json']);
    expect(stylish.stdout).toContain('⚠ --baseline baseline.json: the baseline was made under another rule set: referral-timely was warning, now error\n');
  });
});
