// What `ConvertTo-Json` prints, as the Windows collectors read it: a UTF-8 byte-order mark before it,
// nothing at all for an empty result, and (PowerShell 5.1) a one-element array printed as the bare object.

/** The value printed, or undefined when nothing was. Throws on output that is not JSON. */
export function parsePowerShellJson(out: string): unknown {
  const text = out.replace(/^\uFEFF/, '').trim();
  return text ? JSON.parse(text) : undefined;
}

/** A list PowerShell printed: as it is, or its one element wrapped again; empty when nothing was printed. */
export function powerShellRows<T>(v: unknown): T[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]) as T[];
}
