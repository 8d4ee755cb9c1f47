import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { availableServices, PLATFORM_SERVICES } from '../src/stack/services.js';
import { startService, stopServices } from '../src/stack/supervisor.js';
import { waitFor } from '../src/testing.js';

describe('stack services', () => {
  it('starts only the services whose entry exists', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'stack-'));
    mkdirSync(path.join(root, 'a/src'), { recursive: true });
    writeFileSync(path.join(root, 'a/src/index.ts'), '');
    const services = [
      { name: 'a', entry: 'a/src/index.ts' },
      { name: 'b', entry: 'b/src/index.ts' },
    ];
    expect(availableServices(services, root).map((s) => s.name)).toEqual(['a']);
    expect(PLATFORM_SERVICES.map((s) => s.name)).toContain('simulator');
  });

  it('prefixes output and stops a service with SIGTERM', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'svc-'));
    const entry = path.join(dir, 'svc.ts');
    writeFileSync(
      entry,
      [
        "console.log('listening');",
        "process.on('SIGTERM', () => { console.log('flushed'); process.exit(0); });",
        'setInterval(() => {}, 1000);',
      ].join('\n'),
    );
    const lines: string[] = [];
    const service = startService({ name: 'demo', entry }, process.env, (line) => lines.push(line));
    await waitFor(() => lines.includes('[demo] listening'), { timeoutMs: 20_000 });
    await stopServices([service]);
    expect(await service.exited).toBe(0);
    await waitFor(() => lines.includes('[demo] flushed'), { timeoutMs: 5_000 });
  });
});
