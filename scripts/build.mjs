// Bundles each command line into one ESM file so it starts without a TypeScript loader.
// Our workspace code (and the shared core's data) is bundled; npm dependencies stay external
// and resolve from the package's own node_modules, except those a target lists as `bundled`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { build } from 'esbuild';
import { asciiOnly } from './ascii-only.mjs';
import { checkedCatalogPlugin, validateShippedCatalog } from './catalog-checked.mjs';
import { lazyRegistryPlugin, registryParts } from './lazy-registry.mjs';

const targets = [
  // The agent reads the IANA registry from a file beside it, on first use (see lazy-registry.mjs).
  // The dependencies every run imports are bundled too: loaded from node_modules, commander (CommonJS,
  // so Node's CommonJS loader and export lexer) and csv-stringify (six ES module files) cost
  // `inventory --json` 4.7 MB of peak RSS (62.5 -> 57.8 MB, 2026-11-30). The ones loaded only when
  // used (systeminformation, plist, ws) stay outside, where a run that needs none never reads them.
  {
    pkg: 'agent',
    entry: 'src/cli.ts',
    out: 'dist/coverscan-agent.js',
    lazyRegistry: true,
    bundled: ['commander', 'csv-stringify'],
  },
  { pkg: 'collector', entry: 'src/cli.ts', out: 'dist/coverscan.js' },
];

const catalogDigest = await validateShippedCatalog();

for (const t of targets) {
  const dir = `packages/${t.pkg}`;
  const manifest = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8'));
  const external = Object.keys(manifest.dependencies ?? {}).filter(
    (d) => !d.startsWith('@coverscan/') && !t.bundled?.includes(d),
  );
  const result = await build({
    entryPoints: [`${dir}/${t.entry}`],
    outfile: `${dir}/${t.out}`,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: [...external, 'bufferutil', 'utf-8-validate'],
    banner: {
      js: "#!/usr/bin/env node\nimport { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    legalComments: 'none',
    logLevel: 'warning',
    write: false,
    plugins: [checkedCatalogPlugin(catalogDigest), ...(t.lazyRegistry ? [lazyRegistryPlugin('esm')] : [])],
  });
  if (t.lazyRegistry) {
    mkdirSync(`${dir}/dist`, { recursive: true });
    writeFileSync(`${dir}/dist/enterprises.tsv`, registryParts().tsv);
  }
  for (const f of result.outputFiles) {
    mkdirSync(dirname(f.path), { recursive: true });
    writeFileSync(f.path, asciiOnly(f.text), { mode: 0o755 });
  }
}
