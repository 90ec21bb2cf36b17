// The few leaf elements a discovery reply carries, read by local name (namespace prefixes vary by
// firmware: d:XAddrs, wsdd:XAddrs, XAddrs). Not an XML parser: replies are small, flat documents
// and anything that does not look like one is dropped by the caller. Entities are decoded; CDATA
// and nested markup inside a wanted element make it unreadable (null), never a crash.

const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(s: string): string | null {
  if (s.includes('<')) return null;
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
      return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : m;
    }
    return entities[e.toLowerCase()] ?? m;
  });
}

/**
 * The text of the first element with this local name (case-insensitive), trimmed; null when absent
 * or not a text leaf.
 */
export function xmlField(xml: string, name: string): string | null {
  const re = new RegExp(
    `<(?:[A-Za-z_][\\w.-]*:)?${name}(?:\\s[^>]*)?>([^]*?)</(?:[A-Za-z_][\\w.-]*:)?${name}\\s*>`,
    'i',
  );
  const m = re.exec(xml);
  if (!m) return null;
  const v = decode(m[1]);
  return v === null ? null : v.trim();
}

/** Whether the document has an element with this local name (e.g. the ProbeMatch that makes a reply one). */
export function hasElement(xml: string, name: string): boolean {
  return new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${name}[\\s/>]`, 'i').test(xml);
}
