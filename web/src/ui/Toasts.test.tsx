// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCityStore, type Incident, type Severity } from '../data/city-store.js';
import { Toasts } from './Toasts.js';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const incident = (id: string, severity: Severity): Incident => ({
  id,
  type: 'fire',
  severity,
  status: 'reported',
  description: `incident ${id}`,
  reportedAt: '2026-11-29T10:00:00.000Z',
  updatedAt: '2026-11-29T10:00:00.000Z',
  lon: -122.4,
  lat: 37.78,
  timeline: [],
});

describe('toasts', () => {
  it('announce new critical incidents and health alerts, not what was there at start, for 8 s', () => {
    vi.useFakeTimers();
    const store = createCityStore();
    store.setIncidents([incident('old', 'critical')]);
    render(<Toasts store={store} />);
    const log = screen.getByRole('log');
    act(() => store.upsertIncidents([incident('old', 'critical')]));
    expect(log.textContent).toBe('');

    act(() => store.upsertIncidents([incident('new-high', 'high'), incident('new', 'critical')]));
    expect(log.textContent).toBe('Critical fire: incident new');
    act(() =>
      store.applyAir(
        [],
        [
          [
            'al',
            { id: 'al', level: 'unhealthy', message: 'AQI 160 at station s1', stationId: 's1' },
          ],
        ],
      ),
    );
    expect(log.textContent).toContain('Health alert: AQI 160 at station s1');
    // The same items again are not new.
    act(() => store.upsertIncidents([incident('new', 'critical')]));
    expect(log.querySelectorAll('.toast')).toHaveLength(2);
    act(() => vi.advanceTimersByTime(8_000));
    expect(log.textContent).toBe('');
  });
});
