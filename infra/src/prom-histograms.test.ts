import { describe, expect, it } from 'vitest';
import { histogramDelta, histogramQuantile, parseHistograms } from './prom-histograms.js';

const exposition = (n: number) => `# HELP x_seconds help
# TYPE x_seconds histogram
x_seconds_bucket{le="0.1",domain="vehicles"} ${n}
x_seconds_bucket{le="1",domain="vehicles"} ${2 * n}
x_seconds_bucket{le="+Inf",domain="vehicles"} ${2 * n}
x_seconds_sum{domain="vehicles"} ${n}
x_seconds_count{domain="vehicles"} ${2 * n}
x_seconds_bucket{le="0.1",domain="traffic"} 1
x_seconds_bucket{le="1",domain="traffic"} 1
x_seconds_bucket{le="+Inf",domain="traffic"} 1
other_total{domain="vehicles"} 5
`;

describe('Prometheus histograms', () => {
  it('parses series per label set, without le', () => {
    const h = parseHistograms(exposition(10));
    expect([...h.keys()].sort()).toEqual([
      'x_seconds{domain="traffic"}',
      'x_seconds{domain="vehicles"}',
    ]);
    const v = h.get('x_seconds{domain="vehicles"}')!;
    expect(v.buckets).toEqual([
      { le: 0.1, count: 10 },
      { le: 1, count: 20 },
      { le: Infinity, count: 20 },
    ]);
    expect(v.count).toBe(20);
    expect(v.sum).toBe(10);
  });

  it('takes the difference of two scrapes and interpolates quantiles in it', () => {
    const before = parseHistograms(exposition(10)).get('x_seconds{domain="vehicles"}');
    const after = parseHistograms(exposition(30)).get('x_seconds{domain="vehicles"}')!;
    const d = histogramDelta(before, after);
    expect(d.count).toBe(40);
    expect(d.buckets.map((b) => b.count)).toEqual([20, 40, 40]);
    // Half the observations at or below 0.1 s, the rest in (0.1, 1].
    expect(histogramQuantile(d, 0.5)).toBeCloseTo(0.1);
    expect(histogramQuantile(d, 0.75)).toBeCloseTo(0.55);
    expect(histogramQuantile({ buckets: [], sum: 0, count: 0 }, 0.5)).toBeNaN();
    // A restarted process (counts went down): the new scrape alone.
    expect(histogramDelta(after, before!).count).toBe(20);
  });
});
