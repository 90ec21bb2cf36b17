// A package's runtime dependencies are what its code loads: one listed but loaded nowhere is installed,
// audited and shipped for nothing (asn1-ber sat in the collector's list after net-snmp took over BER).
// An app's bundle inlines the workspace packages it depends on and keeps their npm dependencies external
// (scripts/build.mjs), so the app lists those too: its code is its own plus its workspace packages'.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
// Loaded by another dependency, not by our code: ws requires bufferutil itself when it is installed.
const loadedByOthers = new Set(['bufferutil']);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sources(path);
    return /\.(ts|mts|js|mjs)$/.test(name) ? [path] : [];
  });
}

describe('declared dependencies', () => {
  for (const pkg of readdirSync(join(root, 'packages'))) {
    it(`${pkg}: every runtime dependency is imported by its code`, () => {
      const dir = join(root, 'packages', pkg);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        dependencies?: Record<string, string>;
      };
      const deps = Object.keys(manifest.dependencies ?? {});
      const dirs = [
        dir,
        ...deps.filter((d) => d.startsWith('@coverscan/')).map((d) => join(root, 'packages', d.slice(11))),
      ];
      const code = [...dirs.flatMap((d) => sources(join(d, 'src'))), ...sources(join(root, 'scripts'))]
        .map((f) => readFileSync(f, 'utf8'))
        .join('\n');
      // Imported, or loaded at run time: createRequire(…)('oui-data') names it as a string all the same.
      const unused = deps.filter(
        (dep) => !loadedByOthers.has(dep) && !code.includes(`'${dep}'`) && !code.includes(`'${dep}/`),
      );
      expect(unused).toEqual([]);
    });
  }
});
