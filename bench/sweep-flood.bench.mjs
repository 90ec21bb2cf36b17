// `pnpm bench` entry for the sweep under a flooding device: runs bench/sweep-flood.ts under tsx (it
// drives the sweep engine and the test flooder, TypeScript).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'sweep-flood.ts')], {
  stdio: 'inherit',
  cwd: join(here, '..'),
});
process.exit(r.status ?? 1);
