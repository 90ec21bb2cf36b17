// The OS installation's identity, which outlives the agent's state directory: Linux /etc/machine-id
// (systemd; D-Bus's copy on older systems), Windows MachineGuid and macOS IOPlatformUUID (both through
// systeminformation's uuid().os). It is sent only as a keyed hash: machine-id(5) asks applications
// never to expose the id itself, but an application-specific hash of it.
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';

export const MACHINE_ID_FILES = ['/etc/machine-id', '/var/lib/dbus/machine-id'];

/** The fixed application key of the hash (like sd_id128_get_machine_app_specific's app id). */
const APP_KEY = 'coverscan-agent machine identity v1';

/** The first machine id file that holds a real id, or null. */
export async function readLinuxMachineId(files = MACHINE_ID_FILES): Promise<string | null> {
  for (const f of files) {
    const v = await readFile(f, 'utf8').then(
      (t) => t.trim(),
      () => null,
    );
    if (v && realId(v)) return v;
  }
  return null;
}

/**
 * An id that names one installation: not empty, not systemd's "uninitialized" (first boot), not all one
 * digit (an image that blanked it).
 */
function realId(v: string): boolean {
  const hex = v.replace(/[-{}\s]/g, '').toLowerCase();
  return /^[0-9a-f]{16,}$/.test(hex) && !/^(.)\1*$/.test(hex);
}

/** What the inventory carries: the keyed hash of a real id, or null. */
export function appSpecificMachineId(raw: string | null | undefined): string | null {
  const v = raw?.trim().toLowerCase();
  if (!v || !realId(v)) return null;
  return createHmac('sha256', APP_KEY)
    .update(v.replace(/[-{}\s]/g, ''))
    .digest('hex');
}
