// Sweep progress: a bar on a terminal (cli-progress), plain log lines every few seconds otherwise.

import { lazyRequire } from '@coverscan/sweep/lazy-require';
import type { SweepProgress } from '@coverscan/sweep/run';

const cliProgress = lazyRequire<typeof import('cli-progress')>(import.meta.url, 'cli-progress');

export interface ProgressView {
  update(p: SweepProgress): void;
  stop(): void;
}

export function progressView(stream: NodeJS.WriteStream = process.stderr, identify = true): ProgressView {
  if (stream.isTTY) {
    const { SingleBar, Presets } = cliProgress();
    const bar = new SingleBar(
      {
        stream,
        format: identify
          ? 'sweep [{bar}] {value}/{total} probed | {responders} responders | {identified} identified | ETA {eta_formatted}'
          : 'discover [{bar}] {value}/{total} probed | {responders} responders | ETA {eta_formatted}',
        hideCursor: true,
        etaBuffer: 200,
      },
      Presets.shades_classic,
    );
    let started = false;
    let stopped = false; // an interrupted sweep stops the view before the sweep returns: it stays quiet
    return {
      update(p) {
        if (stopped) return;
        if (!started) {
          bar.start(p.total, 0, { responders: 0, identified: 0 });
          started = true;
        }
        bar.update(p.probed, { responders: p.responders, identified: p.identified });
      },
      stop() {
        if (started && !stopped) bar.stop();
        stopped = true;
      },
    };
  }
  let last = 0;
  let latest: SweepProgress | null = null;
  const line = (p: SweepProgress) =>
    stream.write(
      `sweep: ${p.probed}/${p.total} probed, ${p.responders} responders${identify ? `, ${p.identified} identified` : ''}\n`,
    );
  let stopped = false;
  return {
    update(p) {
      if (stopped) return;
      latest = p;
      const now = Date.now();
      if (now - last >= 2000) {
        last = now;
        line(p);
      }
    },
    stop() {
      if (latest && !stopped) line(latest);
      stopped = true;
    },
  };
}
