import type { EventOf } from '@city/contracts';
import { haversineM } from '@city/roadgraph';
import type { Rng } from './rng.js';

export const WEATHER_STATIONS = [
  { id: 'wx-downtown', lon: -122.3999, lat: 37.7903 },
  { id: 'wx-mission', lon: -122.4194, lat: 37.7599 },
  { id: 'wx-marina-edge', lon: -122.4341, lat: 37.7996 },
  { id: 'wx-potrero', lon: -122.3937, lat: 37.7614 },
  { id: 'wx-civic-center', lon: -122.4177, lat: 37.7793 },
  { id: 'wx-embarcadero', lon: -122.3894, lat: 37.7955 },
] as const;

interface Front {
  /** Where the front line crosses, metres along its travel direction from the city centre, at t0. */
  readonly startOffsetM: number;
  readonly t0S: number;
  readonly directionDeg: number;
  readonly speedMps: number;
  readonly widthM: number;
  readonly intensityMmH: number;
}

const CENTRE = { lon: -122.415, lat: 37.78 };
const DAY_S = 86_400;

/**
 * A few stations with a diurnal cycle (cool foggy mornings, mild afternoons) and rain fronts that
 * move across the city at a few m/s: a station sees rain while a front's band covers it.
 */
export class Weather {
  private fronts: Front[] = [];
  private nextFrontS: number;

  constructor(
    private readonly rng: Rng,
    startS: number,
    readonly stationCount = 4,
  ) {
    this.nextFrontS = startS + rng.exponential(DAY_S / 2);
  }

  private update(nowS: number): void {
    while (this.nextFrontS <= nowS) {
      this.fronts.push({
        startOffsetM: -12_000,
        t0S: this.nextFrontS,
        directionDeg: this.rng.range(45, 135), // from the Pacific, heading roughly east
        speedMps: this.rng.range(2, 6),
        widthM: this.rng.range(3_000, 9_000),
        intensityMmH: this.rng.range(0.5, 12),
      });
      this.nextFrontS += this.rng.exponential(DAY_S / 2);
    }
    this.fronts = this.fronts.filter((f) => f.startOffsetM + (nowS - f.t0S) * f.speedMps < 20_000);
  }

  observe(
    nowS: number,
    timestamp: string,
    newId: () => string,
    emit: (e: EventOf<'weather_data'>) => void,
  ): void {
    this.update(nowS);
    const hour = (((nowS % DAY_S) + DAY_S) % DAY_S) / 3600;
    // Pacific time is UTC-8 (ignoring DST): the coldest hour is ~6 local, the warmest ~15.
    const local = (hour - 8 + 24) % 24;
    const diurnal = Math.sin(((local - 9) / 24) * 2 * Math.PI);
    for (const s of WEATHER_STATIONS.slice(0, this.stationCount)) {
      let rain = 0;
      for (const f of this.fronts) {
        const rad = (f.directionDeg * Math.PI) / 180;
        const east = haversineM(CENTRE.lon, s.lat, s.lon, s.lat) * Math.sign(s.lon - CENTRE.lon);
        const north = haversineM(s.lon, CENTRE.lat, s.lon, s.lat) * Math.sign(s.lat - CENTRE.lat);
        const along = east * Math.sin(rad) + north * Math.cos(rad);
        const frontAt = f.startOffsetM + (nowS - f.t0S) * f.speedMps;
        const d = Math.abs(along - frontAt);
        if (d < f.widthM / 2)
          rain = Math.max(rain, f.intensityMmH * Math.cos((d / (f.widthM / 2)) * (Math.PI / 2)));
      }
      const temperatureC = 14 + 4 * diurnal - rain * 0.3 + this.rng.normal(0, 0.3);
      const fog = local < 10 && diurnal < -0.3 && rain === 0;
      const humidityPct = Math.min(
        100,
        Math.max(20, 75 - 15 * diurnal + rain * 3 + this.rng.normal(0, 2)),
      );
      const windSpeedKmh = Math.max(
        0,
        14 + 8 * Math.max(0, diurnal) + rain * 1.5 + this.rng.normal(0, 2),
      );
      const condition: EventOf<'weather_data'>['condition'] =
        rain > 8
          ? 'heavy_rain'
          : rain > 2
            ? 'rain'
            : rain > 0.2
              ? 'drizzle'
              : fog
                ? 'fog'
                : windSpeedKmh > 35
                  ? 'windy'
                  : diurnal > 0.3
                    ? 'clear'
                    : 'partly_cloudy';
      emit({
        schemaVersion: 1,
        eventId: newId(),
        timestamp,
        source: 'simulator',
        stationId: s.id,
        latitude: s.lat,
        longitude: s.lon,
        temperatureC: round1(temperatureC),
        humidityPct: round1(humidityPct),
        windSpeedKmh: round1(windSpeedKmh),
        windDirectionDeg: round1((270 + this.rng.normal(0, 20) + 720) % 360) % 360,
        precipitationMmPerH: round1(rain),
        pressureHpa: round1(1016 - rain * 1.2 + this.rng.normal(0, 0.5)),
        condition,
      });
    }
  }
}

export const round1 = (x: number): number => Math.round(x * 10) / 10;
