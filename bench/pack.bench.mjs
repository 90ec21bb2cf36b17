// `pnpm bench` entry for the evidence-pack benchmark: runs bench/pack.ts under tsx (the generator and the
// store are TypeScript); the collector under test is the built CLI.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'pack.ts')], {
  stdio: 'inherit',
  cwd: join(here, '..'),
});
process.exit(r.status ?? 1);
