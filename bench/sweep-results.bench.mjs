// `pnpm bench sweep-results` entry: runs bench/sweep-results.ts under tsx (the store is TypeScript).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'sweep-results.ts')], {
  stdio: 'inherit',
  cwd: join(here, '..'),
});
process.exit(r.status ?? 1);
