// Vitest global setup: every test run's temporary files (and those of the collectors, agents and
// browsers the tests start, which inherit TMPDIR) go under one directory, removed when the run ends —
// most tests make a temporary database or state directory and few remove it.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'coverscan-tests-'));
  // Searchable by others (not listable): snmpsimd drops to nobody when run as root and must reach its
  // data directory below this one (mkdtemp makes it 0700: every snmpsim test failed with "snmpsimd exited").
  chmodSync(root, 0o711);
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
