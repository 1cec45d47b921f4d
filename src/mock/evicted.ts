/**
 * Running jobs the store evicted to stay within its cap, remembered so a client polling one hears
 * why it is gone. Bounded in entries and in bytes (ids are client-chosen through the admin API), the
 * oldest forgotten first; owned by its store.
 */
export class EvictedJobs {
  private readonly keys = new Set<string>();
  private bytes = 0;

  constructor(
    private readonly maxEntries = 10_000,
    private readonly maxBytes = 1024 * 1024,
  ) {}

  get size(): number {
    return this.keys.size;
  }

  add(vendor: string, id: string): void {
    const key = keyOf(vendor, id);
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.bytes += key.length;
    while (this.keys.size > this.maxEntries || this.bytes > this.maxBytes) {
      const oldest = this.keys.values().next().value as string;
      this.keys.delete(oldest);
      this.bytes -= oldest.length;
    }
  }

  has(vendor: string, id: string): boolean {
    return this.keys.size > 0 && this.keys.has(keyOf(vendor, id));
  }

  /** A job of this id is held again (created anew): it is no longer the evicted one. */
  forget(vendor: string, id: string): void {
    if (this.keys.size === 0) return;
    const key = keyOf(vendor, id);
    if (this.keys.delete(key)) this.bytes -= key.length;
  }

  clear(): void {
    this.keys.clear();
    this.bytes = 0;
  }
}

// A vendor name has no NUL; an id may, so the vendor comes first.
const keyOf = (vendor: string, id: string) => `${vendor}\u0000${id}`;
