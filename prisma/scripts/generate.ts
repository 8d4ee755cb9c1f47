import { runPrismaCli } from './prisma-cli.js';

// `npm run db:generate`: writes the Prisma client to prisma/generated/client, offline.
process.exitCode = runPrismaCli(['generate', ...process.argv.slice(2)]);
