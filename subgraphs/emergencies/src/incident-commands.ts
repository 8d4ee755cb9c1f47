import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { DispatchCommand, IncidentEvent } from '@city/contracts';
import type { Prisma, PrismaClient } from '@city/db';
import type { Logger } from '@city/log';
import type { RoadNetwork } from '@city/roadgraph';
import { badUserInput, notFound, type Role, type UserClaims } from '@city/subgraph-kit';
import { judgeSeverity } from '@city/processor/domains/emergencies/severity.js';
import { writeAudit } from './audit.js';
import type { DispatchPlanner } from './dispatch-planner.js';
import type { EventPublisher } from './event-publisher.js';
import {
  parseDetails,
  parseDescription,
  parsePosition,
  parseUnitIds,
  type DetailsInput,
} from './incident-input.js';
import { INCIDENT_COLUMNS, isTerminal, statusRank, type IncidentRow } from './incident-row.js';
import type { UnitStore } from './unit-store.js';

/** Roles allowed to change incidents, units and zones. */
export const OPERATOR_ROLES: readonly Role[] = ['operator', 'dispatcher'];

type Status = IncidentEvent['status'];
type Severity = NonNullable<IncidentEvent['severity']>;

export interface ReportIncidentInput {
  readonly type: IncidentEvent['type'];
  readonly latitude: number;
  readonly longitude: number;
  readonly description: string;
  readonly details?: DetailsInput | null;
  readonly severity?: Severity | null;
  readonly roadSegmentId?: string | null;
}

export interface IssuedCommand {
  readonly commandId: string;
  readonly unitId: string;
  readonly priority: Severity;
  readonly issuedAt: string;
  readonly issuedBy: string;
}

export interface IncidentCommandDeps {
  readonly db: PrismaClient;
  readonly publisher: EventPublisher;
  readonly planner: Pick<DispatchPlanner, 'snap'>;
  readonly network: RoadNetwork;
  readonly units: UnitStore;
  readonly log: Logger;
  /** `source` of the events produced. */
  readonly source?: string;
  readonly now?: () => Date;
}

export interface IncidentCommands {
  report(user: UserClaims, input: ReportIncidentInput): Promise<IncidentRow>;
  transition(
    user: UserClaims,
    id: string,
    target: Status,
    options: { action: string; note?: string | null },
  ): Promise<IncidentRow>;
  dispatch(
    user: UserClaims,
    incidentId: string,
    unitIds: readonly string[],
  ): Promise<{ incident: IncidentRow; commands: IssuedCommand[] }>;
}

const TX_OPTIONS = { maxWait: 5_000, timeout: 20_000 };

function publishFailed(error: unknown): GraphQLError {
  return new GraphQLError('could not publish the event to Kafka; nothing was changed, retry', {
    extensions: { code: 'DEPENDENCY_UNAVAILABLE' },
    originalError: error as Error,
  });
}

/**
 * Operator actions on incidents. Each runs in one PostgreSQL transaction: the effect (incident
 * row, incident_events / incident_response_steps rows with the SAME ids as the events), the
 * audit row, then the Kafka publish; the transaction commits only after the broker acknowledged,
 * so a failed publish leaves nothing behind. The processor later applies the same events: its
 * upserts are keyed by event id and guarded by last_event_at, so they rewrite the same values.
 */
