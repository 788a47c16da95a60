/**
 * What the BFF keeps in process memory: a bounded map (every in-process cache uses it: the oldest
 * entry goes when it is full, so no cache grows with the number of sessions or headers it has
 * seen) and a single flight (callers asking for the same thing at once share one promise).
 */
export interface BoundedMap<K, V> {
  get(key: K): V | undefined;
  /** Adds or replaces; the entry becomes the newest, and past `max` the oldest goes. */
  set(key: K, value: V): void;
  delete(key: K): void;
  readonly size: number;
}

export function createBoundedMap<K, V>(max: number): BoundedMap<K, V> {
  const map = new Map<K, V>();
  return {
    get: (key) => map.get(key),
    set(key, value) {
      map.delete(key);
      if (map.size >= max) map.delete(map.keys().next().value as K);
      map.set(key, value);
    },
    delete: (key) => void map.delete(key),
    get size() {
      return map.size;
    },
  };
}

/** Concurrent calls with the same key share the first one's promise until it settles. */
export function createSingleFlight<T>() {
  const inflight = new Map<string, Promise<T>>();
  return {
    run(key: string, work: () => Promise<T>): Promise<T> {
      const running = inflight.get(key);
      if (running) return running;
      const p = work().finally(() => inflight.delete(key));
      inflight.set(key, p);
      return p;
    },
    running: (key: string) => inflight.get(key),
  };
}
