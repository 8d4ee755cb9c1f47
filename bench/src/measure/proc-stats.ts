import fs from 'node:fs';

const CLOCK_TICKS = 100; // USER_HZ on Linux
const PAGE = 4096;

export interface ProcSample {
  readonly cpuTicks: number;
  readonly rssBytes: number;
}

/** utime + stime and resident set size of one process from /proc/<pid>/stat. */
export function readProcStat(pid: number): ProcSample | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may contain spaces; fields after it start past the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime = field 14, stime = 15, rss = 24.
  return {
    cpuTicks: Number(fields[11]) + Number(fields[12]),
    rssBytes: Number(fields[21]) * PAGE,
  };
}

export interface ProcessUsage {
  /** Mean CPU over the window, in % of one core. */
  readonly cpuPercent: number;
  /** CPU time used over the window, ms. */
  readonly cpuMs: number;
  readonly rssMeanMb: number;
  readonly rssMaxMb: number;
}

/**
 * Samples named processes (pid looked up each time: a restarted process is followed) and sums the
 * CPU ticks they used during the window.
 */
export class ProcessSampler {
  private readonly last = new Map<string, { pid: number; ticks: number }>();
  private readonly ticks = new Map<string, number>();
  private readonly rss = new Map<string, number[]>();
  private startedAt = 0;
  private endedAt = 0;

  constructor(private readonly pids: () => Record<string, number | undefined>) {}

  start(): void {
    this.startedAt = Date.now();
    this.last.clear();
    this.ticks.clear();
    this.rss.clear();
    this.sample(true);
  }

  sample(baselineOnly = false): void {
    for (const [name, pid] of Object.entries(this.pids())) {
      if (!pid) continue;
      const s = readProcStat(pid);
      if (!s) continue;
      const prev = this.last.get(name);
      if (!baselineOnly) {
        const delta = prev && prev.pid === pid ? s.cpuTicks - prev.ticks : s.cpuTicks;
        this.ticks.set(name, (this.ticks.get(name) ?? 0) + Math.max(0, delta));
        let list = this.rss.get(name);
        if (!list) this.rss.set(name, (list = []));
        list.push(s.rssBytes);
      }
      this.last.set(name, { pid, ticks: s.cpuTicks });
    }
    this.endedAt = Date.now();
  }

  result(): Record<string, ProcessUsage> {
    const seconds = Math.max(0.001, (this.endedAt - this.startedAt) / 1000);
    const out: Record<string, ProcessUsage> = {};
    for (const [name, list] of this.rss) {
      const mb = list.map((b) => b / 1048576);
      out[name] = {
        cpuPercent: Math.round(((this.ticks.get(name) ?? 0) / CLOCK_TICKS / seconds) * 1000) / 10,
        cpuMs: ((this.ticks.get(name) ?? 0) * 1000) / CLOCK_TICKS,
        rssMeanMb: Math.round(mb.reduce((a, b) => a + b, 0) / mb.length),
        rssMaxMb: Math.round(Math.max(...mb)),
      };
    }
    return out;
  }
}
