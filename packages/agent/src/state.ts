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

/**
 * The identity cannot be kept in the state directory: enrolling would make a collector-side agent
 * whose key is lost at exit, and a new one on every run. Retrying does not help; a person must.
 */
export class StateError extends Error {}

function unsavable(dir: string, e: unknown): StateError {
  const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  return new StateError(
    `cannot save this agent's identity in ${dir} (${code}): not enrolling, or every run would enroll a new agent. Make the directory writable by this user, or pass --state-dir`,
  );
}

/** Throws StateError unless a key can be written where saveState() writes it (same directory, same way). */
export function checkStateWritable(dir: string): void {
  const probe = join(dir, '.write-check');
  try {
    ensureDir(dir);
    writeFileAtomic(probe, '', 0o600);
    rmSync(probe, { force: true });
  } catch (e) {
    throw unsavable(dir, e);
  }
}

/** saveState, failing with a StateError (the collector has enrolled us: say so). */
export function saveEnrolledState(dir: string, s: AgentState): void {
  try {
    saveState(dir, s);
  } catch (e) {
    throw unsavable(dir, e);
  }
}
