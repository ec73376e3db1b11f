/** Settings: the library's addresses with what each did at the last check, and "Check for updates now" with its progress and outcome. */
import { useI18n, type I18n } from './i18n';
import { settingsText } from './i18n-settings';
import { checkNow, useUpdates, type UpdatesState } from './use-updates';
import { EditionAge } from './EditionAge';
import { describeFailure } from './errors';
import { formatAgo, formatDate } from '../core/dates';
import { stillResting, type AddressStatus, type CheckOutcome } from '../storage/update-store';
import './UpdateSources.css';

/** What is said of a newer edition offered beside the pictures that came, by why it was not taken. */
const NEWER = {
  'not-brought': 'checkNewerNotBrought',
  refused: 'checkNewerRefused',
  'newer-app': 'checkNewerAppToo',
} as const satisfies Record<NonNullable<Extract<CheckOutcome, { kind: 'pictures' }>['newer']>, string>;

/** The progress or outcome line, for the live region. */
function statusLine(i: I18n, s: UpdatesState): string {
  const { n } = i;
  const t = settingsText(i);
  const p = s.progress;
  if (s.running) {
    if (p?.stage === 'edition') return p.pictures ? t.checkPicturesEdition : t.checkEdition;
    if (p?.stage === 'downloading') return (p.pictures ? t.checkPicturesDownloading : t.checkDownloading)(n(p.done), n(p.total));
    if (p?.stage === 'saving') return t.checkSaving;
    return t.checkAsking(n(p?.done ?? 0), n(p?.total ?? 0));
  }
  if (s.failed) return t.errorGeneric;
  const o = s.check?.outcome;
  if (!o) return '';
  // Why the pictures after an edition's text stopped, when the device stopped them.
  const stopped = 'stopped' in o && o.stopped ? ` ${o.stopped === 'quota' ? t.checkPicturesFull : t.checkPicturesFailed}` : '';
  if (o.kind === 'updated') return t.checkUpdated(t.ordinal(o.from + 1), n(o.added), n(o.updated)) + stopped;
  if (o.kind === 'current') return t.checkCurrent;
  if (o.kind === 'own') return t.checkOwn;
  if (o.kind === 'refused') return t.checkRefused;
  if (o.kind === 'newer-app') return t.checkNewerApp;
  if (o.kind === 'not-brought') return t.checkNotBrought;
  if (o.kind === 'pictures') {
    const nth = t.ordinal(o.from + 1);
    // The rest: as their articles open ("Text now"), once the device has room (said below), or at the next check.
    const rest = o.textNow ? ` ${t.checkPicturesTextNow}` : stopped ? '' : ` ${t.checkPicturesRest}`;
    const came = o.done === o.total ? t.checkPicturesDone(nth, n(o.total)) : t.checkPicturesPart(nth, n(o.done), n(o.total)) + rest;
    const newer = o.newer ? ` ${t[NEWER[o.newer]]}` : '';
    return came + stopped + newer;
  }
  if (o.kind === 'offline') return t.checkOffline;
  // The device's own sentence (a full device says so); a bug is not worth more than the generic one.
  if (o.kind === 'failed') return o.code === 'unexpected' ? t.errorGeneric : describeFailure({ code: o.code, message: '' }, i);
  return t.checkNoAnswer;
}

export function UpdateSources() {
  const i = useI18n();
  const t = settingsText(i);
  const s = useUpdates();
  // The last check's results in the order it asked; before any check, the addresses it will ask.
  const results: { url: string; status?: AddressStatus }[] = s.check?.results.length
    ? s.check.results
    : s.addresses.map((url) => ({ url }));
  return (
    <section aria-labelledby="s-updates" class="update-sources">
      <h2 id="s-updates">{t.updatesTitle}</h2>
      <EditionAge lastCheck={lastCheck} />
      <p class="muted">{t.updatesHelp}</p>
      <button type="button" class="button" onClick={() => void checkNow()} aria-disabled={s.running}>
        {t.checkNow}
      </button>
      <p class="update-sources__status" role="status" aria-live="polite" data-checked-at={s.running ? undefined : s.check?.at}>
        {statusLine(i, s)}
      </p>
      {results.length > 0 && (
        <>
          <h3 id="s-addresses">{t.addresses}</h3>
          <ol class="update-sources__list" aria-labelledby="s-addresses">
            {results.map((r, n) => (
              <li key={r.url} data-status={r.status}>
                <bdi dir="ltr" class="update-sources__url">
                  {r.url}
                </bdi>{' '}
                {n === 0 && <span class="muted">({t.ownAddress}) </span>}—{' '}
                <span>{r.status ? t.addressStatus[r.status] : t.addressNotAsked}</span>
                {/* Refused for what it served, or unreadable by this app: it rests (see REFUSAL_REST_MS). */}
                {stillResting(s.check?.resting?.[r.url]?.at, Date.now()) && (
                  <span class="muted">
                    {' '}
                    ({s.check?.resting?.[r.url]?.status === 'newer-app' ? t.addressRestingNewerApp : t.addressResting})
                  </span>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

/**
 * When a check last succeeded, by this device's clock. A time after now was stamped by a clock that was ahead: its
 * date is as wrong as its age, so neither is shown (the edition's date above is the publisher's, not the clock's).
 */
export function lastCheck(i: I18n, at: number | undefined, now: number): string {
  const t = settingsText(i);
  if (!at) return t.neverChecked;
  // Date.now(), not `now`: a check that ended since the last tick is not in the future.
  if (at > Date.now()) return t.lastCheckedUnknown;
  const iso = new Date(at).toISOString();
  return t.lastChecked(formatAgo(iso, now, i.lang) ?? formatDate(iso, i.lang));
}
