// Whether a process of this host still exists: what tells a lease or a serving mark left by a killed
// collector (its pid gone) from one a live process holds.
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, under another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
