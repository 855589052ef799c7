/**
 * The stored objects a controller wrote itself. In-process controllers get the store's own
 * frozen objects, so the event for a controller's own status write carries the very object the
 * write returned, and reconciling again for it would change nothing: about half of a workload
 * controller's reconciles during a scale-up were such echoes.
 */
export class OwnWrites {
  private readonly written = new WeakSet<object>();

  /** Remembers `stored` when the write stored something new (`before` is what it replaced). */
  remember(before: { metadata?: { resourceVersion?: string } }, stored: object & typeof before): void {
    if (stored.metadata?.resourceVersion !== before.metadata?.resourceVersion) this.written.add(stored);
  }

  isOwn(object: object): boolean {
    return this.written.has(object);
  }
}
