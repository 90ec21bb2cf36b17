// `pnpm package`: the agent as one file that needs nothing installed, and the packages a fleet tool
// pushes, in dist/packages/:
//   coverscan-agent-linux-x64                 Node single executable application (node:sea)
//   coverscan-agent_<version>_amd64.deb       dpkg-deb (Debian's own packager)
//   coverscan-agent-<version>.x86_64.rpm      rpmbuild (RPM's own; Debian package "rpm")
// `--out DIR` writes elsewhere; `--sea-only` stops after the single file.
//
// The single file is this machine's `node` binary with the agent injected (postject, the tool Node's
// documentation uses) as a CommonJS bundle of the agent and every dependency, plus two assets: the IEEE
// registry as a sorted TSV and the IANA enterprise registry. The same recipe builds the other platforms
// on a machine of that platform (see packages/agent/README.md, "One file per platform").
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { asciiOnly } from './ascii-only.mjs';
import { checkedCatalogPlugin, validateShippedCatalog } from './catalog-checked.mjs';
import { lazyRegistryPlugin, ouiTsv, registryParts } from './lazy-registry.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = resolve(outAt >= 0 ? args[outAt + 1] : 'dist/packages');
const seaOnly = args.includes('--sea-only');
const version = JSON.parse(readFileSync('packages/agent/package.json', 'utf8')).version;
const work = mkdtempSync(join(tmpdir(), 'coverscan-package-'));
const agentRequire = createRequire(join(root, 'packages/agent/package.json'));
mkdirSync(out, { recursive: true });

const step = (m) => console.log(`package: ${m}`);
const run = (file, argv, opts = {}) =>
  execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'inherit'], ...opts });

// 1. One CommonJS file with every dependency (a single executable's main script must be CommonJS).
step('bundling the agent');
const bundled = await build({
  entryPoints: ['packages/agent/src/cli.ts'],
  write: false,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // ws loads these optional native speed-ups when present and runs without them; oui-data is the
  // registry the single file carries as an asset instead.
  external: ['bufferutil', 'utf-8-validate', 'oui-data'],
  // The ESM sources' import.meta.url, as a CommonJS file knows it.
  define: { 'import.meta.url': '__moduleUrl' },
  banner: { js: 'var __moduleUrl = require("node:url").pathToFileURL(__filename).href;' },
  plugins: [checkedCatalogPlugin(await validateShippedCatalog()), lazyRegistryPlugin('cjs')],
  legalComments: 'none',
  // V8 holds the whole script (2.0 MB as written, 1.2 MB without layout; names are kept, so stack
  // traces still name functions): ~2 MB less peak RSS for every run of the single file.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'error',
});
// ASCII, as the other bundles (ascii-only.mjs): the single file's 2 MB script held as a two-byte string
// cost it ~4 MB more than the bundle run by node.
writeFileSync(join(work, 'agent.cjs'), asciiOnly(bundled.outputFiles[0].text));

// 2. Assets: the registries, in the forms the agent looks them up in without parsing them whole.
step('writing the registries');
writeFileSync(join(work, 'oui.tsv'), ouiTsv(agentRequire('oui-data')));
writeFileSync(join(work, 'enterprises.tsv'), registryParts().tsv);

// 3. The preparation blob, injected into a copy of this node binary.
step('building the single executable');
writeFileSync(
  join(work, 'sea-config.json'),
  JSON.stringify({
    main: join(work, 'agent.cjs'),
    output: join(work, 'sea.blob'),
    disableExperimentalSEAWarning: true,
    // Compiled once here instead of on every start.
    useCodeCache: true,
    assets: { 'oui.tsv': join(work, 'oui.tsv'), 'enterprises.tsv': join(work, 'enterprises.tsv') },
  }),
);
run(process.execPath, ['--experimental-sea-config', join(work, 'sea-config.json')]);
const exe = join(out, 'coverscan-agent-linux-x64');
rmSync(exe, { force: true });
copyFileSync(process.execPath, exe);
chmodSync(exe, 0o755);
const postject = join(
  dirname(createRequire(import.meta.url).resolve('postject/package.json')),
  'dist',
  'cli.js',
);
run(process.execPath, [
  postject,
  exe,
  'NODE_SEA_BLOB',
  join(work, 'sea.blob'),
  '--sentinel-fuse',
  'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2',
]);
step(`${exe}`);

