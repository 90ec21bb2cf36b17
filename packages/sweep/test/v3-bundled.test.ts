// The single-file agent (scripts/package.mjs) is one CommonJS script with no node_modules beside it: a
// v3 sweep there works only if bundling carries net-snmp inside. Bundled the way that script bundles
// (esbuild, cjs, import.meta.url from __filename), run from a directory with no node_modules, v3's
// loader must find net-snmp — createRequire at run time did not.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'v3-bundled-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('a bundle carries net-snmp: v3 loads it with no node_modules around', async () => {
  const entry = join(dir, 'entry.ts');
  writeFileSync(
    entry,
    `import { loadNetSnmp } from ${JSON.stringify(join(import.meta.dirname, '../src/v3'))};
     loadNetSnmp().then(() => console.log('net-snmp loaded'));`,
  );
  const outfile = join(dir, 'alone', 'agent.cjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    define: { 'import.meta.url': '__moduleUrl' },
    banner: { js: 'var __moduleUrl = require("node:url").pathToFileURL(__filename).href;' },
    logLevel: 'error',
  });
  expect(execFileSync(process.execPath, [outfile], { cwd: join(dir, 'alone'), encoding: 'utf8' })).toBe(
    'net-snmp loaded\n',
  );
});
