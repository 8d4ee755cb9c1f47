import { describe, expect, it } from 'vitest';
import { summarise } from '../measure/percentiles.js';
import type { GatewaySide, PeerResult } from '../run-peer.js';
import { peerTable, ratio } from './peer-table.js';

function side(scale: number): GatewaySide {
  const lat = summarise([10, 20, 30].map((v) => v * scale));
  return {
    queryOnly: { rate: 100, failed: 0, latencyMs: lat, cpuMsPerRequest: 2 * scale, cpuPercent: 20 },
    withSubscribers: {
      queryRate: 100,
      queryFailed: 0,
      queryFailureReasons: scale > 1 ? { TimeoutError: 2 } : {},
      queryLatencyMs: lat,
      subscribers: 200,
      byKind: { viewport: 160, incident: 20, alert: 20 },
      framesByKind: { viewport: 5000, incident: 40, alert: 0 },
      framesPerSecond: 160,
      errors: 0,
      reconnects: 0,
      firstFrameMs: lat,
      emitToReceiveMs: lat,
      produceToReceiveMs: lat,
      eventProduceToReceiveMs: summarise([]),
      cpuPercent: 30 * scale,
      rssMaxMb: 200 * scale,
    },
  };
}

describe('peer table', () => {
  it('formats hive / ours, n/a without data', () => {
    expect(ratio(150, 100)).toBe('×1.50');
    expect(ratio(1, 0)).toBe('n/a');
    expect(ratio(NaN, 3)).toBe('n/a');
  });

  it('has one row per measure with both gateways and the ratio', () => {
    const result = {
      gateways: { ours: side(1), hive: side(2) },
    } as unknown as PeerResult;
    const lines = peerTable(result).split('\n');
    expect(lines[0]).toBe('| measure | our gateway | Hive Gateway | Hive / ours |');
    expect(lines).toContain('| gateway CPU ms / query (queries only) | 2.00 | 4.00 | ×2.00 |');
    expect(lines).toContain('| gateway RSS max MB | 200 | 400 | ×2.00 |');
    expect(lines).toContain('| incident + alert frames (whole run) | 40 | 40 | ×1.00 |');
    expect(lines).toContain('| produce → client p99 ms (incident/alert) | n/a | n/a | n/a |');
    expect(lines.at(-1)).toBe('Query failures by reason: ours none; Hive TimeoutError 2.');
  });
});
