// Running programs are remembered in the state directory for 30 days: a program closed before the next
// inventory is still reported (a finding does not flap to "remediated" because WeChat was not open at
// 14:00), and an inventory changes only when a new program appears or one is forgotten — so unchanged
// machines keep sending digests. Days, not timestamps: the report changes at most daily.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Inventory, Software } from '@coverscan/shared';
import { writeFileAtomic } from './atomic-write';

export const PROGRAM_MEMORY_DAYS = 30;
const FILE = 'programs-seen.json';
const MAX_REMEMBERED = 2000;

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const key = (s: Software) => `${s.path ?? ''}\0${s.name}`;

function load(stateDir: string): Software[] {
  try {
    const doc = JSON.parse(readFileSync(join(stateDir, FILE), 'utf8')) as { programs?: Software[] };
    return Array.isArray(doc.programs) ? doc.programs.filter((p) => p && typeof p.name === 'string') : [];
  } catch {
    return []; // none yet, or damaged: start again from what runs now
  }
}

/** The inventory with its running programs merged into those seen in the last 30 days. */
export function rememberPrograms(stateDir: string, inv: Inventory, now = Date.now()): Inventory {
  const today = day(now);
  const oldest = day(now - PROGRAM_MEMORY_DAYS * 86_400_000);
  const seen = new Map<string, Software>();
  for (const p of load(stateDir)) if ((p.lastSeen ?? '') >= oldest) seen.set(key(p), p);
  const others: Software[] = [];
  for (const s of inv.software) {
    if (s.source === 'process') seen.set(key(s), { ...s, lastSeen: today });
    else others.push(s);
  }
  const programs = [...seen.values()]
    .sort((a, b) => ((a.lastSeen ?? '') > (b.lastSeen ?? '') ? -1 : 1))
    .slice(0, MAX_REMEMBERED)
    .sort((a, b) => (key(a) < key(b) ? -1 : 1));
  try {
    writeFileAtomic(join(stateDir, FILE), `${JSON.stringify({ programs })}\n`, 0o600);
  } catch {
    // A state directory that cannot be written costs the memory, not the inventory.
  }
  return { ...inv, software: [...others, ...programs] };
}
