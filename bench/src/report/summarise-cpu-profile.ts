import fs from 'node:fs';
import { REPO_ROOT } from '@city/infra';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
  readonly children?: number[];
}

interface CpuProfile {
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

export interface ProfileShare {
  readonly name: string;
  readonly percent: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  /** Self time per function (name and file:line), highest first. */
  readonly functions: ProfileShare[];
  /** Self time per package (node_modules/<pkg>), workspace file, or V8 category, highest first. */
  readonly packages: ProfileShare[];
}

/** Where a frame's code lives: its npm package, its repo file, or V8's (idle), (garbage collector)... */
function ownerOf(url: string, functionName: string, repoRoot: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return url;
  const path = url.startsWith('file://') ? url.slice('file://'.length) : url;
  return path.startsWith(`${repoRoot}/`) ? path.slice(repoRoot.length + 1) : path;
}

function top(map: Map<string, number>, total: number, n: number): ProfileShare[] {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => ({ name, percent: Math.round((us / total) * 1000) / 10 }));
}

/** Self-time shares of a V8 `.cpuprofile` (as written by `node --cpu-prof`). */
export function summariseCpuProfile(
  profile: CpuProfile,
  options: { top?: number; repoRoot?: string } = {},
): ProfileSummary {
  const n = options.top ?? 25;
  const repoRoot = options.repoRoot ?? REPO_ROOT;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const fns = new Map<string, number>();
  const pkgs = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id);
    if (!node || dt <= 0) return;
    total += dt;
    const { functionName, url, lineNumber } = node.callFrame;
    const owner = ownerOf(url, functionName, repoRoot);
    const fn = `${functionName || '(anonymous)'} ${owner}${url ? `:${lineNumber + 1}` : ''}`;
    fns.set(fn, (fns.get(fn) ?? 0) + dt);
    pkgs.set(owner, (pkgs.get(owner) ?? 0) + dt);
  });
  return {
    totalMs: Math.round(total / 1000),
    functions: top(fns, total, n),
    packages: top(pkgs, total, n),
  };
}

export function readCpuProfile(file: string): CpuProfile {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
}
