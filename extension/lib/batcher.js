// Collects items per key (a tab) and hands them over in batches: when a key
// has `maxItems` items, or `delayMs` after its first unsent item, whichever
// comes first. A page load fires dozens of requests within a few hundred
// milliseconds; 250 ms / 50 items keeps the badge live without one native
// message per request.

export class Batcher {
  #clearTimeout;
  #delayMs;
  #flush;
  #maxItems;
  #queues;
  #setTimeout;

  /**
   * @param {object} o
   * @param {(key, items) => void} o.flush receives each batch (never empty)
   */
  constructor({flush, maxItems = 50, delayMs = 250, clock = globalThis}) {
    this.#flush = flush;
    this.#maxItems = maxItems;
    this.#delayMs = delayMs;
    this.#setTimeout = clock.setTimeout.bind(clock);
    this.#clearTimeout = clock.clearTimeout.bind(clock);
    this.#queues = new Map();  // key -> {items, timer}
  }

  add(key, item) {
    let q = this.#queues.get(key);
    if (!q) {
      q = {items: [], timer: null};
      this.#queues.set(key, q);
    }
    q.items.push(item);
    if (q.items.length >= this.#maxItems) {
      this.flush(key);
    } else if (q.timer === null) {
      q.timer = this.#setTimeout(() => this.flush(key), this.#delayMs);
    }
  }

  /** Sends what `key` has now, if anything. */
  flush(key) {
    const q = this.#queues.get(key);
    if (!q) return;
    this.#queues.delete(key);
    if (q.timer !== null) this.#clearTimeout(q.timer);
    if (q.items.length) this.#flush(key, q.items);
  }

  /** Forgets what `key` has, unsent (the tab closed or navigated away). */
  drop(key) {
    const q = this.#queues.get(key);
    if (!q) return;
    if (q.timer !== null) this.#clearTimeout(q.timer);
    this.#queues.delete(key);
  }

  pending(key) {
    return this.#queues.get(key)?.items.length ?? 0;
  }
}
