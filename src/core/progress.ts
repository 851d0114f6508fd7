/**
 * How far a long step has come: what it does to which items (`loading`
 * `definitions`), how many are done and, when known in advance, how many
 * there are. The pipeline reports; the CLI decides whether and how to show
 * it (src/cli/progress.ts), so no stage knows about terminals.
 */
export interface Progress {
  /** What the step does, as a present participle: `loading`, `writing`, `linting`. */
  readonly doing: string;
  /** What it counts, plural: `definitions`, `artifacts`, `tests`. */
  readonly items: string;
  readonly done: number;
  /** Undefined for a stream whose length is known only at its end (the artifacts). */
  readonly total?: number;
}

/** Told as a step goes, after each item; must be cheap (the CLI throttles what it draws). */
export type OnProgress = (progress: Progress) => void;

/**
 * `items`, reporting each one as done once the consumer has taken it and
 * asks for the next (or stops). Without a listener the iterable is returned
 * as it is, so a run nobody watches pays nothing.
 */
export function counted<T>(
  items: Iterable<T>,
  step: { doing: string; items: string; total?: number },
  onProgress: OnProgress | undefined,
): Iterable<T> {
  if (onProgress === undefined) return items;
  return countedItems(items, step, onProgress);
}

function* countedItems<T>(
  items: Iterable<T>,
  step: { doing: string; items: string; total?: number },
  onProgress: OnProgress,
): Generator<T> {
  let done = 0;
  for (const item of items) {
    yield item;
    done++;
    onProgress({ ...step, done });
  }
}
