/**
 * A bounded map that keeps recently used entries: memory stays flat however many incidents
 * stream through (a year of incidents, or the whole incident space).
 *
 * Two generations instead of a strict LRU list: hits in the young generation cost one lookup
 * (no re-ordering on every hit); when the young one is full it becomes the old one and the old
 * one is dropped, and an old entry that is used again moves back to the young one. It holds at
 * most `capacity` entries, and never fewer than the last `capacity / 2` used.
 */
export class BoundedCache<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  private readonly generation: number;

  constructor(readonly capacity: number) {
    if (!(capacity >= 2)) throw new RangeError(`BoundedCache: capacity must be at least 2 (got ${capacity})`);
    this.generation = Math.floor(capacity / 2);
  }

  get(key: K): V | undefined {
    const value = this.young.get(key);
    if (value !== undefined) return value;
    const aged = this.old.get(key);
    if (aged !== undefined) {
      this.old.delete(key);
      this.add(key, aged);
    }
    return aged;
  }

  set(key: K, value: V): void {
    if (this.young.has(key)) this.young.set(key, value);
    else {
      this.old.delete(key);
      this.add(key, value);
    }
  }

  get size(): number {
    return this.young.size + this.old.size;
  }

  private add(key: K, value: V): void {
    if (this.young.size >= this.generation) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}
