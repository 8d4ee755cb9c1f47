import type { EventOf } from '@city/contracts';
import { haversineM, pointInRing } from '@city/roadgraph';
import type { City } from './city.js';
import type { Rng } from './rng.js';
import type { Traffic } from './traffic.js';
import { round1 } from './weather.js';

const DAY_S = 86_400;
const NEAR_ROAD_M = 250;

interface Station {
  readonly id: string;
  readonly neighbourhood: string;
  readonly lon: number;
  readonly lat: number;
  /** Directed edges within NEAR_ROAD_M: their density raises NO2, CO, PM and noise. */
  readonly nearEdges: Int32Array;
  readonly bias: number;
}

interface Episode {
  readonly lon: number;
  readonly lat: number;
  readonly startS: number;
  readonly durationS: number;
  readonly radiusM: number;
  /** Extra PM2.5 at the centre at peak, µg/m³. */
  readonly peakPm25: number;
}

/** Diurnal traffic shape, 0..1: rush hours at 8 and 17–18 local time. */
export function rushHour(localHour: number): number {
  const g = (mu: number, sd: number) => Math.exp(-(((localHour - mu) / sd) ** 2) / 2);
  return Math.min(1, 0.15 + 0.85 * Math.max(g(8, 1.5), g(17.5, 2)));
}

/**
 * ~50 stations spread over the neighbourhoods. Each pollutant has a diurnal shape (NO2/CO/PM at
 * rush hour, O3 in the afternoon), a term from congestion on nearby roads, and pollution episodes
 * (smoke, inversions) that drift in, push PM2.5 across EPA categories for hours, and fade.
 */
export class AirQuality {
  readonly stations: Station[] = [];
  private episodes: Episode[] = [];
  private nextEpisodeS: number;

  constructor(
    city: City,
    private readonly traffic: Traffic,
    private readonly rng: Rng,
    count: number,
    startS: number,
  ) {
    const [minLon, minLat, maxLon, maxLat] = city.bbox;
    const hoods = city.neighbourhoods;
    const segs = city.network.segments;
    for (let attempts = 0; this.stations.length < count && attempts < count * 500; attempts++) {
      const lon = rng.range(minLon + 0.004, maxLon - 0.004);
      const lat = rng.range(minLat + 0.003, maxLat - 0.003);
      const hood = hoods.find((h) => h.rings.some((r) => pointInRing(lon, lat, r)));
      if (!hood) continue; // in the bay
      // Keep stations apart so they cover the neighbourhoods rather than cluster.
      if (this.stations.some((s) => haversineM(s.lon, s.lat, lon, lat) < 450)) continue;
      const near: number[] = [];
      for (const s of segs) {
        const mid = Math.floor(s.coords.length / 4) * 2;
        if (haversineM(lon, lat, s.coords[mid]!, s.coords[mid + 1]!) < NEAR_ROAD_M)
          near.push(s.id * 2, s.id * 2 + 1);
      }
      this.stations.push({
        id: `aq-${String(this.stations.length + 1).padStart(2, '0')}`,
        neighbourhood: hood.name,
        lon,
        lat,
        nearEdges: Int32Array.from(near),
        bias: rng.range(0.85, 1.15),
      });
    }
    this.nextEpisodeS = startS + rng.exponential(DAY_S / 1.5);
  }

  private congestion(s: Station): number {
    let sum = 0;
    for (const e of s.nearEdges) sum += Math.min(1, this.traffic.density(e));
    // Saturates: a busy junction counts, a whole jammed district does not count 50 times.
    return Math.min(1, (sum / Math.max(1, s.nearEdges.length)) * 6);
  }

  private episodeBoost(s: Station, nowS: number): number {
    let pm = 0;
    for (const ep of this.episodes) {
      const t = (nowS - ep.startS) / ep.durationS;
      if (t < 0 || t > 1) continue;
      const shape = Math.sin(Math.PI * t); // rises, peaks, fades
      const d = haversineM(ep.lon, ep.lat, s.lon, s.lat);
      pm += ep.peakPm25 * shape * Math.exp(-((d / ep.radiusM) ** 2));
    }
    return pm;
  }

  private update(nowS: number, centre: { lon: number; lat: number }): void {
    while (this.nextEpisodeS <= nowS) {
      this.episodes.push({
        lon: centre.lon + this.rng.normal(0, 0.01),
        lat: centre.lat + this.rng.normal(0, 0.008),
        startS: this.nextEpisodeS,
        durationS: this.rng.range(3, 10) * 3600,
        radiusM: this.rng.range(1500, 5000),
        peakPm25: this.rng.range(25, 140),
      });
      this.nextEpisodeS += this.rng.exponential(DAY_S / 1.5);
    }
    this.episodes = this.episodes.filter((e) => nowS < e.startS + e.durationS);
  }

  observe(
    nowS: number,
    timestamp: string,
    newId: () => string,
    emit: (e: EventOf<'air_quality_data'>) => void,
  ): void {
    const first = this.stations[0];
    if (!first) return;
    this.update(nowS, { lon: -122.415, lat: 37.78 });
    const hourUtc = (((nowS % DAY_S) + DAY_S) % DAY_S) / 3600;
    const local = (hourUtc - 8 + 24) % 24;
    const rush = rushHour(local);
    const sun = Math.max(0, Math.sin(((local - 7) / 12) * Math.PI)); // daylight 7–19
    for (const s of this.stations) {
      const c = this.congestion(s);
      const n = () => 1 + this.rng.normal(0, 0.06);
      const episode = this.episodeBoost(s, nowS);
      const pm25 = (4 + 14 * rush + 12 * c) * s.bias * n() + episode;
      emit({
        schemaVersion: 1,
        eventId: newId(),
        timestamp,
        source: 'simulator',
        stationId: s.id,
        latitude: s.lat,
        longitude: s.lon,
        pm25UgPerM3: round1(clamp(pm25, 0, 1000)),
        pm10UgPerM3: round1(clamp(pm25 * 1.6 + 5 * n(), 0, 2000)),
        o3Ppb: round1(clamp((18 + 35 * sun - 10 * c) * s.bias * n(), 0, 1000)),
        no2Ppb: round1(clamp((6 + 25 * rush + 30 * c) * s.bias * n(), 0, 3000)),
        coPpm: Math.round(clamp((0.2 + 0.7 * rush + 1.2 * c) * s.bias * n(), 0, 100) * 100) / 100,
        noiseDbA: round1(clamp(45 + 15 * rush + 12 * c + this.rng.normal(0, 1.5), 0, 160)),
      });
    }
  }
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** US EPA PM2.5 AQI category (2024 breakpoints). */
export function pm25Category(ugPerM3: number): string {
  if (ugPerM3 <= 9) return 'good';
  if (ugPerM3 <= 35.4) return 'moderate';
  if (ugPerM3 <= 55.4) return 'unhealthy_for_sensitive_groups';
  if (ugPerM3 <= 125.4) return 'unhealthy';
  if (ugPerM3 <= 225.4) return 'very_unhealthy';
  return 'hazardous';
}
