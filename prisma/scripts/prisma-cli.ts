import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const prismaDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(prismaDir, 'package.json'));

/** The real schema-engine binary when Prisma's install script could fetch it, else undefined. */
function installedSchemaEngine(): string | undefined {
  const enginesDir = dirname(require.resolve('@prisma/engines/package.json'));
  const binary = readdirSync(enginesDir).find((name) => name.startsWith('schema-engine-'));
  return binary === undefined ? undefined : join(enginesDir, binary);
}

/**
 * Environment for the Prisma 7 CLI on a machine where binaries.prisma.sh is unreachable. The CLI
 * insists on a schema-engine binary before any command, but `generate` never runs it (the
 * client uses the wasm query compiler), so any existing file satisfies the check.
 */
export function offlinePrismaEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (env.PRISMA_SCHEMA_ENGINE_BINARY || installedSchemaEngine()) return env;
  const placeholder = join(prismaDir, '.cache', 'schema-engine-placeholder');
  if (!existsSync(placeholder)) {
    mkdirSync(dirname(placeholder), { recursive: true });
    writeFileSync(
      placeholder,
      '#!/bin/sh\necho "placeholder: the real schema engine is not installed" >&2\nexit 1\n',
      {
        mode: 0o755,
      },
    );
  }
  return {
    ...env,
    PRISMA_SCHEMA_ENGINE_BINARY: placeholder,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  };
}

/** Runs the Prisma 7 CLI in prisma/ with the offline environment; returns its exit code. */
export function runPrismaCli(args: readonly string[]): number {
  const pkg = JSON.parse(readFileSync(require.resolve('prisma/package.json'), 'utf8')) as {
    bin: { prisma: string };
  };
  const cli = join(dirname(require.resolve('prisma/package.json')), pkg.bin.prisma);
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: prismaDir,
    env: offlinePrismaEnv(),
    stdio: 'inherit',
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
}
