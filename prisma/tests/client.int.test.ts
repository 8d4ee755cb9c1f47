import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPrismaClient,
  IncidentStatus,
  Prisma,
  runMigrations,
  Severity,
  type PrismaClient,
} from '../src/index.js';
import { dropSchema, randomName, testDatabaseUrl } from './helpers.js';

const schema = randomName('client_test');
let prisma: PrismaClient;

beforeAll(async () => {
  await runMigrations({ databaseUrl: testDatabaseUrl, schema });
  prisma = createPrismaClient({ databaseUrl: testDatabaseUrl, schema, maxConnections: 2 });
});

afterAll(async () => {
  await prisma?.$disconnect();
  await dropSchema(schema);
});

describe('the generated client on the migrated schema', () => {
  it('round-trips an incident with its lifecycle event and an audit entry in one transaction', async () => {
    const incidentId = `inc-${randomUUID()}`;
    const reportedAt = new Date('2026-01-02T03:04:05.678Z');
    const details = { injuries: 2, vehiclesInvolved: 3, lanesBlocked: 1 };

    await prisma.$transaction([
      prisma.incident.create({
        data: {
          id: incidentId,
          type: 'accident',
          status: IncidentStatus.reported,
          severity: Severity.high,
          latitude: 37.7749,
          longitude: -122.4194,
          segmentId: 4242,
          description: 'Two cars collided on Market St',
          details,
          reportedBy: 'caller-17',
          reportedAt,
          lastEventAt: reportedAt,
          events: {
            create: {
              id: randomUUID(),
              status: 'reported',
              severity: 'high',
              actor: 'caller-17',
              source: 'simulator',
              occurredAt: reportedAt,
            },
          },
        },
      }),
      prisma.auditLog.create({
        data: {
          actor: 'op-ana',
          role: 'dispatcher',
          action: 'incident.report',
          entity: 'incident',
          entityId: incidentId,
          input: { severity: 'high', note: 'µg/m³ and "quotes" survive' },
        },
      }),
    ]);

    const incident = await prisma.incident.findUniqueOrThrow({
      where: { id: incidentId },
      include: { events: true },
    });
    expect(incident).toMatchObject({
      type: 'accident',
      status: 'reported',
      severity: 'high',
      latitude: 37.7749,
      longitude: -122.4194,
      segmentId: 4242,
      details,
      reportedAt,
      resolvedAt: null,
    });
    expect(incident.events).toHaveLength(1);
    expect(incident.events[0]).toMatchObject({ status: 'reported', actor: 'caller-17' });

    const audit = await prisma.auditLog.findMany({
      where: { entity: 'incident', entityId: incidentId },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: 'op-ana',
      role: 'dispatcher',
      action: 'incident.report',
      input: { severity: 'high', note: 'µg/m³ and "quotes" survive' },
    });
    expect(typeof audit[0]!.id).toBe('bigint');
    expect(audit[0]!.at).toBeInstanceOf(Date);
  });

  it('rejects a redelivered event through the processed_events primary key', async () => {
    const eventId = randomUUID();
    await prisma.processedEvent.create({ data: { consumer: 'test', eventId, topic: 't' } });
    const again = prisma.processedEvent.create({ data: { consumer: 'test', eventId, topic: 't' } });
    await expect(again).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    await expect(again).rejects.toMatchObject({ code: 'P2002' });
  });

  it('writes only to its own schema', async () => {
    const rows = await prisma.$queryRaw<{ schema: string }[]>`SELECT current_schema() AS schema`;
    expect(rows[0]?.schema).toBe(schema);
  });
});
