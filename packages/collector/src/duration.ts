// Durations on the command line and in settings: a number and a unit, or several ("1w2d", "36h", "90d").
const units: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

export function parseDuration(s: string): number {
  const t = s.trim().toLowerCase();
  if (!/^(?:\d+[mhdw])+$/.test(t))
    throw new Error(`"${s}" is not a duration: use a number and a unit, m h d w (e.g. 30d, 12h, 1w2d)`);
  let ms = 0;
  for (const [, n, u] of t.matchAll(/(\d+)([mhdw])/g)) ms += Number(n) * units[u];
  return ms;
}
