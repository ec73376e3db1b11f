/** The quiet library status: a small header chip (saving N/M, saved, paused, offline, update ready) and a note that shows a new message for a moment. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from './i18n';
import { Icon, type IconName } from './Icon';
import { useOnline } from './use-online';
import { useSharedValue } from './shared-value';
import type { SyncState } from './use-sync';
import type { UpdateState } from './use-update';

/** How long a new message stays in full before it folds back into the chip. */
const NOTE_MS = 6000;
/** The least time between two renders of a save's count. */
const COUNT_EVERY_MS = 250;

const ICONS: Record<NonNullable<SyncState['kind']>, IconName> = { saving: 'saving', saved: 'saved', paused: 'warn', 'online-only': 'warn' };

interface Props {
  sync: SyncState;
  importStatus?: string;
  update: UpdateState;
}

/**
 * Screen readers hear each new state once through the app's status region (App); this shows the same words to the eye
 * for a moment, then only the chip remains, which opens the last message again.
 */
export function StatusIndicator({ sync, importStatus, update }: Props) {
  const i = useI18n();
  const online = useOnline();
  const [open, setOpen] = useState(false);
  // A save's count moves on here, not in the app around it, and at most every COUNT_EVERY_MS: a first visit caches and
  // stores dozens of files a second, and each change is a render, a layout and a paint.
  useSharedValue(sync.count, COUNT_EVERY_MS);
  const syncText = sync.message?.(i);
  // The message that changed last, the library's or an import's (found while rendering: a state set by an effect would
  // render the chip twice for each step of a save).
  const seen = useRef<{ sync?: string; importStatus?: string; latest?: string }>({}).current;
  if (syncText !== seen.sync) {
    seen.sync = syncText;
    if (syncText) seen.latest = syncText;
  }
  if (importStatus !== seen.importStatus) {
    seen.importStatus = importStatus;
    if (importStatus) seen.latest = importStatus;
  }
  const latest = seen.latest;
  const note = online ? latest : i.t.statusOfflineLong;
  // What opens the note: a new kind of library state (not each pack of a long save: the open note's words follow the
  // count, the folded chip does not move), an import's progress the reader asked for, or going offline.
  const cue = online ? `${sync.announce?.(i) ?? ''}\n${importStatus ?? ''}` : note;

  useEffect(() => {
    if (!note) return;
    setOpen(true);
    const timer = setTimeout(() => setOpen(false), NOTE_MS);
    return () => clearTimeout(timer);
  }, [cue, !!note]);

  const icon: IconName = online ? (sync.kind ? ICONS[sync.kind] : 'saving') : 'offline';
  const short = online ? sync.short?.(i) : i.t.statusOffline;
  // An update put off with "Later": a sign of its own that brings the question back, beside (not instead of) the
  // library's state, so "Offline" or a save's progress still shows.
  const beside = !!(short || note);
  const updateChip = update.waiting && update.deferred && (
    <button
      type="button"
      class={`status-chip status-chip--update${beside ? ' status-chip--beside' : ''}`}
      aria-label={i.t.statusUpdate}
      onClick={update.ask}
    >
      <Icon name="update" />
      <span class="status-chip__text">{i.t.statusUpdate}</span>
    </button>
  );
  if (!beside) return updateChip || null;
  return (
    <>
      <button
        type="button"
        class={`status-chip status-chip--${online ? (sync.kind ?? 'saving') : 'offline'}`}
        aria-expanded={open}
        aria-controls="status-note"
        aria-label={`${i.t.statusLabel}: ${short ?? ''}`}
        onClick={() => setOpen(!open)}
      >
        <Icon name={icon} />
        <span class="status-chip__text">{short ?? i.t.statusLabel}</span>
      </button>
      <p id="status-note" class="status-note" hidden={!open || !note}>
        {note}
      </p>
      {updateChip}
    </>
  );
}
