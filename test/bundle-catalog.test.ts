// The bundles skip the catalog's schemas only for the exact files their build validated
// (scripts/catalog-checked.mjs). If the digest a bundle carries ever differed from the digest its own
// data has at run time, every run would silently pay full validation again: these tests hold the two equal.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { catalogDigest, shippedCatalogData } from '../packages/shared/src/catalog';
import { checkedCatalogPlugin, validateShippedCatalog } from '../scripts/catalog-checked.mjs';

const root = join(import.meta.dirname, '..');

describe('the catalog a bundle carries', () => {
  it('is stamped with the digest of the shipped files, which the build validated', async () => {
    const digest = catalogDigest(shippedCatalogData());
    expect(await validateShippedCatalog()).toBe(digest);
    for (const bundle of ['packages/agent/dist/coverscan-agent.js', 'packages/collector/dist/coverscan.js'])
      expect(readFileSync(join(root, bundle), 'latin1').includes(digest), bundle).toBe(true);
  });

  it('has at run time, inside a bundle, the digest it was stamped with', async () => {
    const entry = `
      import { checkedDigest } from './packages/shared/src/catalog-checked.ts';
      import { catalogDigest, shippedCatalogData } from './packages/shared/src/catalog.ts';
      console.log(JSON.stringify({ stamped: checkedDigest, runtime: catalogDigest(shippedCatalogData()) }));`;
    const out = await build({
      stdin: { contents: entry, resolveDir: root, loader: 'ts' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      logLevel: 'error',
      plugins: [checkedCatalogPlugin(catalogDigest(shippedCatalogData()))],
    });
    const dir = mkdtempSync(join(tmpdir(), 'coverscan-bundle-catalog-'));
    try {
      writeFileSync(join(dir, 'probe.mjs'), out.outputFiles[0].text);
      const seen = JSON.parse(execFileSync(process.execPath, [join(dir, 'probe.mjs')], { encoding: 'utf8' }));
      expect(seen.stamped).toMatch(/^[0-9a-f]{64}$/);
      expect(seen.runtime).toBe(seen.stamped);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
