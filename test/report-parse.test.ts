// The collector validates reports with parseReport (fast); it must agree with reportSchema (the definition).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateInventory } from '../packages/collector/test/inventory-generator';
import { parseReport, reportSchema, softwareIssue, softwareSchema } from '../packages/shared/src/index';

// Strings around each field's limit, wrong types, null, absent: where a hand-written check slips.
const text = (max: number) =>
  fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.constantFrom(max - 1, max, max + 1).map((n) => 'x'.repeat(n)),
    fc.constantFrom(null, undefined, 0, true, [], {}),
  );
const entry = fc.record(
  {
    name: text(1024),
    version: text(256),
    publisher: text(1024),
    bundleId: text(512),
    package: text(512),
    path: text(1024),
    lastSeen: text(10),
    // Every source the schema knows (read from it, so a new one is covered), and some it does not.
    source: fc.constantFrom(...softwareSchema.shape.source.options, 'DPKG', '', null, 3),
    extra: fc.string({ maxLength: 4 }),
  },
  { requiredKeys: [] },
);

describe('parseReport agrees with reportSchema', () => {
  it('on every generated software entry (objects, and things that are not)', () => {
    fc.assert(
      fc.property(fc.oneof(entry, fc.constantFrom(null, 'x', 1, [])), (e) => {
        expect(softwareIssue(e) === null).toBe(softwareSchema.safeParse(e).success);
      }),
      { numRuns: 5000 },
    );
  });

  it('on whole reports: the same verdict, and the same data for a valid one', () => {
    const inventory = generateInventory(11, { huaweiPhone: true });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 4 }), fc.nat({ max: 799 }), (extra, at) => {
        const software = [...inventory.software];
        software.splice(at, 0, ...(extra as never[]));
        const msg = { type: 'report', reportId: 'rep-parse-0001', inventory: { ...inventory, software } };
        const fast = parseReport(msg);
        const zod = reportSchema.safeParse(msg);
        expect(fast.success).toBe(zod.success);
        if (fast.success && zod.success)
          // zod strips unknown keys of entries; parseReport leaves them, and nothing reads them.
          expect(fast.data.inventory.software.map((s) => softwareSchema.parse(s))).toEqual(
            zod.data.inventory.software,
          );
      }),
      { numRuns: 300 },
    );
  });

  it('names the entry and field that failed', () => {
    const inventory = generateInventory(12);
    const software = [...inventory.software];
    software[5] = { ...software[5], source: 'pkgsrc' as never };
    const r = parseReport({
      type: 'report',
      reportId: 'rep-parse-0002',
      inventory: { ...inventory, software },
    });
    expect(r).toEqual({ success: false, issues: expect.stringMatching(/^inventory\.software\.5\.source: /) });
  });
});
