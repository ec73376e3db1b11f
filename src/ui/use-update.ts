/** A new version (app or edition) waiting to take over: whether one is, whether the reader put the question off, and acting on it (never without asking). */
import { useEffect, useState } from 'preact/hooks';
import { applyUpdate, holdReload, onNeedRefresh } from '../platform/pwa';
import { useEditionArriving } from './use-updates';
import { useSharedValue } from './shared-value';
import { articleExport, libraryExport } from './use-export';

/** What the banner and the status sign share about a waiting update. */
export interface UpdateState {
  waiting: boolean;
  /** The reader chose "Later": the banner is gone and the status sign says an update is ready. */
  deferred: boolean;
  /**
   * New articles are on their way (an edition a check downloads, held in memory until every part is in, or an import),
   * or a file is being made or waits for the reader's tap to be shared: the reload that applies the update would throw
   * them away, so `apply` does nothing until they are saved.
   */
  busy: boolean;
  defer: () => void;
  /** Brings the question back (from the status sign). */
  ask: () => void;
  apply: () => void;
}

/** The waiting update; `importing`: an import runs, which the reload would stop. */
export function useUpdate(importing = false): UpdateState {
  const [waiting, setWaiting] = useState(false);
  const [deferred, setDeferred] = useState(false);
  const arriving = useEditionArriving();
  const exporting = [useSharedValue(libraryExport.state), useSharedValue(articleExport.state)].some((s) => s.busy);
  const busy = arriving || importing || exporting;
  // Read when the new version takes control, which may come long after the tap (pwa.ts): no effect, no render later.
  holdReload(busy);
  useEffect(() => onNeedRefresh(setWaiting), []);
  return {
    waiting,
    deferred,
    busy,
    defer: () => setDeferred(true),
    ask: () => setDeferred(false),
    apply: () => {
      if (!busy) applyUpdate();
    },
  };
}
