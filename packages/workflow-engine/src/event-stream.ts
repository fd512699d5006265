/**
 * A buffered, replayable async sequence: every iterator starts at the first item pushed and ends
 * after {@link EventStream.end}.
 */
export class EventStream<T> implements AsyncIterable<T> {
  readonly #items: T[] = [];
  #ended = false;
  #waiters: Array<() => void> = [];

  /** Appends an item (ignored after `end`). */
  push(item: T): void {
    if (this.#ended) return;
    this.#items.push(item);
    this.#wake();
  }

  /** Ends the sequence: iterators finish after the buffered items. */
  end(): void {
    this.#ended = true;
    this.#wake();
  }

  #wake(): void {
    if (this.#waiters.length === 0) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    let position = 0;
    return {
      next: async (): Promise<IteratorResult<T>> => {
        while (position >= this.#items.length && !this.#ended) {
          await new Promise<void>((resolve) => this.#waiters.push(resolve));
        }
        if (position < this.#items.length) {
          return { done: false, value: this.#items[position++] as T };
        }
        return { done: true, value: undefined };
      },
    };
  }
}
