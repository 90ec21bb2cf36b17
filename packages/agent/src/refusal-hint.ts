// What to do when the collector refuses this agent for good (a revoked agent or enrollment secret):
// retrying the same way never helps, so the agent says how to enroll again, with its own paths.
import { join } from 'node:path';
import { loadState } from './state';

export function refusalHint(code: string, stateDir: string, url: string): string | null {
  if (code !== 'revoked') return null;
  const again = `coverscan-agent once --collector ${url} --enroll-secret NEW_SECRET --state-dir NEW_DIR`;
  let enrolled = false;
  try {
    enrolled = loadState(stateDir) !== null;
  } catch {
    enrolled = true; // a damaged state file is still this agent's
  }
  return enrolled
    ? `this agent (state in ${join(stateDir, 'agent.json')}) was revoked on the collector and stays refused. ` +
        `To enroll this machine again, get a new enrollment secret (\`coverscan enroll create\` on the collector) and run with a new state directory: ${again} (or delete ${join(stateDir, 'agent.json')} and keep the directory)`
    : `the enrollment secret was revoked on the collector: get a new one (\`coverscan enroll create\` on the collector) and run ${again.replace(' --state-dir NEW_DIR', '')}`;
}
