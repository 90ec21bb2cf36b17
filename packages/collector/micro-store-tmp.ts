import { rmSync } from 'node:fs';
import { reportFrame } from './test/inventory-generator';
import { IdentifyCache } from './src/store/identify-cache';
import { prepareFrame } from './src/server/prepare-frame';
import { Store } from './src/store/store';
rmSync('/tmp/ms.db', { force: true }); rmSync('/tmp/ms.db-wal', { force: true });
const st = Store.open('/tmp/ms.db');
const cache = new IdentifyCache();
const N = 2000;
const secret = st.createEnrollSecret().secret;
const agents = Array.from({ length: N }, (_, i) => (st.enroll(secret, `h${i}`, '1') as { agentId: string }).agentId);
const prep = (i: number, changed: number, tag: string) => {
  const p = prepareFrame(reportFrame(i, { huaweiPhone: i % 50 === 0, changed }, `${tag}-${i}-xxxxxxxxxxxx`), agents[i], cache, null);
  if (p.kind !== 'report') throw new Error(JSON.stringify(p));
  return p;
};
const time = (label: string, ps: ReturnType<typeof prep>[], batch = 16) => {
  const t0 = performance.now();
  for (let b = 0; b < N; b += batch)
    st.transaction(() => { for (let i = b; i < b + batch && i < N; i++) st.ingestReport(agents[i], ps[i].reportId, `h-${label}-${i}`, ps[i].drafts, '1'); });
  console.log(label.padEnd(12), ((performance.now() - t0) / N).toFixed(3), 'ms/report');
};
time('first', Array.from({ length: N }, (_, i) => prep(i, 0, 'a')));
time('changed', Array.from({ length: N }, (_, i) => prep(i, 3, 'b')));
time('changed2', Array.from({ length: N }, (_, i) => prep(i, 0, 'c')));
const t0 = performance.now();
for (let b = 0; b < N; b += 16) st.transaction(() => { for (let i = b; i < b + 16 && i < N; i++) st.touchReport(agents[i], `t-${i}`, '1'); });
console.log('touch'.padEnd(12), ((performance.now() - t0) / N).toFixed(3), 'ms/report');
