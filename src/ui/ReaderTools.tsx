/** The article's action bar: bookmark, unread, smaller and larger text, share as a file; one row of 44 px buttons (two with a message). */
import { useLayoutEffect, useRef } from 'preact/hooks';
import { useI18n } from './i18n';
import { Icon } from './Icon';
import { useSharedValue } from './shared-value';
import { articleExport, useExport } from './use-export';
import type { ArticleRecord, ReadingRecord } from '../storage/db';

const SIZES = [0.85, 1, 1.15, 1.3, 1.5, 1.75];

/** The step after `size` going up (`1`) or down (`-1`), from any size (Settings' slider stops between steps); none past the end. */
export function nextTextSize(size: number, direction: 1 | -1): number | undefined {
  // Closer than this is the same size (0.05 steps in floating point).
  const near = 0.001;
  return direction > 0 ? SIZES.find((s) => s > size + near) : SIZES.filter((s) => s < size - near).pop();
}

interface Props {
  record: ArticleRecord;
  reading?: ReadingRecord;
  size: number;
  onTextSize: (v: number) => void;
  onChange: (change: { bookmarked?: boolean; read?: boolean }) => void;
}

/** A− or A+: at the end of the range it says so and does nothing, but stays focusable (a disabled button drops the focus). */
function TextSizeButton({ size, direction, onTextSize }: Pick<Props, 'size' | 'onTextSize'> & { direction: 1 | -1 }) {
  const { t } = useI18n();
  const next = nextTextSize(size, direction);
  return (
    <button
      type="button"
      class="icon-button icon-button--text"
      aria-disabled={next === undefined}
      onClick={() => next !== undefined && onTextSize(next)}
    >
      <span aria-hidden="true" class={direction < 0 ? 'text-smaller' : undefined} dir="ltr">
        {direction < 0 ? 'A−' : 'A+'}
      </span>
      <span class="visually-hidden">{direction < 0 ? t.smaller : t.larger}</span>
    </button>
  );
}

/**
 * A ref for the bar, whose height the page gets as --tools-block-size while the bar is there (one row, or two with a
 * message, and the phone's inset): the status note sits above it, and a link focused by Tab scrolls clear of it.
 */
function useToolsBlockSize() {
  const bar = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = bar.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const page = document.documentElement.style;
    // Reported after layout and before paint: the note never shows over the bar for a frame.
    const observer = new ResizeObserver(() => page.setProperty('--tools-block-size', `${el.offsetHeight}px`));
    observer.observe(el);
    return () => {
      observer.disconnect();
      page.removeProperty('--tools-block-size');
    };
  }, []);
  return bar;
}

export function ReaderTools({ record, reading, size, onTextSize, onChange }: Props) {
  const { t } = useI18n();
  const exp = useExport(articleExport);
  // While the file waits for the reader's tap, the banner above says so, with its buttons (said twice otherwise).
  const shown = useSharedValue(articleExport.progress);
  const bar = useToolsBlockSize();
  return (
    <div class="reader__tools" role="group" aria-label={t.readingTools} ref={bar}>
      {exp.message && !(shown && 'choose' in shown) && (
        <p class="reader__message" role="status">
          {exp.message}
        </p>
      )}
      {/* Toggles: one name each, the state in aria-pressed; always there, so the focus stays on them when pressed. */}
      <button
        type="button"
        class="icon-button"
        aria-pressed={!!reading?.bookmarked}
        onClick={() => onChange({ bookmarked: !reading?.bookmarked })}
      >
        <Icon name="bookmark" filled={!!reading?.bookmarked} />
        <span class="visually-hidden">{t.bookmark}</span>
      </button>
      <button type="button" class="icon-button" aria-pressed={!reading?.read} onClick={() => onChange({ read: !reading?.read })}>
        <Icon name="unread" />
        <span class="visually-hidden">{t.unread}</span>
      </button>
      <TextSizeButton size={size} direction={-1} onTextSize={onTextSize} />
      <TextSizeButton size={size} direction={1} onTextSize={onTextSize} />
      <button type="button" class="icon-button" aria-disabled={exp.busy} onClick={() => !exp.busy && void exp.run([record])}>
        <Icon name="share" />
        <span class="visually-hidden">{t.shareArticle}</span>
      </button>
    </div>
  );
}
