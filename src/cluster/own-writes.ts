/**
 * The stored objects a controller wrote itself, lately. In-process controllers get the store's
 * own frozen objects, so the event for a controller's own status write carries the very object
 * the write returned, and reconciling again for it would change nothing: about a third of a
 * workload controller's reconciles during a scale-up were such echoes. The echo arrives within
 * the same burst of events, so only the last few writes are kept (an echo that slips out of the
 * window costs one redundant reconcile, nothing more), and identity is checked without hashing.
 */
export class OwnWrites {
  private readonly recent: object[] = [];

  constructor(private readonly window = 16) {}

  /** Remembers `stored` when the write stored something new (`before` is what it replaced). */
  remember(before: { metadata?: { resourceVersion?: string } }, stored: object & typeof before): void {
    if (stored.metadata?.resourceVersion === before.metadata?.resourceVersion) return;
    if (this.recent.length >= this.window) this.recent.shift();
    this.recent.push(stored);
  }

  isOwn(object: object): boolean {
    return this.recent.includes(object);
  }
}
