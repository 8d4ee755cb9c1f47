import { describe, expect, it } from 'vitest';
import type { Incident } from '../data/city-store.js';
import { filterIncidents } from './incident-list.js';

const incident = (
  id: string,
  severity: Incident['severity'],
  type: string,
  minute: number,
): Incident => ({
  id,
  severity,
  type,
  status: 'reported',
  description: '',
  reportedAt: new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString(),
  updatedAt: new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString(),
  lon: 0,
  lat: 0,
  timeline: [],
});

const list = [
  incident('1', 'low', 'fire', 1),
  incident('2', 'critical', 'medical', 2),
  incident('3', 'critical', 'fire', 3),
  incident('4', 'medium', 'accident', 4),
];

describe('filterIncidents', () => {
  it('sorts newest first', () => {
    expect(
      filterIncidents(list, { severity: 'all', type: 'all', sort: 'newest' }).map((i) => i.id),
    ).toEqual(['4', '3', '2', '1']);
  });
  it('sorts by severity, newest first within a severity', () => {
    expect(
      filterIncidents(list, { severity: 'all', type: 'all', sort: 'severity' }).map((i) => i.id),
    ).toEqual(['3', '2', '4', '1']);
  });
  it('leaves out resolved and cancelled incidents', () => {
    const closed = [
      { ...incident('5', 'critical', 'fire', 5), status: 'resolved' },
      { ...incident('6', 'critical', 'fire', 6), status: 'cancelled' },
      { ...incident('7', 'critical', 'fire', 7), status: 'acknowledged' },
    ];
    expect(
      filterIncidents([...list, ...closed], {
        severity: 'critical',
        type: 'fire',
        sort: 'newest',
      }).map((i) => i.id),
    ).toEqual(['7', '3']);
  });
  it('filters by severity and type', () => {
    expect(
      filterIncidents(list, { severity: 'critical', type: 'fire', sort: 'newest' }).map(
        (i) => i.id,
      ),
    ).toEqual(['3']);
  });
});
