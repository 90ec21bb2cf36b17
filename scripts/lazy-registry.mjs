// esbuild plugin for the agent's builds: the IANA enterprise registry (1.7 MB, used only to name an
// SNMP enterprise number) stays out of the bundle's source, where V8 would hold it from start-up
// (+11 MB of RSS for every `coverscan-agent inventory`). The bundle gets its metadata and a getter that
// reads the registry on first use: from the single executable's assets, else from the file beside the
// bundle (`enterprises.tsv`, written by the build).
import { readFileSync } from 'node:fs';

export const REGISTRY = 'packages/shared/catalog/enterprises.json';

export function registryParts() {
  const doc = JSON.parse(readFileSync(REGISTRY, 'utf8'));
  const { tsv, ...meta } = doc;
  return { meta, tsv };
}

/** `format`: the bundle's module format, which decides how the file beside it is found. */
export function lazyRegistryPlugin(format) {
  const { meta } = registryParts();
  const beside =
    format === 'cjs'
      ? "require('node:path').join(__dirname, 'enterprises.tsv')"
      : "new URL('./enterprises.tsv', import.meta.url)";
  const contents = `
const meta = ${JSON.stringify(meta)};
let tsv;
function load() {
  const sea = process.getBuiltinModule && process.getBuiltinModule('node:sea');
  if (sea && sea.isSea()) return sea.getAsset('enterprises.tsv', 'utf8');
  return process.getBuiltinModule('node:fs').readFileSync(${beside}, 'utf8');
}
export default { ...meta, get tsv() { return (tsv ??= load()); } };
`;
  return {
    name: 'lazy-enterprise-registry',
    setup(b) {
      b.onLoad({ filter: /catalog[\\/]enterprises\.json$/ }, () => ({ contents, loader: 'js' }));
    },
  };
}

/** The IEEE registry (oui-data: prefix → "registrant\naddress") as `PREFIX<TAB>registrant` lines sorted
 * by bytes, the form the single-file agent searches in place (packages/agent/src/embedded.ts). */
export function ouiTsv(registry) {
  const lines = Object.entries(registry).map(([k, v]) => `${k}\t${String(v).split('\n')[0].trim()}`);
  lines.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return `${lines.join('\n')}\n`;
}
