// `pnpm package`: the single-file agent runs where no Node.js is installed, and the .deb and .rpm
// install it (with its unit, settings and state directory) into a throwaway root and leave nothing
// behind when removed. Real dpkg, rpm and the binary the script builds.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { findSortedLine } from '../packages/agent/src/embedded';
import { inventorySchema } from '../packages/shared/src/index';
// @ts-expect-error: a build script in plain JavaScript, without type declarations
import { lazyRegistryPlugin, ouiTsv, registryParts } from '../scripts/lazy-registry.mjs';

const root = join(import.meta.dirname, '..');
const out = mkdtempSync(join(tmpdir(), 'coverscan-pkg-'));
const version = JSON.parse(readFileSync(join(root, 'packages/agent/package.json'), 'utf8')).version as string;
const exe = join(out, 'coverscan-agent-linux-x64');
const deb = join(out, `coverscan-agent_${version}_amd64.deb`);
const rpm = join(out, `coverscan-agent-${version}.x86_64.rpm`);
const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);

beforeAll(() => {
  for (const tool of ['dpkg-deb', 'rpmbuild', 'rpm'])
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
      throw new Error(`${tool} is not installed (Debian packages dpkg and rpm; .ci/run installs them)`);
  execFileSync(process.execPath, [join(root, 'scripts/package.mjs'), '--out', out], { stdio: 'pipe' });
}, 300_000);

describe('the single-file agent', () => {
  it('runs inventory --json with no Node.js on PATH', () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-node-'));
    const env = { PATH: empty, HOME: empty };
    expect(spawnSync('sh', ['-c', 'command -v node'], { env: { PATH: empty } }).status).not.toBe(0);
    const r = spawnSync(exe, ['inventory', '--json'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(inventorySchema.parse(doc.inventory).host.hostname).toBe(hostname());
    expect(doc.assets[0]).toMatchObject({ kind: 'endpoint', hostname: hostname() });
    expect(spawnSync(exe, ['--version'], { env, encoding: 'utf8' }).stdout.trim()).toBe(version);
    // Its settings checks work the same: one line, EX_CONFIG.
    const bad = spawnSync(
      exe,
      ['once', '--collector', 'http://127.0.0.1:1', '--state-dir', join(empty, 's')],
      {
        env,
        encoding: 'utf8',
      },
    );
    expect(bad.status).toBe(78);
    expect(bad.stderr).toMatch(/^coverscan-agent: --collector must be a ws:\/\/ or wss:\/\/ URL/);
  });

  it('finds every IEEE prefix in the sorted registry it carries, and nothing else', () => {
    const registry = createRequire(join(root, 'packages/agent/package.json'))('oui-data') as Record<
      string,
      string
    >;
    const tsv = Buffer.from(ouiTsv(registry));
    const keys = Object.keys(registry);
    expect(findSortedLine(tsv, '00E0FC')).toMatch(/huawei/i);
    fc.assert(
      fc.property(
        fc.constantFrom(...keys),
        (k) => findSortedLine(tsv, k) === registry[k].split('\n')[0].trim(),
      ),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9A-F]{6,9}$/),
        (k) => k in registry || findSortedLine(tsv, k) === undefined,
      ),
      { numRuns: 2000 },
    );
  });

  it('reads the IANA registry from beside the bundle only when asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lazy-registry-'));
    await build({
      stdin: {
        contents:
          "import { enterpriseRegistrant } from './packages/shared/src/enterprise-registry'; console.log(enterpriseRegistrant('2011'));",
        resolveDir: root,
        loader: 'ts',
      },
      outfile: join(dir, 'probe.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      external: ['oui-data'],
      plugins: [lazyRegistryPlugin('esm')],
      logLevel: 'error',
    });
    const bundle = readFileSync(join(dir, 'probe.mjs'), 'utf8');
    expect(bundle.length).toBeLessThan(400_000); // the 1.7 MB registry is not in it
    writeFileSync(join(dir, 'enterprises.tsv'), registryParts().tsv);
    const r = spawnSync(process.execPath, [join(dir, 'probe.mjs')], { encoding: 'utf8' });
    expect(r.stdout.trim()).toMatch(/huawei/i);
  });
});

