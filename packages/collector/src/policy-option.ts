// `--policy default|in-force|all` on the commands that judge: a collector setting kept in the database.
// Given, it replaces the recorded policy and every stored verdict is judged again under it; omitted,
// the recorded one (default at first) stays.
import { policyIds } from '@coverscan/shared';
import { Option } from 'commander';

export function policyOption(): Option {
  return new Option(
    '--policy <policy>',
    'lists that count, kept as the collector setting (changing it re-judges every stored verdict; default: as recorded, else "default")',
  ).choices(policyIds);
}
