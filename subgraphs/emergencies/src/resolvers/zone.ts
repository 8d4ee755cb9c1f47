import type { Zone as ZoneRow } from '@city/db';

export const Zone = {
  polygon: (z: ZoneRow) => z.polygon,
  createdAt: (z: ZoneRow) => z.createdAt.toISOString(),
  updatedAt: (z: ZoneRow) => z.updatedAt.toISOString(),
};
