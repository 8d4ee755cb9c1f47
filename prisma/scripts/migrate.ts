import { commonInfraFields, parseConfig } from '@city/config';
import { createLogger } from '@city/log';
import { resolveRolledBack } from '../src/migrate/resolve-rolled-back.js';
import { runMigrations } from '../src/migrate/run-migrations.js';

// `npm run db:migrate`: applies pending migrations to DATABASE_URL (`?schema=` picks the schema).
// `npm run db:migrate -- --rolled-back <name>`: marks a failed migration rolled back (see
// docs/database.md), like `prisma migrate resolve --rolled-back <name>`.
const config = parseConfig({
  databaseUrl: commonInfraFields.databaseUrl,
  logLevel: commonInfraFields.logLevel,
});
const logger = createLogger({ service: 'db-migrate', level: config.logLevel });

const [flag, migrationName] = process.argv.slice(2);

try {
  if (flag === '--rolled-back' && migrationName) {
    await resolveRolledBack({ databaseUrl: config.databaseUrl, migrationName });
    logger.info({ migration: migrationName }, 'marked failed migration as rolled back');
  } else if (flag !== undefined) {
    throw new Error(
      `unknown arguments: ${process.argv.slice(2).join(' ')} (usage: [--rolled-back <name>])`,
    );
  } else {
    await runMigrations({ databaseUrl: config.databaseUrl, logger });
  }
} catch (error) {
  logger.error({ err: error }, 'migrate failed');
  logger.flush();
  process.exitCode = 1;
}
