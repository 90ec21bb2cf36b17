// esbuild plugin for every bundle: validates the shipped catalog at build time (a bad entry fails the
// build with its path) and stamps the bundle with the digest of what it validated, so a run whose
// files still have that digest indexes them without running the schemas again (~100 ms and the
// schemas' warm-up out of every agent run; packages/shared/src/catalog.ts, shippedCatalog).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** Validates the shipped catalog files with the shared core's own code; returns their digest. */
export async function validateShippedCatalog() {
  const entry = `export { buildCatalogFrom, catalogDigest, shippedCatalogData } from './packages/shared/src/catalog.ts';`;
  const out = await build({
    stdin: { contents: entry, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    logLevel: 'warning',
  });
  const dir = mkdtempSync(join(tmpdir(), 'coverscan-catalog-'));
  try {
    const file = join(dir, 'check.mjs');
    writeFileSync(file, out.outputFiles[0].text);
    const m = await import(pathToFileURL(file).href);
    const data = m.shippedCatalogData();
    m.buildCatalogFrom(data); // throws CatalogError naming every bad entry
    return m.catalogDigest(data);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function checkedCatalogPlugin(digest) {
  return {
    name: 'checked-catalog',
    setup(b) {
      b.onLoad({ filter: /shared[\\/]src[\\/]catalog-checked\.ts$/ }, () => ({
        contents: `export const checkedDigest = ${JSON.stringify(digest)};`,
        loader: 'js',
      }));
    },
  };
}
