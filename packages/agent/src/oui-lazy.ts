// The agent looks up a handful of MACs (its NICs, gateway, access point, Bluetooth peers), but the
// shared core loads the whole IEEE registry (`oui-data`, 5.6 MB of JSON) as one object: +30 MB of
// RSS, more than the rest of the agent. This primes Node's module cache with a stand-in that answers
// the same property reads by searching the file's bytes (one line per prefix: `"XXXXXX": "name…",`).
// The shared core resolves `oui-data` with createRequire from the bundle, which is this same file,
// so it gets the stand-in; nothing else in the core changes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export function installLazyOui(): void {
  const req = createRequire(import.meta.url);
  let path: string;
  try {
    path = req.resolve('oui-data');
  } catch {
    return; // not installed: the core reports the missing module itself when it needs it
  }
  if (req.cache[path]) return;
  let buf: Buffer | undefined;
  const memo = new Map<string, string | undefined>();
  const get = (prefix: string): string | undefined => {
    if (!/^[0-9A-F]{6,9}$/.test(prefix)) return undefined;
    if (memo.has(prefix)) return memo.get(prefix);
    buf ??= readFileSync(path);
    let value: string | undefined;
    const at = buf.indexOf(`"${prefix}":`);
    if (at >= 0) {
      const end = buf.indexOf(10, at);
      const line = buf.toString('utf8', at, end < 0 ? buf.length : end).replace(/,\s*$/, '');
      value = (JSON.parse(`{${line}}`) as Record<string, string>)[prefix];
    }
    memo.set(prefix, value);
    return value;
  };
  const exports = new Proxy(
    {},
    {
      get: (_t, key) => (typeof key === 'string' ? get(key) : undefined),
      has: (_t, key) => typeof key === 'string' && get(key) !== undefined,
    },
  );
  // A Module-shaped cache entry: require() returns `exports` for a cached, loaded module.
  req.cache[path] = { id: path, filename: path, loaded: true, exports } as unknown as NodeJS.Module;
}
