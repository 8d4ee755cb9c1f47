#!/usr/bin/env node
// `npm run up` on a fresh clone: installs the dependencies when they are missing (plain Node, since
// tsx itself comes from them), then hands over to the TypeScript orchestrator.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(args) {
  const result = spawnSync(npm, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!existsSync(join(root, 'node_modules', '.bin', 'tsx'))) {
  console.log('Installing dependencies (npm ci)...');
  run(['ci']);
}
run(['exec', '--', 'tsx', 'infra/src/cli/up-all.ts', ...process.argv.slice(2)]);
