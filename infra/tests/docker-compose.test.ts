import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/index.js';

const compose = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
const available = compose.status === 0;
const env = {
  ...process.env,
  POSTGRES_PASSWORD: 'compose-validation-only',
  MINIO_ROOT_USER: 'compose-validation',
  MINIO_ROOT_PASSWORD: 'compose-validation-only',
  GATEWAY_SHARED_SECRET: 'compose-validation-only-gateway-secret',
  JWT_SECRET: 'compose-validation-only-jwt-secret-0123456789',
};

describe('docker-compose.yml', () => {
  // CI installs Debian's docker-compose (it validates without an engine); a laptop may lack it.
  it.runIf(available || process.env.CI === 'true')('is valid (docker-compose config -q)', () => {
    expect(() =>
      execFileSync('docker-compose', ['config', '-q'], { cwd: REPO_ROOT, env, stdio: 'pipe' }),
    ).not.toThrow();
  });

  it.runIf(available || process.env.CI === 'true')('refuses to start without the secrets', () => {
    const result = spawnSync('docker-compose', ['config', '-q'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH },
      encoding: 'utf8',
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/POSTGRES_PASSWORD|MINIO_ROOT|GATEWAY_SHARED_SECRET|JWT_SECRET/);
  });

  it.runIf(available || process.env.CI === 'true')(
    'runs every platform service from this repo',
    () => {
      const config = execFileSync('docker-compose', ['config'], {
        cwd: REPO_ROOT,
        env,
        encoding: 'utf8',
      });
      for (const service of [
        'kafka:',
        'redis:',
        'postgres:',
        'minio:',
        'provision:',
        'processor:',
        'simulator:',
      ]) {
        expect(config).toContain(`  ${service}`);
      }
      expect(config).toContain('healthcheck:');
    },
  );
});
