/** How old the library's edition is, and when a check for a newer one last succeeded. */
import { useEffect, useState } from 'preact/hooks';
import { useI18n, type I18n } from './i18n';
import { useUpdates } from './use-updates';
import { formatAgo, formatDate } from '../core/dates';

/** How often a shown age moves on while the page is in front (its smallest step is a minute). */
const TICK_MS = 60_000;

/**
 * The time now, renewed every TICK_MS while the page is shown and whenever it comes back to the front: an app left open
 * offline for days changes nothing else that would render the age again.
 */
function useNow(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined;
    const tick = (): void => setNow(Date.now());
    // No timer while hidden: a page in the background wakes nothing.
    const watch = (): void => {
      clearInterval(timer);
      timer = document.visibilityState === 'hidden' ? undefined : setInterval(tick, TICK_MS);
    };
    const wake = (): void => {
      tick();
      watch();
    };
    watch();
    document.addEventListener('visibilitychange', wake);
    addEventListener('pageshow', wake);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', wake);
      removeEventListener('pageshow', wake);
    };
  }, []);
  return now;
}

/**
 * The edition's age: alone and inline, after the library's article count; or, given `lastCheck` (Settings, whose
 * words are a lazy part), in a paragraph that also says when a check for a newer one last succeeded.
 */
export function EditionAge({ lastCheck }: { lastCheck?: (i: I18n, at: number | undefined, now: number) => string }) {
  const i = useI18n();
  const { edition, check } = useUpdates();
  const now = useNow();
  if (!edition) return null;
  // No age when the clock is behind the edition's date: the date alone is right whatever the clock says.
  const ago = formatAgo(edition.created, now, i.lang);
  const date = formatDate(edition.created, i.lang);
  const age = ago === undefined ? i.t.editionDate(date) : i.t.editionAge(ago, date);
  if (!lastCheck) {
    return (
      <span class="edition-age">
        {/* A no-break space before: the separator stays on the count's line. */}
        {i.t.sep.replace(/^ /, '\u00a0')}
        {age}
      </span>
    );
  }
  return (
    <p class="edition-age muted">
      <span>{age}</span> <span>{lastCheck(i, check?.lastSuccess, now)}</span>
    </p>
  );
}
