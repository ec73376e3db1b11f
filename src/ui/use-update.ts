/** A new edition waiting to take over: whether one is, whether the reader put the question off, and acting on it (never without asking). */
import { useEffect, useState } from 'preact/hooks';
import { applyUpdate, onNeedRefresh } from '../platform/pwa';

/** What the banner and the status sign share about a waiting update. */
export interface UpdateState {
  waiting: boolean;
  /** The reader chose "Later": the banner is gone and the status sign says an update is ready. */
  deferred: boolean;
  defer: () => void;
  /** Brings the question back (from the status sign). */
  ask: () => void;
  apply: () => void;
}

export function useUpdate(): UpdateState {
  const [waiting, setWaiting] = useState(false);
  const [deferred, setDeferred] = useState(false);
  useEffect(() => onNeedRefresh(setWaiting), []);
  return { waiting, deferred, defer: () => setDeferred(true), ask: () => setDeferred(false), apply: applyUpdate };
}
