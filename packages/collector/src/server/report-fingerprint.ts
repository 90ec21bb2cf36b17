// A digest of a report frame as sent, with the values that change on every send blanked out (the report
// id, collectedAt, durationMs). An agent re-sending an unchanged inventory sends the same bytes otherwise,
// so an equal digest means: same content as a report already validated and stored. This lets the
// collector skip JSON parsing and validation for the daily unchanged report (most of them).
// JSON strings cannot hold a bare `"`, so these key patterns only match real keys.
import { createHash } from 'node:crypto';

// Only spellings that are valid JSON and valid for the schema: printable ASCII without `"` or `\`, and
// a plain non-negative JSON number matched whole. Anything else takes the full parse.
const reportIdRe = /"reportId":"([\x20\x21\x23-\x5b\x5d-\x7e]{8,64})"/;
const volatile = [
  /"collectedAt":"[\x20\x21\x23-\x5b\x5d-\x7e]{0,64}"/,
  /"durationMs":(?:0|[1-9]\d{0,14})(?:\.\d{1,20})?(?![\d.eE+-])/,
];

export function reportFingerprint(raw: string): { hash: string; reportId: string } | null {
  const id = reportIdRe.exec(raw);
  if (!id) return null;
  let s = raw.slice(0, id.index) + raw.slice(id.index + id[0].length);
  for (const re of volatile) {
    const m = re.exec(s);
    if (!m) return null;
    s = s.slice(0, m.index) + s.slice(m.index + m[0].length);
  }
  return { hash: createHash('sha256').update(s).digest('base64url'), reportId: id[1] };
}
