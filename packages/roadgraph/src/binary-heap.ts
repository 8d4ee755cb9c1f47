/**
 * Min-heap of integer items keyed by a number, in typed arrays (no per-push allocation).
 * Duplicates are allowed: Dijkstra pushes again on improvement and skips stale pops.
 */
export class BinaryHeap {
  private items: Int32Array;
  private keys: Float64Array;
  private length = 0;

  constructor(capacity = 1024) {
    this.items = new Int32Array(capacity);
    this.keys = new Float64Array(capacity);
  }

  get size(): number {
    return this.length;
  }

  clear(): void {
    this.length = 0;
  }

  push(item: number, key: number): void {
    if (this.length === this.items.length) this.grow();
    let i = this.length++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = this.keys[parent]!;
      if (pk <= key) break;
      this.items[i] = this.items[parent]!;
      this.keys[i] = pk;
      i = parent;
    }
    this.items[i] = item;
    this.keys[i] = key;
  }

  peekKey(): number {
    return this.length > 0 ? this.keys[0]! : Infinity;
  }

  /** Removes and returns the item with the smallest key; -1 when empty. */
  pop(): number {
    if (this.length === 0) return -1;
    const top = this.items[0]!;
    const last = --this.length;
    if (last > 0) {
      const item = this.items[last]!;
      const key = this.keys[last]!;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= last) break;
        const r = l + 1;
        const c = r < last && this.keys[r]! < this.keys[l]! ? r : l;
        if (this.keys[c]! >= key) break;
        this.items[i] = this.items[c]!;
        this.keys[i] = this.keys[c]!;
        i = c;
      }
      this.items[i] = item;
      this.keys[i] = key;
    }
    return top;
  }

  private grow(): void {
    const items = new Int32Array(this.items.length * 2);
    items.set(this.items);
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    this.items = items;
    this.keys = keys;
  }
}
