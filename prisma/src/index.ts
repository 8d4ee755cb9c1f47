export { createPrismaClient } from './create-prisma-client.js';
export type { CreatePrismaClientOptions } from './create-prisma-client.js';
export { parseDatabaseUrl, quoteIdent } from './database-url.js';
export { connectPgSession } from './connect-pg-session.js';
export type { ConnectPgSessionOptions } from './connect-pg-session.js';
export type { DatabaseTarget } from './database-url.js';
export { runMigrations, DEFAULT_MIGRATIONS_DIR } from './migrate/run-migrations.js';
export type {
  MigrateLogger,
  RunMigrationsOptions,
  RunMigrationsResult,
} from './migrate/run-migrations.js';
export { resolveRolledBack } from './migrate/resolve-rolled-back.js';
export { MigrationError } from './migrate/migration-error.js';
export type { MigrationErrorCode } from './migrate/migration-error.js';
export { migrationChecksum, checksumMatches } from './migrate/checksum.js';
export { PRISMA_ADVISORY_LOCK_KEY } from './migrate/migrations-table.js';

// The generated client: PrismaClient, the Prisma namespace (errors, JSON types), model types
// (Incident, AuditLog, ...) and enums (IncidentStatus, ...).
export * from '../generated/client/client.js';
