/** Congestion levels, worst last; LOS maps onto them. */
export const CONGESTION_LEVELS = ['FREE', 'MODERATE', 'HEAVY', 'SEVERE'] as const;
export type CongestionLevel = (typeof CONGESTION_LEVELS)[number];

export function congestionLevelOf(los: string | null): CongestionLevel | null {
  switch (los) {
    case 'A':
    case 'B':
      return 'FREE';
    case 'C':
    case 'D':
      return 'MODERATE';
    case 'E':
      return 'HEAVY';
    case 'F':
      return 'SEVERE';
    default:
      return null;
  }
}

export function levelRank(level: CongestionLevel): number {
  return CONGESTION_LEVELS.indexOf(level);
}

/** The live part of a segment, from the processor's `traffic:segment:<id>` hash. */
export interface LiveSegment {
  readonly currentSpeedKmh: number | null;
  readonly volume: number | null;
  readonly flowPerHour: number | null;
  readonly los: string | null;
  readonly travelTimeIndex: number | null;
  readonly congested: boolean;
  readonly updatedAt: string | null;
}

const num = (v: string | undefined) => {
  if (v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};

export const NO_LIVE_DATA: LiveSegment = {
  currentSpeedKmh: null,
  volume: null,
  flowPerHour: null,
  los: null,
  travelTimeIndex: null,
  congested: false,
  updatedAt: null,
};

/** The fields of a segment hash `parseLiveSegment` reads (of the ~25 the processor writes). */
export const LIVE_SEGMENT_FIELDS = [
  'meanSpeedKmh1m',
  'meanSpeedKmh5m',
  'volume5m',
  'volume1m',
  'flowPerHour5m',
  'flowPerHour1m',
  'los5m',
  'los',
  'los1m',
  'travelTimeIndex5m',
  'travelTimeIndex1m',
  'congested',
  'windowEnd1m',
  'windowEnd5m',
] as const;

/** Parses the hash; the 5-minute window is the reference, the 1-minute one the freshest speed. */
export function parseLiveSegment(h: Record<string, string>): LiveSegment {
  if (Object.keys(h).length === 0) return NO_LIVE_DATA;
  return {
    currentSpeedKmh: num(h.meanSpeedKmh1m) ?? num(h.meanSpeedKmh5m),
    volume: num(h.volume5m) ?? num(h.volume1m),
    flowPerHour: num(h.flowPerHour5m) ?? num(h.flowPerHour1m),
    los: h.los5m ?? h.los ?? h.los1m ?? null,
    travelTimeIndex: num(h.travelTimeIndex5m) ?? num(h.travelTimeIndex1m),
    congested: h.congested === '1',
    updatedAt: h.windowEnd1m ?? h.windowEnd5m ?? null,
  };
}
