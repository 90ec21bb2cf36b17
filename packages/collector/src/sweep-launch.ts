// A sweep started by another process (the dashboard's launcher) is told a launch id, a random value made
// before the child starts, in its environment; it records the id in its sweeps row's settings, so the
// launcher finds its own row by that id and never another sweep's that started at the same moment.
import { randomUUID } from 'node:crypto';

export const LAUNCH_ENV = 'COVERSCAN_SWEEP_LAUNCH';

export function newLaunchId(): string {
  return randomUUID();
}

/** The launch id this process was started with, if a launcher started it. */
export function launchIdFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[LAUNCH_ENV] || undefined;
}

/** The sweeps row recorded with this launch id (its settings' `launch`). */
export const SWEEP_BY_LAUNCH_SQL =
  "SELECT id FROM sweeps WHERE id > ? AND json_extract(settings, '$.launch') = ?";
