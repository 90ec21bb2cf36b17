// A verdict as the asset row stores it: verdict, entity, entity_name, reason, lists, evidence (JSON).
import type { Verdict } from '@coverscan/shared';

export function verdictColumns(v: Verdict): [string, string | null, string | null, string, string, string] {
  return [v.verdict, v.entity, v.entityName, v.reason, JSON.stringify(v.lists), JSON.stringify(v.evidence)];
}
