export const NOISE_CATEGORIES = ['quiet', 'moderate', 'loud', 'very_loud', 'harmful'] as const;
export type NoiseCategory = (typeof NOISE_CATEGORIES)[number];

/**
 * Noise category of an A-weighted level. Bands: below 45 dB(A) quiet (WHO night guideline
 * territory), 45–55 moderate (WHO day guideline 55), 55–70 loud (busy street), 70–85 very loud,
 * 85 and above harmful (NIOSH 8-hour exposure limit).
 */
export function noiseCategory(dbA: number): NoiseCategory {
  if (dbA < 45) return 'quiet';
  if (dbA < 55) return 'moderate';
  if (dbA < 70) return 'loud';
  if (dbA < 85) return 'very_loud';
  return 'harmful';
}
