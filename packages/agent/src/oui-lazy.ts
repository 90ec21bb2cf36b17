// The agent looks up a handful of MACs (its NICs, gateway, access point, Bluetooth peers), but
// parsing the whole IEEE registry (`oui-data`, 5.6 MB of JSON) costs +30 MB of RSS, more than the rest
// of the agent. Instead the shared core is given a source that finds one prefix by searching the
// file's bytes (one line per prefix: `"XXXXXX": "name…",`).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setOuiSource } from '@coverscan/shared';

export function installLazyOui(): void {
  let path: string;
  try {
    path = createRequire(import.meta.url).resolve('oui-data');
  } catch {
    return; // not installed: the core reports the missing module itself when it needs it
  }
  let buf: Buffer | undefined;
  const memo = new Map<string, string | undefined>();
  setOuiSource((prefix) => {
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
  });
}
