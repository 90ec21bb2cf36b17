// pnpm as a newcomer meets it in this repository: when it fails it says why (the project's pnpm
// settings do not silence it), and `pnpm coverscan` passes coverscan's exit code through.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './collector-process';

const pnpm = (cwd: string, ...args: string[]) => {
  const r = spawnSync('pnpm', args, { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
};

describe('pnpm says why it failed', () => {
  it('a script run from the wrong directory', () => {
    const r = pnpm(join(root, 'packages/collector'), 'coverscan', '--version');
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/"coverscan" not found/);
  }, 60_000);

  it('a script that does not exist', () => {
    const r = pnpm(root, 'run', 'no-such-script');
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/no-such-script/);
  }, 60_000);

  it('an install that fails, under the repository’s pnpm settings', () => {
    // A project with this repository's settings files and no lockfile: a frozen install must refuse,
    // and say so. (The repository's own install cannot be broken safely while other tests use it.)
    const dir = mkdtempSync(join(tmpdir(), 'coverscan-pnpm-'));
    for (const f of ['.npmrc', 'pnpm-workspace.yaml'])
      if (existsSync(join(root, f))) copyFileSync(join(root, f), join(dir, f));
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'x', private: true, dependencies: { zod: '^4' } }),
    );
    const r = pnpm(dir, 'install', '--frozen-lockfile', '--offline');
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/pnpm-lock\.yaml|lockfile/i);
  }, 60_000);
});

describe('pnpm coverscan', () => {
  it('passes coverscan check’s exit code and message through', () => {
    const r = pnpm(root, 'coverscan', 'check', '127.0.0.1');
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/is an IP address/);
  }, 60_000);
});