describe('the .deb', () => {
  it('installs into a throwaway root with the unit, a root-only config and state, and purges clean', () => {
    const r = mkdtempSync(join(tmpdir(), 'deb-root-'));
    for (const d of ['var/lib/dpkg/info', 'var/lib/dpkg/updates', 'var/lib/dpkg/triggers'])
      mkdirSync(join(r, d), { recursive: true });
    writeFileSync(join(r, 'var/lib/dpkg/status'), '');
    writeFileSync(join(r, 'var/lib/dpkg/available'), '');
    // Maintainer scripts run outside a chroot with DPKG_ROOT set: they touch only files under it.
    const dpkg = (...a: string[]) =>
      execFileSync('dpkg', [`--root=${r}`, '--force-script-chrootless', '--log=/dev/null', ...a], {
        encoding: 'utf8',
      });
    dpkg('-i', deb);
    expect(dpkg('-s', 'coverscan-agent')).toMatch(/Status: install ok installed/);
    expect(mode(join(r, 'usr/bin/coverscan-agent'))).toBe('755');
    expect(mode(join(r, 'etc/coverscan/agent.conf'))).toBe('600');
    expect(mode(join(r, 'var/lib/coverscan-agent'))).toBe('700');
    expect(statSync(join(r, 'var/lib/coverscan-agent')).uid).toBe(0);
    const unit = readFileSync(join(r, 'lib/systemd/system/coverscan-agent.service'), 'utf8');
    expect(unit).toMatch(
      /^ExecStart=\/usr\/bin\/coverscan-agent run --config \/etc\/coverscan\/agent\.conf$/m,
    );
    expect(readFileSync(join(r, 'var/lib/dpkg/info/coverscan-agent.conffiles'), 'utf8')).toBe(
      '/etc/coverscan/agent.conf\n',
    );
    // The installed binary is the single file: it runs.
    expect(execFileSync(join(r, 'usr/bin/coverscan-agent'), ['--version'], { encoding: 'utf8' }).trim()).toBe(
      version,
    );
    dpkg('--purge', 'coverscan-agent');
    for (const p of [
      'usr/bin/coverscan-agent',
      'lib/systemd/system/coverscan-agent.service',
      'etc/coverscan',
      'var/lib/coverscan-agent',
    ])
      expect(existsSync(join(r, p)), p).toBe(false);
  });
});

describe('the .rpm', () => {
  it('holds the same files with the same modes and scripts, and erases clean', () => {
    const r = mkdtempSync(join(tmpdir(), 'rpm-root-'));
    const rpmq = (...a: string[]) =>
      execFileSync('rpm', a, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(rpmq('-qp', '--queryformat', '%{NAME} %{VERSION} %{ARCH}', rpm)).toBe(
      `coverscan-agent ${version} x86_64`,
    );
    const scripts = rpmq('-qp', '--scripts', rpm);
    expect(scripts).toContain('systemctl disable --now coverscan-agent.service');
    expect(scripts).toContain('install -d -m 0700');
    expect(rpmq('-qp', '--configfiles', rpm).trim()).toBe('/etc/coverscan/agent.conf');
    // Scripts are not run here: rpm would run them chrooted into a root with no shell.
    rpmq('--root', r, '--initdb');
    rpmq('--root', r, '-i', '--nodeps', '--noscripts', rpm);
    expect(mode(join(r, 'usr/bin/coverscan-agent'))).toBe('755');
    expect(mode(join(r, 'etc/coverscan/agent.conf'))).toBe('600');
    expect(mode(join(r, 'var/lib/coverscan-agent'))).toBe('700');
    rpmq('--root', r, '-e', '--noscripts', 'coverscan-agent');
    expect(existsSync(join(r, 'lib/systemd/system/coverscan-agent.service'))).toBe(false);
    expect(existsSync(join(r, 'usr/bin/coverscan-agent'))).toBe(false);
  });
});
