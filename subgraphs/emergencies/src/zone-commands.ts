import type { PrismaClient, Zone } from '@city/db';
import { badUserInput, notFound, type UserClaims } from '@city/subgraph-kit';
import { writeAudit } from './audit.js';
import { OPERATOR_ROLES } from './incident-commands.js';
import { parsePolygon, type PolygonGeometry } from './zone-polygon.js';

interface PolygonInput {
  readonly type: string;
  readonly coordinates: number[][][];
}

export interface ZoneCommands {
  list(): Promise<Zone[]>;
  get(id: string): Promise<Zone | null>;
  create(user: UserClaims, input: { name: string; polygon: PolygonInput }): Promise<Zone>;
  update(
    user: UserClaims,
    id: string,
    input: { name?: string | null; polygon?: PolygonInput | null },
  ): Promise<Zone>;
  remove(user: UserClaims, id: string): Promise<string>;
}

function parseName(field: string, name: string): string {
  const n = name.trim();
  if (n.length === 0 || n.length > 128) throw badUserInput(field, 'must be 1-128 characters');
  return n;
}

/**
 * Operator geofences in the `zones` table (kind `operator`; neighbourhoods are city data and not
 * editable). Every change and its audit row share one transaction.
 */
export function createZoneCommands(db: PrismaClient): ZoneCommands {
  async function nameTaken(
    tx: Pick<PrismaClient, 'zone'>,
    name: string,
    except: string | null,
  ): Promise<boolean> {
    const other = await tx.zone.findFirst({
      where: { kind: 'operator', name, ...(except ? { NOT: { id: except } } : {}) },
      select: { id: true },
    });
    return other !== null;
  }

  return {
    list: () => db.zone.findMany({ where: { kind: 'operator' }, orderBy: { name: 'asc' } }),
    get: (id) => db.zone.findFirst({ where: { id, kind: 'operator' } }),

    async create(user, input) {
      const name = parseName('input.name', input.name);
      const polygon = parsePolygon('input.polygon', input.polygon);
      return db.$transaction(async (tx) => {
        if (await nameTaken(tx, name, null))
          throw badUserInput('input.name', `a zone named "${name}" exists`);
        const zone = await tx.zone.create({
          data: {
            name,
            kind: 'operator',
            polygon: polygon as unknown as object,
            createdBy: user.sub,
            updatedBy: user.sub,
          },
        });
        await writeAudit(tx, {
          user,
          allowed: OPERATOR_ROLES,
          action: 'zone.create',
          entity: 'Zone',
          entityId: zone.id,
          input: { name, polygon: polygon as unknown as object },
        });
        return zone;
      });
    },

    async update(user, id, input) {
      const name = input.name == null ? null : parseName('input.name', input.name);
      const polygon: PolygonGeometry | null =
        input.polygon == null ? null : parsePolygon('input.polygon', input.polygon);
      if (name === null && polygon === null)
        throw badUserInput('input', 'give a name or a polygon to change');
      return db.$transaction(async (tx) => {
        const existing = await tx.zone.findFirst({ where: { id, kind: 'operator' } });
        if (!existing) throw notFound('Zone', id);
        if (name !== null && (await nameTaken(tx, name, id)))
          throw badUserInput('input.name', `a zone named "${name}" exists`);
        const zone = await tx.zone.update({
          where: { id },
          data: {
            ...(name !== null ? { name } : {}),
            ...(polygon !== null ? { polygon: polygon as unknown as object } : {}),
            updatedBy: user.sub,
          },
        });
        await writeAudit(tx, {
          user,
          allowed: OPERATOR_ROLES,
          action: 'zone.update',
          entity: 'Zone',
          entityId: id,
          input: { name, polygon: polygon as unknown as object },
        });
        return zone;
      });
    },

    async remove(user, id) {
      return db.$transaction(async (tx) => {
        const existing = await tx.zone.findFirst({ where: { id, kind: 'operator' } });
        if (!existing) throw notFound('Zone', id);
        await tx.zone.delete({ where: { id } });
        await writeAudit(tx, {
          user,
          allowed: OPERATOR_ROLES,
          action: 'zone.delete',
          entity: 'Zone',
          entityId: id,
          input: { id, name: existing.name },
        });
        return id;
      });
    },
  };
}
