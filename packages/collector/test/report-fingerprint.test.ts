// The unchanged-report fast path keys on this digest: it must ignore exactly the per-send values.
import { reportFingerprint } from '@coverscan/shared';
import { describe, expect, it } from 'vitest';
import { generateInventory, reportFrame } from './inventory-generator';

const frame = (reportId: string, inv: ReturnType<typeof generateInventory>) =>
  JSON.stringify({ type: 'report', reportId, inventory: inv });

describe('report fingerprint', () => {
  it('is the same for the same inventory sent again with a new id, time and duration', () => {
    const a = generateInventory(3);
    const b = { ...a, collectedAt: '2030-01-01T00:00:00.000Z', durationMs: 977.5 };
    const fa = reportFingerprint(frame('report-0001', a))!;
    const fb = reportFingerprint(frame('another-id-2', b))!;
    expect(fa.hash).toBe(fb.hash);
    expect(fa.reportId).toBe('report-0001');
    expect(fb.reportId).toBe('another-id-2');
  });

  it('differs when anything else differs', () => {
    const a = generateInventory(3);
    const base = reportFingerprint(frame('report-0001', a))!.hash;
    expect(reportFingerprint(frame('report-0001', generateInventory(3, { changed: 1 })))!.hash).not.toBe(
      base,
    );
    expect(reportFingerprint(frame('report-0001', { ...a, agentVersion: '0.1.1' }))!.hash).not.toBe(base);
    expect(reportFingerprint(frame('report-0001', generateInventory(4)))!.hash).not.toBe(base);
  });

  it('never equates a frame whose volatile values are not valid JSON or not plain', () => {
    const good = frame('report-0001', generateInventory(3));
    const base = reportFingerprint(good)!.hash;
    const dur = /"durationMs":[^,]*/;
    for (const bad of ['"durationMs":0412', '"durationMs":-1', '"durationMs":4e2', '"durationMs":412.'])
      expect(reportFingerprint(good.replace(dur, bad))?.hash).not.toBe(base);
    expect(reportFingerprint(good.replace('report-0001', 'report-\u0001x'))?.hash).not.toBe(base);
    expect(reportFingerprint(good.replace('"report-0001"', '"report\u0001-01"'))).toBeNull();
  });

  it('is the same digest computed from the received bytes, ASCII or not', () => {
    const ascii = frame('report-0001', generateInventory(3));
    const accented = frame('report-0002', { ...generateInventory(3), agentVersion: 'é-0.1.0' });
    for (const f of [ascii, accented])
      expect(reportFingerprint(f, Buffer.from(f))).toEqual(reportFingerprint(f));
  });

  it('gives up (no fast path) when the frame lacks the fields', () => {
    expect(reportFingerprint('{"type":"hello"}')).toBeNull();
    expect(
      reportFingerprint(JSON.stringify({ type: 'report', reportId: 'short', inventory: {} })),
    ).toBeNull();
  });
});

describe('the benchmark frame builder', () => {
  it('builds exactly the JSON of the generated report', () => {
    const at = (s: string) => s.replace(/"collectedAt":"[^"]*"/, '"collectedAt":"T"');
    for (const o of [{}, { changed: 3, huaweiPhone: true }, { software: 10 }])
      expect(at(reportFrame(21, o, 'rid-000001'))).toBe(
        at(JSON.stringify({ type: 'report', reportId: 'rid-000001', inventory: generateInventory(21, o) })),
      );
  });
});
