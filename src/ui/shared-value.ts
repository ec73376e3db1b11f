/** A value that lives outside any one component: whoever sets it, only the components that follow it render again. */
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';

export interface SharedValue<T> {
  get(): T;
  set(value: T): void;
  /** Calls `listener` after each set; returns what stops it. */
  subscribe(listener: () => void): () => void;
}

/** Anything that holds a value and says when it changes: a SharedValue, a search session. */
export type Followed<T> = Pick<SharedValue<T>, 'get' | 'subscribe'>;

export function sharedValue<T>(initial: T): SharedValue<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(next) {
      value = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/**
 * The value now, rendering the component again after each set (undefined, and nothing followed, without one); with
 * `everyMs`, at most that often: sets that come faster are shown together, the last of them always.
 */
export function useSharedValue<T>(shared: SharedValue<T>, everyMs?: number): T;
export function useSharedValue<T>(shared: SharedValue<T> | undefined, everyMs?: number): T | undefined;
export function useSharedValue<T>(shared: SharedValue<T> | undefined, everyMs = 0): T | undefined {
  const value = shared?.get();
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!shared) return;
    let renderedAt = -Infinity;
    let due: ReturnType<typeof setTimeout> | undefined;
    const render = (): void => {
      due = undefined;
      renderedAt = performance.now();
      setTick((n) => n + 1);
    };
    const off = shared.subscribe(() => {
      // A render already due shows this value too: it reads the value when it runs.
      if (due !== undefined) return;
      const wait = renderedAt + everyMs - performance.now();
      if (wait <= 0) render();
      else due = setTimeout(render, wait);
    });
    // A set between the render and this effect is not missed.
    if (shared.get() !== value) render();
    return () => {
      off();
      clearTimeout(due);
    };
  }, [shared, everyMs]);
  return value;
}

/**
 * Part of a value held outside (`pick` it, with a function that does not change between renders): renders the
 * component again only when that part changes, not at every set (a download's progress, each keystroke's results).
 */
export function useSharedPart<T, P>(shared: Followed<T>, pick: (value: T) => P): P {
  const [part, setPart] = useState(() => pick(shared.get()));
  // Subscribed before paint, and caught up, so a change made while mounting is not missed.
  useLayoutEffect(() => {
    const follow = (): void => setPart(() => pick(shared.get()));
    follow();
    return shared.subscribe(follow);
  }, [shared]);
  return part;
}
