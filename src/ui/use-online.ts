/** Whether the browser says it is online, kept up to date. */
import { useEffect, useState } from 'preact/hooks';

/** True while the browser reports a connection (a censored link may still hang: this only tells "no network at all"). */
export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine !== false);
  useEffect(() => {
    const update = (): void => setOnline(navigator.onLine !== false);
    addEventListener('online', update);
    addEventListener('offline', update);
    return () => {
      removeEventListener('online', update);
      removeEventListener('offline', update);
    };
  }, []);
  return online;
}
