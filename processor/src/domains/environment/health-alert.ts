import { categoryCode, categoryRank, type AqiCategory, type Pollutant } from './aqi.js';

/** An alert opens at this category or worse and clears when the station falls below it. */
export const ALERT_THRESHOLD: AqiCategory = 'Unhealthy for Sensitive Groups';

export interface OpenAlert {
  readonly id: string;
  readonly startedAt: number;
  category: AqiCategory;
  aqi: number;
  dominant: Pollutant;
  peakAqi: number;
  peakCategory: AqiCategory;
}

export type AlertTransition = 'opened' | 'worsened' | 'updated' | 'cleared' | null;

export function alertIdFor(stationId: string, startedAt: number): string {
  return `aq-${stationId}-${Math.floor(startedAt / 1000)}`;
}

/**
 * Moves a station's alert episode on with a new (in event-time order) AQI. One alert per episode:
 * it opens when the category reaches the threshold, is updated while it stays at or above it and
 * clears (returning the closed alert) when the station falls back below.
 */
export function stepAlert(
  open: OpenAlert | null,
  stationId: string,
  reading: { at: number; aqi: number; category: AqiCategory; dominant: Pollutant },
): { alert: OpenAlert | null; transition: AlertTransition; subject: OpenAlert | null } {
  const above = categoryRank(reading.category) >= categoryRank(ALERT_THRESHOLD);
  if (!open) {
    if (!above) return { alert: null, transition: null, subject: null };
    const alert: OpenAlert = {
      id: alertIdFor(stationId, reading.at),
      startedAt: reading.at,
      category: reading.category,
      aqi: reading.aqi,
      dominant: reading.dominant,
      peakAqi: reading.aqi,
      peakCategory: reading.category,
    };
    return { alert, transition: 'opened', subject: alert };
  }
  if (!above) {
    const closed = { ...open, category: reading.category, aqi: reading.aqi };
    return { alert: null, transition: 'cleared', subject: closed };
  }
  const worsened = categoryRank(reading.category) > categoryRank(open.category);
  open.category = reading.category;
  open.aqi = reading.aqi;
  open.dominant = reading.dominant;
  if (reading.aqi > open.peakAqi) {
    open.peakAqi = reading.aqi;
    open.peakCategory = reading.category;
  }
  return { alert: open, transition: worsened ? 'worsened' : 'updated', subject: open };
}

export function alertRow(
  alert: OpenAlert,
  stationId: string,
  position: { latitude: number; longitude: number },
  at: number,
  cleared: boolean,
): Record<string, unknown> {
  return {
    id: alert.id,
    station_id: stationId,
    status: cleared ? 'cleared' : 'active',
    category: categoryCode(alert.category),
    aqi: alert.aqi,
    dominant_pollutant: alert.dominant,
    peak_aqi: alert.peakAqi,
    peak_category: categoryCode(alert.peakCategory),
    latitude: position.latitude,
    longitude: position.longitude,
    started_at: new Date(alert.startedAt).toISOString(),
    ended_at: cleared ? new Date(at).toISOString() : null,
    last_event_at: new Date(at).toISOString(),
  };
}
