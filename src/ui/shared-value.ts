/** A value that lives outside any one component: whoever sets it, only the components that follow it render again. */
import { useEffect, useState } from 'preact/hooks';

export interface SharedValue<T> {
  get(): T;
  set(value: T): void;
  /** Calls `listener` after each set; returns what stops it. */
  subscribe(listener: () => void): () => void;
}

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

/** The value now, rendering the component again each time it is set (undefined, and nothing followed, without one). */
export function useSharedValue<T>(shared: SharedValue<T>): T;
export function useSharedValue<T>(shared: SharedValue<T> | undefined): T | undefined;
export function useSharedValue<T>(shared: SharedValue<T> | undefined): T | undefined {
  const value = shared?.get();
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!shared) return;
    const off = shared.subscribe(() => setTick((n) => n + 1));
    // A set between the render and this effect is not missed.
    if (shared.get() !== value) setTick((n) => n + 1);
    return off;
  }, [shared]);
  return value;
}
