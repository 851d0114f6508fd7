/**
 * First-in first-out queue. Evicting "the oldest Map entry" with
 * `map.keys().next()` is not O(1) in V8 (iteration skips the holes that
 * deletions leave until the table is rehashed), so eviction order is kept here.
 */
export interface Fifo<T> {
  push(item: T): void;
  shift(): T | undefined;
  clear(): void;
}

export function createFifo<T>(): Fifo<T> {
  let items: T[] = [];
  let head = 0;
  return {
    push(item) {
      items.push(item);
    },
    shift() {
      if (head >= items.length) return undefined;
      const item = items[head]!;
      head++;
      // Drop the consumed prefix now and then, so the array does not grow with the input.
      if (head >= 1024 && head * 2 >= items.length) {
        items = items.slice(head);
        head = 0;
      }
      return item;
    },
    clear() {
      items = [];
      head = 0;
    },
  };
}
