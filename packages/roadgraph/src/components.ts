import type { RoadGraph } from './road-graph.js';

/**
 * Nodes of the largest strongly connected component (Kosaraju, iterative). Random origins and
 * destinations drawn from it always have a route both ways, so vehicles never get stuck.
 */
export function largestStronglyConnectedComponent(graph: RoadGraph): Int32Array {
  const n = graph.nodeCount;
  const visited = new Uint8Array(n);
  const order = new Int32Array(n);
  let orderLen = 0;
  const stackNode = new Int32Array(n);
  const stackIdx = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    if (visited[s]) continue;
    let sp = 0;
    stackNode[0] = s;
    stackIdx[0] = 0;
    visited[s] = 1;
    while (sp >= 0) {
      const u = stackNode[sp]!;
      const out = graph.outEdges(u);
      if (stackIdx[sp]! < out.length) {
        const v = graph.edgeTo(out[stackIdx[sp]!++]!);
        if (!visited[v]) {
          visited[v] = 1;
          stackNode[++sp] = v;
          stackIdx[sp] = 0;
        }
      } else {
        order[orderLen++] = u;
        sp--;
      }
    }
  }
  const comp = new Int32Array(n).fill(-1);
  const sizes: number[] = [];
  const stack = new Int32Array(n);
  for (let i = orderLen - 1; i >= 0; i--) {
    const s = order[i]!;
    if (comp[s] !== -1) continue;
    const c = sizes.length;
    let size = 0;
    let sp = 0;
    stack[0] = s;
    comp[s] = c;
    while (sp >= 0) {
      const u = stack[sp--]!;
      size++;
      for (const e of graph.inEdges(u)) {
        const v = graph.edgeFrom(e);
        if (comp[v] === -1) {
          comp[v] = c;
          stack[++sp] = v;
        }
      }
    }
    sizes.push(size);
  }
  let best = 0;
  for (let c = 1; c < sizes.length; c++) if (sizes[c]! > sizes[best]!) best = c;
  const result = new Int32Array(sizes[best] ?? 0);
  let k = 0;
  for (let v = 0; v < n; v++) if (comp[v] === best) result[k++] = v;
  return result;
}
