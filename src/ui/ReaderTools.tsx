/** The article's action bar: bookmark, mark unread, smaller and larger text, share as a file; one row of 44 px buttons. */
import { useI18n } from './i18n';
import { Icon } from './Icon';
import { useExport } from './use-export';
import type { ArticleRecord, ReadingRecord } from '../storage/db';

const SIZES = [0.85, 1, 1.15, 1.3, 1.5, 1.75];

interface Props {
  record: ArticleRecord;
  reading?: ReadingRecord;
  size: number;
  onTextSize: (v: number) => void;
  onChange: (change: { bookmarked?: boolean; read?: boolean }) => void;
}

export function ReaderTools({ record, reading, size, onTextSize, onChange }: Props) {
  const { t } = useI18n();
  const exp = useExport();
  const step = (d: number) => {
    const idx = SIZES.findIndex((s) => s >= size - 0.001);
    onTextSize(SIZES[Math.max(0, Math.min(SIZES.length - 1, (idx < 0 ? 1 : idx) + d))] ?? 1);
  };
  return (
    <div class="reader__tools" role="group" aria-label={t.readingTools}>
      {exp.message && (
        <p class="reader__message" role="status">
          {exp.message}
        </p>
      )}
      <button
        type="button"
        class="icon-button"
        aria-pressed={!!reading?.bookmarked}
        onClick={() => onChange({ bookmarked: !reading?.bookmarked })}
      >
        <Icon name="bookmark" filled={!!reading?.bookmarked} />
        <span class="visually-hidden">{reading?.bookmarked ? t.bookmarked : t.bookmark}</span>
      </button>
      {reading?.read && (
        <button type="button" class="icon-button" onClick={() => onChange({ read: false })}>
          <Icon name="unread" />
          <span class="visually-hidden">{t.markUnread}</span>
        </button>
      )}
      <button type="button" class="icon-button icon-button--text" onClick={() => step(-1)} disabled={size <= SIZES[0]!}>
        <span aria-hidden="true" class="text-smaller" dir="ltr">
          A−
        </span>
        <span class="visually-hidden">{t.smaller}</span>
      </button>
      <button type="button" class="icon-button icon-button--text" onClick={() => step(1)} disabled={size >= SIZES[SIZES.length - 1]!}>
        <span aria-hidden="true" dir="ltr">
          A+
        </span>
        <span class="visually-hidden">{t.larger}</span>
      </button>
      <button type="button" class="icon-button" disabled={exp.busy} onClick={() => void exp.run([record])}>
        <Icon name="share" />
        <span class="visually-hidden">{t.shareArticle}</span>
      </button>
    </div>
  );
}
