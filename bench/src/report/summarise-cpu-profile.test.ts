import { describe, expect, it } from 'vitest';
import { summariseCpuProfile } from './summarise-cpu-profile.js';

const frame = (functionName: string, url = '', lineNumber = 0) => ({
  functionName,
  url,
  lineNumber,
});

describe('summariseCpuProfile', () => {
  it('shares self time by function and by package, repo file or V8 category', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(root)') },
        { id: 2, callFrame: frame('(idle)') },
        { id: 3, callFrame: frame('send', 'file:///work/main/node_modules/kafkajs/src/a.js', 9) },
        { id: 4, callFrame: frame('', 'file:///w/node_modules/@apollo/gateway/dist/x.js', 0) },
        { id: 5, callFrame: frame('applyGps', 'file:///work/main/processor/src/v.ts', 41) },
        { id: 6, callFrame: frame('hash', 'node:internal/crypto/hash', 2) },
      ],
      // 1 ms per sample: idle 4, kafkajs 2, gateway 1, applyGps 2, node:crypto 1.
      samples: [2, 2, 2, 2, 3, 3, 4, 5, 5, 6],
      timeDeltas: Array(10).fill(1000),
    };
    const summary = summariseCpuProfile(profile, { top: 3, repoRoot: '/work/main' });
    expect(summary.totalMs).toBe(10);
    expect(summary.packages).toEqual([
      { name: '(idle)', percent: 40 },
      { name: 'kafkajs', percent: 20 },
      { name: 'processor/src/v.ts', percent: 20 },
    ]);
    expect(summary.functions.map((f) => f.name)).toEqual([
      '(idle) (idle)',
      'send kafkajs:10',
      'applyGps processor/src/v.ts:42',
    ]);
    const all = summariseCpuProfile(profile, { top: 10, repoRoot: '/work/main' });
    expect(all.packages.map((p) => p.name)).toContain('@apollo/gateway');
    expect(all.functions.map((f) => f.name)).toContain('(anonymous) @apollo/gateway:1');
    expect(all.packages.map((p) => p.name)).toContain('node:internal/crypto/hash');
  });

  it('ignores samples without a node or with no elapsed time', () => {
    const summary = summariseCpuProfile({
      nodes: [{ id: 1, callFrame: frame('(program)') }],
      samples: [1, 7, 1],
      timeDeltas: [0, 500, 2000],
    });
    expect(summary.totalMs).toBe(2);
    expect(summary.packages).toEqual([{ name: '(program)', percent: 100 }]);
  });
});
