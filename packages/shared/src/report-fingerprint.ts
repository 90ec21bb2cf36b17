// A digest of a report frame as sent, with the values that change on every send blanked out (the report
// id, collectedAt, durationMs). An agent re-sending an unchanged inventory sends the same bytes otherwise,
// so an equal digest means: same content as a report already validated and stored. The collector uses
// it to skip parsing an unchanged full report, and the agent to send only the digest (an `unchanged`
// report) when the collector's welcome says it already holds that inventory.
// JSON strings cannot hold a bare `"`, so these key patterns only match real keys.
import { createHash } from 'node:crypto';

// Only spellings that are valid JSON and valid for the schema: printable ASCII without `"` or `\`, and
// a plain non-negative JSON number matched whole. Anything else takes the full parse.
const reportIdRe = /"reportId":"([\x20\x21\x23-\x5b\x5d-\x7e]{8,64})"/;
const volatile = [
  /"collectedAt":"[\x20\x21\x23-\x5b\x5d-\x7e]{0,64}"/,
  /"durationMs":(?:0|[1-9]\d{0,14})(?:\.\d{1,20})?(?![\d.eE+-])/,
];

/**
 * `bytes`: the frame as received, when the caller has it. For an all-ASCII frame (string index = byte
 * offset) the kept byte ranges are hashed as they are, saving the UTF-8 encoding of ~55 KB (half the
 * cost); the digest is the same either way.
 */
export function reportFingerprint(raw: string, bytes?: Buffer): { hash: string; reportId: string } | null {
  const id = reportIdRe.exec(raw);
  if (!id) return null;
  let s = raw.slice(0, id.index) + raw.slice(id.index + id[0].length);
  // The parts of `raw` that `s` is made of, as [start, end) offsets.
  let kept: [number, number][] = [
    [0, id.index],
    [id.index + id[0].length, raw.length],
  ];
  for (const re of volatile) {
    const m = re.exec(s);
    if (!m) return null;
    s = s.slice(0, m.index) + s.slice(m.index + m[0].length);
    kept = cut(kept, m.index, m.index + m[0].length);
  }
  const h = createHash('sha256');
  if (bytes && bytes.length === raw.length) for (const [a, b] of kept) h.update(bytes.subarray(a, b));
  else h.update(s);
  return { hash: h.digest('base64url'), reportId: id[1] };
}

/** Removes [from, to) — offsets into the concatenation of `parts` — from `parts`. */
function cut(parts: [number, number][], from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  let at = 0;
  for (const [a, b] of parts) {
    const len = b - a;
    // The part covers [at, at + len) of the concatenation; keep what lies outside [from, to).
    const keepHead = Math.min(len, Math.max(0, from - at));
    const skipTo = Math.min(len, Math.max(0, to - at));
    if (keepHead > 0) out.push([a, a + keepHead]);
    if (skipTo < len) out.push([a + Math.max(keepHead, skipTo), b]);
    at += len;
  }
  return out;
}
