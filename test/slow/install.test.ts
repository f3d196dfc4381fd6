// Installing referral-lint as a user does before a release: `npm pack`, then install the
// tarball, then run the installed command, and a plugin in a folder of the analyst's own.
//
// No network at run time. `npm install -g <tgz> --offline` must look up each dependency's
// versions in the registry's metadata, which `npm ci` does not keep in the npm cache (it
// fetches tarballs by the lockfile's URLs), so it fails offline with ENOTCACHED. The test
// instead installs the tarball into a temporary project whose package-lock.json pins
// referral-lint to the tarball and its run-time dependencies as this repository's lockfile
// does: `npm ci --offline` then takes every package from the npm cache that `npm ci` filled.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, useTempDirs, write } from '../temp-files.js';

const tempDir = useTempDirs('install');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npm = (cwd: string, args: string[]): string => execFileSync(NPM, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

interface Lock {
  packages: Record<string, { version?: string; dev?: boolean; devOptional?: boolean; dependencies?: Record<string, string>; [key: string]: unknown }>;
}

describe('npm pack, then install the tarball', () => {
  it('installs a working referral-lint, and a plugin outside any project imports it', () => {
    const work = tempDir();
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; dependencies: Record<string, string> };
    // --ignore-scripts: pack what `npm run build` made, without rebuilding dist/ under other runs.
    npm(ROOT, ['pack', '--ignore-scripts', '--pack-destination', work, '--silent']);
    const tarball = `${manifest.name}-${manifest.version}.tgz`;
    expect(readdirSync(work)).toEqual([tarball]);

    const project = path.join(work, 'project');
    const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as Lock;
    const runtime = Object.entries(lock.packages).filter(([at, entry]) => at !== '' && !entry.dev && !entry.devOptional);
    write(project, 'package.json', JSON.stringify({ name: 'install-check', private: true, dependencies: { [manifest.name]: `file:../${tarball}` } }, null, 2));
    write(
      project,
      'package-lock.json',
      JSON.stringify(
        {
          name: 'install-check',
          lockfileVersion: 3,
          requires: true,
          packages: {
            '': { name: 'install-check', dependencies: { [manifest.name]: `file:../${tarball}` } },
            [`node_modules/${manifest.name}`]: {
              version: manifest.version,
              resolved: `file:../${tarball}`,
              license: 'MIT',
              dependencies: manifest.dependencies,
              bin: { 'referral-lint': 'bin/referral-lint.js' },
              engines: { node: '>=20' },
            },
            ...Object.fromEntries(runtime),
          },
        },
        null,
        2,
      ),
    );
    npm(project, ['ci', '--offline', '--no-audit', '--no-fund', '--loglevel', 'error']);
    const bin = path.join(project, 'node_modules', '.bin', 'referral-lint');

    // The installed command: its version, and the sample export, from another folder.
    expect(execFileSync(bin, ['--version'], { cwd: work, encoding: 'utf8' }).trim()).toBe(manifest.version);
    const lint = spawnSync(bin, [path.join(ROOT, 'fixtures/2026-10-front-door.json'), '--format', 'json', '--now', '2026-11-01T06:00:00Z'], { cwd: work, encoding: 'utf8' });
    expect(lint.status).toBe(1);
    const report = JSON.parse(lint.stdout) as { summary: { referrals: number; errors: number } };
    expect(report.summary.referrals).toBe(24);
    expect(report.summary.errors).toBeGreaterThan(0);

    // An analyst's folder beside the project, not inside it: Node.js finds no referral-lint
    // from the plugin, so the installed referral-lint answers its import.
    const analyst = path.join(work, 'analyst');
    write(analyst, 'referral-lint.config.yaml', 'plugins:\n  - ./rules/mine.js\n');
    write(
      analyst,
      'rules/mine.js',
      "import { defineRule } from 'referral-lint';\n" +
        "export default { name: 'mine', rules: [defineRule({ meta: { id: 'always', description: 'Reports every referral.', dimension: 'completeness', severity: 'warning', " +
        "docs: { checks: ['Every referral.'], rationale: 'A test.', fix: 'None.', sources: [] } }, check(_referral, ctx) { ctx.report({ pointer: '', message: 'seen' }); } })] };\n",
    );
    const rules = spawnSync(bin, ['rules', '--format', 'json'], { cwd: analyst, encoding: 'utf8' });
    expect(rules.stderr).toBe('');
    expect((JSON.parse(rules.stdout) as { id: string }[]).map((r) => r.id)).toContain('mine/always');
    writeFileSync(path.join(analyst, 'one.json'), JSON.stringify((JSON.parse(readFileSync(path.join(ROOT, 'fixtures/2026-10-front-door.json'), 'utf8')) as { referrals: unknown[] }).referrals.slice(0, 1)));
    const run = spawnSync(bin, ['one.json', '--format', 'json', '--now', '2026-11-01T06:00:00Z'], { cwd: analyst, encoding: 'utf8' });
    const findings = (JSON.parse(run.stdout) as { referrals: { findings: { ruleId: string }[] }[] }).referrals[0]!.findings.map((f) => f.ruleId);
    expect(findings).toContain('mine/always');
  });
});
