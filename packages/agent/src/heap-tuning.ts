// Imported first by the CLI: V8 settings for a short-lived, mostly I/O-bound process with ~15 MB of
// live heap (measured with `inventory --json` here; see BENCHMARKS.md "Agent").
// - Bursts of short-lived strings (package lists, matching) make V8 double the young generation up
//   to 3 × 16 MB; keeping it at its initial size costs a few more, smaller scavenges and no
//   measurable time: peak RSS 72 → 66.5 MB.
// - The optimizing compiler's work memory is another ~2.4 MB at the peak, and buys nothing here:
//   judging 6,288 packages took 1,538 ms with TurboFan and 1,587 ms capped at tier 2 (the time is
//   in the regex engine), so tiers stop below TurboFan: 66.5 → 64.2 MB. Stopping at the interpreter
//   (--max-opt=0) saved another ~0.6 MB at the same wall time (0.21 s for `inventory --json`).
// - --optimize-for-size (V8 grows the heap in smaller steps and keeps less spare): peak RSS of
//   `inventory --json` 67.1 → 64.7 MB for ~5 % more CPU (median user+sys 0.76 vs 0.72 s over 8
//   alternating runs at load average 7; 2026-11-30, BENCHMARKS.md "Agent").
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--semi-space-growth-factor=1');
setFlagsFromString('--max-opt=0');
setFlagsFromString('--optimize-for-size');
