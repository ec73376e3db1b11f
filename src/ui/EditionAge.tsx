/** How old the library's edition is, and when a check for a newer one last succeeded. */
import { useI18n } from './i18n';
import { useUpdates } from './use-updates';
import { formatAgo, formatDate } from '../core/dates';

export function EditionAge() {
  const i = useI18n();
  const { edition, check } = useUpdates();
  if (!edition) return null;
  const now = Date.now();
  return (
    <p class="edition-age muted">
      <span>{i.t.editionAge(formatAgo(edition.created, now, i.lang), formatDate(edition.created, i.lang))}</span>{' '}
      <span>
        {check?.lastSuccess ? i.t.lastChecked(formatAgo(new Date(check.lastSuccess).toISOString(), now, i.lang)) : i.t.neverChecked}
      </span>
    </p>
  );
}
