import { describe, expect, it } from 'vitest';
import { createConnectionStatus } from './connection-status.js';

describe('connection status', () => {
  it('goes connecting -> polling -> live -> reconnecting -> offline and notifies changes only', () => {
    const status = createConnectionStatus();
    const seen: string[] = [];
    status.subscribe((s) => seen.push(s));
    expect(status.get()).toBe('connecting');
    status.http(true);
    status.http(true);
    status.socket('open');
    status.socket('retrying');
    status.http(false);
    status.socket('idle');
    expect(seen).toEqual(['polling', 'live', 'reconnecting', 'offline']);
  });
});
