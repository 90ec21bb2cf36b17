// The readable `inventory` output: what needs attention first (covered, then review, each with its
// evidence), then what was collected, then what could not be.
import type { Inventory } from '@coverscan/shared';
import type { JudgedAsset } from './local-verdict';

function label(j: JudgedAsset): string {
  const a = j.asset;
  const what = [a.vendor, a.model].filter(Boolean).join(' ') || a.hostname || a.identities[0]?.value || '?';
  return a.kind === 'endpoint'
    ? `this machine (${a.hostname}, ${what})`
    : `${a.kind}: ${what}${a.location ? ` [${a.location}]` : ''}`;
}

export function formatSummary(inv: Inventory, judged: JudgedAsset[]): string {
  const lines: string[] = [];
  const flagged = judged.filter((j) => j.verdict.verdict !== 'clear');
  if (flagged.length) {
    for (const j of flagged) {
      const v = j.verdict;
      lines.push(`${v.verdict.toUpperCase()}  ${label(j)} — ${v.entityName ?? v.entity}: ${v.reason}`);
      for (const l of v.lists)
        lines.push(
          `    list: ${l.name}${l.category ? `, category ${l.category}` : ''}${l.status !== 'in-force' ? ` (${l.status})` : ''}, since ${l.added}`,
        );
      for (const e of v.evidence.filter((e) => e.entity === v.entity).slice(0, 8))
        lines.push(`    evidence [${e.strength}] ${e.field} = "${e.value}": ${e.rule}`);
      const more = v.evidence.length - Math.min(8, v.evidence.filter((e) => e.entity === v.entity).length);
      if (more > 0) lines.push(`    (+${more} more evidence)`);
    }
  } else lines.push('Nothing covered or to review on this machine.');
  const h = inv.host;
  lines.push(
    '',
    `Host ${h.hostname}: ${[h.system.manufacturer, h.system.model].filter(Boolean).join(' ') || 'unknown hardware'}, ` +
      `${[h.os.distro, h.os.release].filter(Boolean).join(' ') || h.os.platform}, serial ${h.system.serial ?? 'unreadable'}`,
    `Collected in ${inv.durationMs} ms: ${inv.nics.length} NICs, ${inv.usb.length} USB, ${inv.bluetooth.length} Bluetooth, ` +
      `${inv.pci.length} PCI, ${inv.disks.length} disks, ${inv.software.length} software packages; ` +
      `${judged.length} assets (${judged.filter((j) => j.verdict.verdict === 'covered').length} covered, ` +
      `${judged.filter((j) => j.verdict.verdict === 'review').length} review).`,
  );
  for (const e of inv.errors)
    lines.push(`warning: ${e.collector} ${e.timedOut ? 'timed out' : 'failed'}: ${e.message}`);
  return lines.join('\n');
}
