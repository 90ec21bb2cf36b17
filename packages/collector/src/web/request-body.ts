// A request's body: JSON, or an HTML form (the dashboard's forms post `_csrf` with their fields). Bounded:
// nothing the API accepts is large.
import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error';

export const MAX_BODY_BYTES = 64 * 1024;

export async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES)
    throw new HttpError(413, `a request body is at most ${MAX_BODY_BYTES} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `a request body is at most ${MAX_BODY_BYTES} bytes`);
    chunks.push(c);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return {};
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(text));
  if (type !== 'application/json')
    throw new HttpError(
      415,
      'send the body as application/json (or an HTML form, application/x-www-form-urlencoded)',
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'the body is not valid JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new HttpError(400, 'the body must be a JSON object');
  return parsed as Record<string, unknown>;
}
