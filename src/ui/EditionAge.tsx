/** How old the library's edition is, and when a check for a newer one last succeeded. */
import { useI18n } from './i18n';
import { useUpdates } from './use-updates';
import { formatAgo, formatDate } from '../core/dates';

/** `compact`: the edition's age alone, inline, for the library's one line under its name (Settings has the checks). */
export function EditionAge({ compact = false }: { compact?: boolean }) {
  const i = useI18n();
  const { edition, check } = useUpdates();
  if (!edition) return null;
  const now = Date.now();
  if (compact) {
    return (
      <span class="edition-age">
        {i.t.sep.replace(/ $/, '\u00a0')}
        {i.t.editionAge(formatAgo(edition.created, now, i.lang), formatDate(edition.created, i.lang))}
      </span>
    );
  }
  return (
    <p class="edition-age muted">
      <span>{i.t.editionAge(formatAgo(edition.created, now, i.lang), formatDate(edition.created, i.lang))}</span>{' '}
      <span>
        {check?.lastSuccess ? i.t.lastChecked(formatAgo(new Date(check.lastSuccess).toISOString(), now, i.lang)) : i.t.neverChecked}
      </span>
    </p>
  );
}
