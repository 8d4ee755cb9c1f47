export type LevelOfService = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';

/**
 * HCM 6th edition, urban street facilities (Exhibit 16-8): LOS by travel speed as a percentage of
 * the base free-flow speed. A > 85 %, B > 67 %, C > 50 %, D > 40 %, E > 30 %, F <= 30 %. (The HCM
 * also assigns F when the volume-to-capacity ratio exceeds 1.0; segment capacities are not known
 * here, so only the speed criterion applies.)
 */
export function levelOfService(speedPctOfFreeFlow: number): LevelOfService {
  if (speedPctOfFreeFlow > 85) return 'A';
  if (speedPctOfFreeFlow > 67) return 'B';
  if (speedPctOfFreeFlow > 50) return 'C';
  if (speedPctOfFreeFlow > 40) return 'D';
  if (speedPctOfFreeFlow > 30) return 'E';
  return 'F';
}

/** Congested: LOS E or F (speed at or below 40 % of free flow). */
export function isCongested(los: LevelOfService): boolean {
  return los === 'E' || los === 'F';
}

/** Speeds below this are treated as this for the travel time index (a standing queue). */
export const MIN_SPEED_FOR_TTI_KMH = 1;

/**
 * Travel time index: actual travel time over free-flow travel time, i.e. free-flow speed over the
 * space-mean speed. 1.0 is free flow; a standing queue is capped by MIN_SPEED_FOR_TTI_KMH.
 */
export function travelTimeIndex(meanSpeedKmh: number, freeFlowKmh: number): number {
  return freeFlowKmh / Math.max(meanSpeedKmh, MIN_SPEED_FOR_TTI_KMH);
}