export function createIncidentCommands(deps: IncidentCommandDeps): IncidentCommands {
  const now = deps.now ?? (() => new Date());
  const source = deps.source ?? 'emergencies-subgraph';

  async function publish(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      deps.log.error({ err: error }, 'publish failed; rolling back');
      throw publishFailed(error);
    }
  }

  async function lockIncident(tx: Prisma.TransactionClient, id: string): Promise<IncidentRow> {
    const rows = await tx.$queryRawUnsafe<IncidentRow[]>(
      `SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE id = $1 FOR UPDATE`,
      id,
    );
    if (!rows[0]) throw notFound('Incident', id);
    return rows[0];
  }

  async function reload(tx: Prisma.TransactionClient, id: string): Promise<IncidentRow> {
    const rows = await tx.$queryRawUnsafe<IncidentRow[]>(
      `SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE id = $1`,
      id,
    );
    return rows[0]!;
  }

  /** A status event carrying the incident's current facts (the processor may not know it yet). */
  function statusEvent(row: IncidentRow, status: Status, at: string, actor: string): IncidentEvent {
    return {
      schemaVersion: 1,
      eventId: randomUUID(),
      timestamp: at,
      source,
      incidentId: row.id,
      type: row.type,
      status,
      latitude: row.latitude,
      longitude: row.longitude,
      ...(row.segment_id !== null ? { segmentId: row.segment_id } : {}),
      // Empty: the processor keeps the incident's description (a note would replace it).
      description: '',
      details: row.details,
      reportedBy: actor,
    };
  }

  async function applyStatus(
    tx: Prisma.TransactionClient,
    row: IncidentRow,
    event: IncidentEvent,
    unitId: string | null,
  ): Promise<void> {
    await tx.$executeRawUnsafe(
      `UPDATE incidents SET status = $2::incident_status,
              last_event_at = GREATEST(last_event_at, $3::timestamptz),
              resolved_at = CASE WHEN $4 THEN $3::timestamptz ELSE resolved_at END,
              updated_at = now()
        WHERE id = $1`,
      row.id,
      event.status,
      event.timestamp,
      isTerminal(event.status),
    );
    await insertEvent(tx, event, row.severity, unitId);
  }

  async function insertEvent(
    tx: Prisma.TransactionClient,
    e: IncidentEvent,
    severity: string,
    unitId: string | null,
  ): Promise<void> {
    await tx.$executeRawUnsafe(
      `INSERT INTO incident_events (id, incident_id, status, severity, unit_id, actor, source, note, occurred_at)
       VALUES ($1::uuid, $2, $3::incident_status, $4::severity, $5, $6, $7, $8, $9::timestamptz)`,
      e.eventId,
      e.incidentId,
      e.status,
      severity,
      unitId,
      e.reportedBy,
      e.source,
      e.description === '' ? null : e.description,
      e.timestamp,
    );
  }

  return {
    async report(user, input) {
      const { latitude, longitude } = parsePosition('input', input);
      const description = parseDescription('input.description', input.description);
      const details = parseDetails('input.details', input.details);
      let segmentId: number | null = null;
      if (input.roadSegmentId !== null && input.roadSegmentId !== undefined) {
        const n = /^\d+$/.test(input.roadSegmentId) ? Number(input.roadSegmentId) : -1;
        if (!deps.network.segments[n])
          throw badUserInput('input.roadSegmentId', 'is not a road segment id');
        segmentId = n;
      } else {
        segmentId = deps.planner.snap(longitude, latitude, 100)?.segmentId ?? null;
      }
      const at = now();
      const id = `inc-${at.toISOString().slice(0, 10).replaceAll('-', '')}-${randomUUID().slice(0, 8)}`;
      const event: IncidentEvent = {
        schemaVersion: 1,
        eventId: randomUUID(),
        timestamp: at.toISOString(),
        source,
        incidentId: id,
        type: input.type,
        status: 'reported',
        latitude,
        longitude,
        ...(segmentId !== null ? { segmentId } : {}),
        description,
        details,
        ...(input.severity ? { severity: input.severity } : {}),
        reportedBy: user.sub,
      };
      const severity = input.severity ?? judgeSeverity(input.type, details);
      return deps.db.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(
          `INSERT INTO incidents (id, type, status, severity, latitude, longitude, segment_id, description, details, reported_by, reported_at, last_event_at)
           VALUES ($1, $2::incident_type, 'reported', $3::severity, $4, $5, $6, $7, $8::jsonb, $9, $10::timestamptz, $10::timestamptz)`,
          id,
          input.type,
          severity,
          latitude,
          longitude,
          segmentId,
          description,
          JSON.stringify(details),
          user.sub,
          event.timestamp,
        );
        await insertEvent(tx, event, severity, null);
        await writeAudit(tx, {
          user,
          allowed: OPERATOR_ROLES,
          action: 'incident.report',
          entity: 'Incident',
          entityId: id,
          input: { ...input, details, severity, segmentId, eventId: event.eventId },
        });
        await publish(() => deps.publisher.publish('emergency_incident_data', [event]));
        return reload(tx, id);
      }, TX_OPTIONS);
    },

    async transition(user, id, target, options) {
      const note = options.note ?? null;
      if (note !== null && note.length > 2000)
        throw badUserInput('note', 'must be at most 2000 characters');
      return deps.db.$transaction(async (tx) => {
        const row = await lockIncident(tx, id);
        if (isTerminal(row.status)) {
          throw badUserInput('id', `incident ${id} is ${row.status}; its status is final`);
        }
        if (statusRank(target) <= statusRank(row.status)) {
          throw badUserInput(
            'status',
            `cannot move incident ${id} from ${row.status} to ${target} (statuses only move forward)`,
          );
        }
        const event = statusEvent(row, target, now().toISOString(), user.sub);
        await applyStatus(tx, row, event, null);
        await writeAudit(tx, {
          user,
          allowed: OPERATOR_ROLES,
          action: options.action,
          entity: 'Incident',
          entityId: id,
          input: { id, status: target, note, eventId: event.eventId },
        });
        await publish(() => deps.publisher.publish('emergency_incident_data', [event]));
        return reload(tx, id);
      }, TX_OPTIONS);
    },

    async dispatch(user, incidentId, rawUnitIds) {
      const unitIds = parseUnitIds('unitIds', rawUnitIds);
      const units = await deps.units.getMany(unitIds);
      units.forEach((u, i) => {
        if (!u) throw badUserInput(`unitIds[${i}]`, `unit ${unitIds[i]} has not reported`);
        if (u.status === 'out_of_service')
          throw badUserInput(`unitIds[${i}]`, `unit ${unitIds[i]} is out of service`);
      });
      return deps.db.$transaction(async (tx) => {
        const row = await lockIncident(tx, incidentId);
        if (isTerminal(row.status)) {
          throw badUserInput('incidentId', `incident ${incidentId} is ${row.status}`);
        }
        const issuedAt = now().toISOString();
        const commands: DispatchCommand[] = unitIds.map((unitId) => ({
          schemaVersion: 1,
          eventId: randomUUID(),
          timestamp: issuedAt,
          source,
          commandId: randomUUID(),
          unitId,
          incidentId,
          latitude: row.latitude,
          longitude: row.longitude,
          priority: row.severity,
          issuedBy: user.sub,
        }));
        for (const c of commands) {
          // Same row (id = event id) the processor writes for the command: idempotent.
          await tx.$executeRawUnsafe(
            `INSERT INTO incident_response_steps (id, incident_id, unit_id, step, command_id, actor, occurred_at)
             VALUES ($1::uuid, $2, $3, 'dispatched', $4::uuid, $5, $6::timestamptz)`,
            c.eventId,
            incidentId,
            c.unitId,
            c.commandId,
            c.issuedBy,
            c.timestamp,
          );
          // The command record, when the processor has already written the unit's row.
          await tx.$executeRawUnsafe(
            `INSERT INTO dispatches (id, unit_id, incident_id, priority, issued_by, issued_at)
             SELECT $1::uuid, $2::text, $3::text, $4::severity, $5::text, $6::timestamptz
              WHERE EXISTS (SELECT 1 FROM emergency_units WHERE id = $2::text)`,
            c.commandId,
            c.unitId,
            incidentId,
            c.priority,
            c.issuedBy,
            c.timestamp,
          );
        }
        const statusEvents: IncidentEvent[] = [];
        if (statusRank(row.status) < statusRank('dispatched')) {
          const event = statusEvent(row, 'dispatched', issuedAt, user.sub);
          await applyStatus(tx, row, event, unitIds.length === 1 ? unitIds[0]! : null);
          statusEvents.push(event);
        }
        await writeAudit(tx, {
          user,
          allowed: OPERATOR_ROLES,
          action: 'incident.dispatch',
          entity: 'Incident',
          entityId: incidentId,
          input: {
            incidentId,
            unitIds,
            commandIds: commands.map((c) => c.commandId),
            eventIds: [...commands, ...statusEvents].map((e) => e.eventId),
          },
        });
        await publish(async () => {
          await deps.publisher.publish('dispatch_commands', commands);
          await deps.publisher.publish('emergency_incident_data', statusEvents);
        });
        return {
          incident: await reload(tx, incidentId),
          commands: commands.map((c) => ({
            commandId: c.commandId,
            unitId: c.unitId,
            priority: c.priority,
            issuedAt: c.timestamp,
            issuedBy: c.issuedBy,
          })),
        };
      }, TX_OPTIONS);
    },
  };
}
