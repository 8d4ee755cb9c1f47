import type { Prisma } from '@city/db';
import type { Role, UserClaims } from '@city/subgraph-kit';

/** Who did what to which entity, with the validated input: one audit_log row. */
export interface AuditEntry {
  readonly user: UserClaims;
  /** The role that authorised the action (the caller's first role among those allowed). */
  readonly allowed: readonly Role[];
  readonly action: string;
  readonly entity: string;
  readonly entityId: string | null;
  readonly input: Prisma.InputJsonValue;
}

/** Writes the audit row with the transaction of the action it records. */
export async function writeAudit(tx: Prisma.TransactionClient, entry: AuditEntry): Promise<void> {
  const role = entry.user.roles.find((r) => entry.allowed.includes(r)) ?? entry.user.roles[0] ?? '';
  await tx.auditLog.create({
    data: {
      actor: entry.user.sub,
      role,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId,
      input: entry.input,
    },
  });
}
