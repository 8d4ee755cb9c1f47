import { commonInfraFields, parseConfig } from '@city/config';
import { createLogger } from '@city/log';
import { runMigrations } from '../src/migrate/run-migrations.js';

// `npm run db:migrate`: applies pending migrations to DATABASE_URL (`?schema=` picks the schema).
const config = parseConfig({
  databaseUrl: commonInfraFields.databaseUrl,
  logLevel: commonInfraFields.logLevel,
});
const logger = createLogger({ service: 'db-migrate', level: config.logLevel });

try {
  await runMigrations({ databaseUrl: config.databaseUrl, logger });
} catch (error) {
  logger.error({ err: error }, 'migrate failed');
  logger.flush();
  process.exitCode = 1;
}
