import { describe, expect, it } from 'vitest';
import type { FeedChange } from '@city/subgraph-kit';
import {
  incidentAttributes,
  incidentChangeCause,
  incidentChangeKind,
  incidentChangeUnitId,
  incidentMatcher,
} from './incident-stream.js';
import { unitAttributes, unitChangeCause, unitMatcher } from './unit-stream.js';

const change = (data: Record<string, unknown>, entity = 'Incident'): FeedChange => ({
  domain: 'emergencies',
  entity,
  id: 'i-1',
  fields: Object.keys(data),
  data,
  produceTime: 1,
});
const t = '2026-01-01T10:00:00.000Z';
const incidentData = {
  type: 'fire',
  status: 'reported',
  severity: 'high',
  latitude: 37.77,
  longitude: -122.42,
  reportedAt: t,
  lastEventAt: t,
};

describe('incident stream', () => {
  it('matches severities, types and bbox, all of them', () => {
    const a = incidentAttributes(change(incidentData))!;
    const bbox = { minLat: 37.7, minLon: -122.5, maxLat: 37.8, maxLon: -122.4 };
    expect(incidentMatcher({}).matches(a)).toBe(true);
    expect(
      incidentMatcher({ severities: ['high', 'critical'], types: ['fire'], bbox }).matches(a),
    ).toBe(true);
    expect(incidentMatcher({ severities: ['low'] }).matches(a)).toBe(false);
    expect(incidentMatcher({ types: ['medical'] }).matches(a)).toBe(false);
    expect(incidentMatcher({ bbox: { ...bbox, maxLat: 37.75 } }).matches(a)).toBe(false);
    expect(incidentMatcher({ severities: [] }).matches(a)).toBe(true);
  });

  it('rejects a bad bbox and too many ids', () => {
    const bbox = { minLat: 38, minLon: -122.5, maxLat: 37.8, maxLon: -122.4 };
    expect(() => incidentMatcher({ bbox })).toThrow(/filter.bbox.minLat/);
    const ids = Array.from({ length: 1001 }, (_, i) => String(i));
    expect(() => incidentMatcher({ ids })).toThrow(/filter.ids/);
    expect(incidentMatcher({ ids: ['a'] }).wantsId('b')).toBe(false);
  });

  it('tells created from updated, and incident events from unit steps and dispatches', () => {
    expect(incidentChangeKind(change(incidentData))).toBe('CREATED');
    const later = change({
      ...incidentData,
      status: 'acknowledged',
      lastEventAt: '2026-01-01T10:01:00.000Z',
    });
    expect(incidentChangeKind(later)).toBe('UPDATED');
    expect(incidentChangeCause(later)).toBe('INCIDENT_EVENT');
    expect(incidentChangeUnitId(later)).toBeNull();
    const step = change({ unitOnSceneAt: t, lastUnitId: 'amb-1' });
    expect(incidentAttributes(step)).toBeNull();
    expect([incidentChangeKind(step), incidentChangeCause(step)]).toEqual([
      'UPDATED',
      'UNIT_STATUS',
    ]);
    expect(incidentChangeUnitId(step)).toBe('amb-1');
    const dispatch = change({ unitDispatchedAt: t, lastDispatchedUnitId: 'eng-1' });
    expect([incidentChangeCause(dispatch), incidentChangeUnitId(dispatch)]).toEqual([
      'DISPATCH',
      'eng-1',
    ]);
  });
});

describe('unit stream', () => {
  const report = change(
    { type: 'ambulance', status: 'en_route', latitude: 37.77, longitude: -122.42, incidentId: '' },
    'EmergencyUnit',
  );
  it('matches ids, types, statuses and bbox', () => {
    const u = unitAttributes(report)!;
    expect(
      unitMatcher({ types: ['ambulance'], statuses: ['en_route', 'on_scene'] }).matches(u),
    ).toBe(true);
    expect(unitMatcher({ statuses: ['available'] }).matches(u)).toBe(false);
    expect(unitMatcher({ types: ['police'] }).matches(u)).toBe(false);
    expect(
      unitMatcher({ bbox: { minLat: 37, minLon: -123, maxLat: 37.5, maxLon: -122 } }).matches(u),
    ).toBe(false);
  });
  it('a dispatch order carries no attributes', () => {
    const order = change({ dispatchedIncidentId: 'i-1', dispatchedAt: t }, 'EmergencyUnit');
    expect(unitAttributes(order)).toBeNull();
    expect(unitChangeCause(order)).toBe('DISPATCH_ORDER');
    expect(unitChangeCause(report)).toBe('STATUS_REPORT');
  });
});