if (!seaOnly) {
  // 4. The installed layout both packages share.
  const stage = join(work, 'root');
  const put = (path, text, mode) => {
    mkdirSync(dirname(join(stage, path)), { recursive: true });
    writeFileSync(join(stage, path), text, { mode });
    chmodSync(join(stage, path), mode);
  };
  const svc = 'packages/agent/service';
  mkdirSync(join(stage, 'usr/bin'), { recursive: true });
  copyFileSync(exe, join(stage, 'usr/bin/coverscan-agent'));
  chmodSync(join(stage, 'usr/bin/coverscan-agent'), 0o755);
  put('lib/systemd/system/coverscan-agent.service', readFileSync(`${svc}/coverscan-agent.service`), 0o644);
  put('etc/coverscan/agent.conf', readFileSync(`${svc}/agent.conf`), 0o600);
  mkdirSync(join(stage, 'var/lib/coverscan-agent'), { recursive: true, mode: 0o700 });
  chmodSync(join(stage, 'var/lib/coverscan-agent'), 0o700);
  const scripts = Object.fromEntries(
    ['postinst', 'prerm', 'postrm'].map((s) => [s, readFileSync(`${svc}/package-${s}.sh`, 'utf8')]),
  );

  // 5. .deb with dpkg-deb.
  step('building the .deb');
  const deb = join(work, 'deb');
  run('cp', ['-a', `${stage}/.`, deb]);
  const size = Number(run('du', ['-sk', deb]).toString().split('\t')[0]);
  mkdirSync(join(deb, 'DEBIAN'));
  writeFileSync(
    join(deb, 'DEBIAN/control'),
    [
      'Package: coverscan-agent',
      `Version: ${version}`,
      'Architecture: amd64',
      'Maintainer: coverscan <coverscan@localhost>',
      `Installed-Size: ${size}`,
      'Section: admin',
      'Priority: optional',
      'Description: coverscan endpoint agent',
      ' Inventories this machine (hardware, peripherals, software) and reports it to a coverscan',
      ' collector, which finds equipment of vendors on US restriction lists. One self-contained',
      ' binary: no Node.js needed.',
      '',
    ].join('\n'),
  );
  writeFileSync(join(deb, 'DEBIAN/conffiles'), '/etc/coverscan/agent.conf\n');
  for (const [s, text] of Object.entries(scripts)) {
    writeFileSync(join(deb, 'DEBIAN', s), text);
    chmodSync(join(deb, 'DEBIAN', s), 0o755);
  }
  const debFile = join(out, `coverscan-agent_${version}_amd64.deb`);
  // gzip: xz took minutes for the 100 MB binary and saved a tenth of the size.
  run('dpkg-deb', ['--root-owner-group', '-Zgzip', '-z6', '--build', deb, debFile]);
  step(debFile);

  // 6. .rpm with rpmbuild, from the same staged files and scripts.
  step('building the .rpm');
  const top = join(work, 'rpm');
  mkdirSync(join(top, 'SPECS'), { recursive: true });
  const sh = (name) =>
    `%${name}\n${scripts[name === 'post' ? 'postinst' : name === 'preun' ? 'prerm' : 'postrm']}`;
  writeFileSync(
    join(top, 'SPECS/coverscan-agent.spec'),
    [
      'Name: coverscan-agent',
      `Version: ${version}`,
      'Release: 1',
      'Summary: coverscan endpoint agent',
      'License: Proprietary',
      'BuildArch: x86_64',
      'AutoReqProv: no',
      '%description',
      'Inventories this machine and reports it to a coverscan collector. One self-contained binary.',
      // The binary is a copy of node with a payload: stripping it would drop the payload.
      '%global __os_install_post %{nil}',
      '%global debug_package %{nil}',
      // gzip level 6: rpm's default (zstd level 19) took minutes for the 100 MB binary.
      '%global _binary_payload w6.gzdio',
      '%install',
      `cp -a ${stage}/. %{buildroot}/`,
      '%files',
      '%attr(0755,root,root) /usr/bin/coverscan-agent',
      '%attr(0644,root,root) /lib/systemd/system/coverscan-agent.service',
      '%dir %attr(0755,root,root) /etc/coverscan',
      '%config(noreplace) %attr(0600,root,root) /etc/coverscan/agent.conf',
      '%dir %attr(0700,root,root) /var/lib/coverscan-agent',
      // rpm passes $1 (how many remain installed) where dpkg passes an action: the scripts take both.
      sh('post'),
      sh('preun'),
      sh('postun'),
      '',
    ].join('\n'),
  );
  run('rpmbuild', ['-bb', '--quiet', '--define', `_topdir ${top}`, join(top, 'SPECS/coverscan-agent.spec')]);
  const rpmFile = join(out, `coverscan-agent-${version}.x86_64.rpm`);
  copyFileSync(join(top, 'RPMS/x86_64', `coverscan-agent-${version}-1.x86_64.rpm`), rpmFile);
  step(rpmFile);
}
rmSync(work, { recursive: true, force: true });
