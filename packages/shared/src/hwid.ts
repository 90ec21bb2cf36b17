// Bus and radio vendor ids: USB (usb.ids), PCI (pci.ids), Bluetooth SIG company identifiers.
import type { Catalog } from './catalog';
import type { Evidence, Observation } from './evidence';
import { normHex4 } from './normalize';

const labels = { usb: 'USB vendor id', pci: 'PCI vendor id', bluetooth: 'Bluetooth company id' } as const;

export function matchHwId(cat: Catalog, obs: Observation): Evidence[] {
  if (obs.kind !== 'usb' && obs.kind !== 'pci' && obs.kind !== 'bluetooth') return [];
  const id = normHex4(obs.value.split(':')[0]);
  if (!id) return [];
  const rule =
    obs.kind === 'usb' ? cat.usb.get(id) : obs.kind === 'pci' ? cat.pci.get(id) : cat.bluetooth.get(id);
  if (!rule) return [];
  return [
    {
      source: obs.source,
      field: obs.field,
      value: obs.value,
      rule: `${labels[obs.kind]} 0x${id} is registered to ${rule.entity}`,
      ruleId: rule.id,
      ruleSource: rule.sourceUrl,
      strength: rule.def.strength,
      entity: rule.entity,
      domain: 'hardware',
    },
  ];
}
