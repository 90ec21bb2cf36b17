// The agent's identity with one collector: agent id and node key, kept in the state directory in a
// file only the agent's user can read (0600). The enrollment secret itself is never stored.
import { chmodSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write';

export interface AgentState {
  agentId: string;
  nodeKey: string;
  collector: string;
}

/** Where a service keeps its state on each OS; a non-root user falls back to their home. */
export function defaultStateDir(): string {
  if (process.platform === 'win32')
    return join(process.env.ProgramData ?? 'C:\\ProgramData', 'coverscan-agent');
  if (process.platform === 'darwin') return '/Library/Application Support/coverscan-agent';
  if (process.getuid?.() === 0) return '/var/lib/coverscan-agent';
  return join(process.env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'coverscan-agent');
}

export function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

const file = (dir: string) => join(dir, 'agent.json');

export function loadState(dir: string): AgentState | null {
  let text: string;
  try {
    text = readFileSync(file(dir), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const s = JSON.parse(text) as Partial<AgentState>;
  if (typeof s.agentId !== 'string' || typeof s.nodeKey !== 'string')
    throw new Error(`${file(dir)} is damaged (no agentId/nodeKey); delete it to enroll again`);
  return { agentId: s.agentId, nodeKey: s.nodeKey, collector: s.collector ?? '' };
}

export function saveState(dir: string, s: AgentState): void {
  ensureDir(dir);
  writeFileAtomic(file(dir), `${JSON.stringify(s, null, 2)}\n`, 0o600);
  chmodSync(file(dir), 0o600); // also when an older file had looser bits
}

export function clearState(dir: string): void {
  rmSync(file(dir), { force: true });
}
