// The devices behind a responder's ports, read from the neighbor-table registry
// (neighbor-tables/): every table whose presence OID the first look (identify-device.ts) saw is
// walked, bounded, and its rows become sightings; forwarding tables are read again per VLAN
// context where the device serves them that way; finally the ports are named with a few GETs.
import type { AgentClient } from './client';
import { NEIGHBOR_TABLES } from './neighbor-tables/index';
import { mapBridgePorts, nameSightings } from './neighbor-tables/ports';
import type { Found, NeighborTable, Sighting } from './neighbor-tables/table';
import { readVlanContexts } from './neighbor-tables/vlan-contexts';
import { type WalkLimits, type WalkStats, walkColumns } from './walk';

export type { Sighting } from './neighbor-tables/table';

/** One table's rows, read through `c`, with bridge ports mapped in that same context. */
async function readTable(
  c: AgentClient,
  table: NeighborTable,
  lim: WalkLimits,
  stats: WalkStats,
): Promise<Found[]> {
  const rows = table.rows(await walkColumns(c, table.columns, lim, stats));
  await mapBridgePorts(c, rows);
  return rows.map((r) => ({ ...r, via: table.via }));
}

/** `present(oid)`: did the first look's GETNEXT of that presence OID land inside it? */
export async function readNeighbors(
  c: AgentClient,
  present: (oid: string) => boolean,
  lim: WalkLimits,
  stats: WalkStats,
): Promise<Sighting[]> {
  const found: Found[] = [];
  let allVlans = false;
  for (const table of NEIGHBOR_TABLES) {
    if (!present(table.presence)) continue;
    const rows = await readTable(c, table, lim, stats);
    if (table.allVlans && rows.length) allVlans = true;
    found.push(...rows);
  }
  if (!allVlans)
    found.push(
      ...(await readVlanContexts(c, NEIGHBOR_TABLES, present, lim, stats, (cc, t) =>
        readTable(cc, t, lim, stats),
      )),
    );
  return nameSightings(c, found);
}
