// @vitest-environment jsdom
/** The article's action bar: keyboard focus stays on its buttons, the toggles keep their names, and the text-size steps. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { I18nContext, makeI18n } from './i18n';
import type { ArticleRecord, ReadingRecord } from '../storage/db';

vi.mock('./use-export', () => ({
  articleExport: {},
  useExport: () => ({ message: undefined, busy: false, run: async () => undefined }),
}));

const { ReaderTools, nextTextSize } = await import('./ReaderTools');

const root = document.createElement('div');
document.body.append(root);
afterEach(() => act(() => render(null, root)));

const record = {
  publisherId: 'p',
  id: 'a',
  trust: 'verified',
  meta: { id: 'a', title: 'T', date: '2025-01-01', lang: 'en', dir: 'ltr' },
} as unknown as ArticleRecord;

const en = makeI18n('en');
const fa = makeI18n('fa');

function mount(
  reading: ReadingRecord,
  size: number,
  onChange: (c: { read?: boolean; bookmarked?: boolean }) => void,
  onTextSize = (_: number) => {},
) {
  act(() => render(h(I18nContext.Provider, { value: fa }, h(ReaderTools, { record, reading, size, onTextSize, onChange })), root));
}

const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent?.includes(name))!;

describe('the reader’s action bar and keyboard focus', () => {
  it('keeps keyboard focus on the “Unread” toggle when it is pressed, and it marks the article read again', () => {
    let reading: ReadingRecord = { publisherId: 'p', id: 'a', updatedAt: 1, read: true };
    const onChange = (c: { read?: boolean }) => {
      reading = { ...reading, ...c };
      mount(reading, 1, onChange);
    };
    mount(reading, 1, onChange);
    const unread = button(fa.t.unread);
    expect(unread).toBeTruthy();
    expect(unread.getAttribute('aria-pressed')).toBe('false');
    unread.focus();
    expect(document.activeElement).toBe(unread);
    act(() => unread.click());
    expect(reading.read).toBe(false);
    // The button stays, with the same name: focus does not fall to <body>.
    expect(root.contains(document.activeElement), `focus is on <${document.activeElement?.localName}>`).toBe(true);
    expect(document.activeElement).toBe(unread);
    expect(unread.getAttribute('aria-pressed')).toBe('true');
    expect(unread.textContent).toContain(fa.t.unread);
    act(() => unread.click());
    expect(reading.read).toBe(true);
  });

  it('names the bookmark toggle the same whether pressed or not (aria-pressed says which)', () => {
    let reading: ReadingRecord = { publisherId: 'p', id: 'a', updatedAt: 1 };
    const onChange = (c: { bookmarked?: boolean }) => {
      reading = { ...reading, ...c };
      mount(reading, 1, onChange);
    };
    mount(reading, 1, onChange);
    const bookmark = button(fa.t.bookmark);
    expect([bookmark.textContent, bookmark.getAttribute('aria-pressed')]).toEqual([fa.t.bookmark, 'false']);
    act(() => bookmark.click());
    expect([bookmark.textContent, bookmark.getAttribute('aria-pressed')]).toEqual([fa.t.bookmark, 'true']);
  });

  it('keeps keyboard focus on an enabled control when “Larger text” reaches the largest size', () => {
    let size = 1.5;
    const onTextSize = vi.fn((v: number) => {
      size = v;
      mount({ publisherId: 'p', id: 'a', updatedAt: 1 }, size, () => {}, onTextSize);
    });
    mount({ publisherId: 'p', id: 'a', updatedAt: 1 }, size, () => {}, onTextSize);
    const larger = button(fa.t.larger);
    larger.focus();
    act(() => larger.click());
    expect(size).toBe(1.75);
    // A focused button that becomes `disabled` loses the focus to <body> in browsers (jsdom does not run that rule, so
    // the test asks what the browser would: is the focused control still operable?).
    const focused = document.activeElement as HTMLButtonElement;
    expect(root.contains(focused)).toBe(true);
    expect(focused.disabled, 'the focused control is disabled (a browser drops focus to <body>)').toBe(false);
    // It says it does nothing more, and does nothing.
    expect(focused.getAttribute('aria-disabled')).toBe('true');
    act(() => focused.click());
    expect(onTextSize).toHaveBeenCalledTimes(1);
    expect(button(fa.t.smaller).getAttribute('aria-disabled')).toBe('false');
  });
});

describe('text-size steps from a size set in Settings', () => {
  // Settings' slider moves by 0.05 from 0.85 to 1.75; the bar's buttons step through 0.85, 1, 1.15, 1.3, 1.5, 1.75.
  const next = (size: number, which: 'larger' | 'smaller') => {
    let got: number | undefined;
    act(() =>
      render(
        h(
          I18nContext.Provider,
          { value: en },
          h(ReaderTools, { record, size, onTextSize: (v: number) => void (got = v), onChange: () => undefined }),
        ),
        root,
      ),
    );
    const pressed = [...root.querySelectorAll('button')].find((b) =>
      b.textContent?.includes(which === 'larger' ? en.t.larger : en.t.smaller),
    )!;
    act(() => pressed.click());
    return got;
  };

  it('“Larger text” goes to the next size up, not two sizes up, from a size between two steps', () => {
    // 1.05 (a slider value): the next step up is 1.15, not 1.3.
    expect(next(1.05, 'larger')).toBe(1.15);
    // 0.9: the next step up is 1 (the default), not 1.15.
    expect(next(0.9, 'larger')).toBe(1);
  });

  it('“Smaller text” goes to the next size down, and both step from a size on a step', () => {
    expect(next(1.05, 'smaller')).toBe(1);
    expect(next(1.2, 'smaller')).toBe(1.15);
    expect(next(1.15, 'larger')).toBe(1.3);
    expect(next(1.15, 'smaller')).toBe(1);
    // The slider's floating-point steps (0.05 × 23) are on the step they print as.
    expect(next(0.05 * 23, 'larger')).toBe(1.3);
  });

  it('has no step past either end', () => {
    expect([nextTextSize(1.75, 1), nextTextSize(1.8, 1), nextTextSize(0.85, -1), nextTextSize(0.8, -1)]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect([nextTextSize(1.7, 1), nextTextSize(0.9, -1)]).toEqual([1.75, 0.85]);
  });
});

describe('the bar’s height, for what must stay clear of it', () => {
  it('gives the page the height the bar has (two rows while a message shows), and takes it away with the bar', () => {
    // jsdom lays nothing out: the observer is the test's, and the bar says how tall it is.
    let report = (): void => undefined;
    let observed: HTMLElement | undefined;
    vi.stubGlobal(
      'ResizeObserver',
      class {
        constructor(callback: () => void) {
          report = callback;
        }
        observe(el: HTMLElement) {
          observed = el;
        }
        disconnect() {}
      },
    );
    const reading: ReadingRecord = { publisherId: 'p', id: 'a', updatedAt: 1 };
    mount(reading, 1, () => undefined);
    const size = () => document.documentElement.style.getPropertyValue('--tools-block-size');
    Object.defineProperty(observed!, 'offsetHeight', { configurable: true, value: 53 });
    report();
    expect(size()).toBe('53px');
    // A message wraps the bar onto a second row. Before the fix the page assumed one row: the note covered the second.
    Object.defineProperty(observed!, 'offsetHeight', { configurable: true, value: 90 });
    report();
    expect(size()).toBe('90px');
    act(() => render(null, root));
    // Off the reader, no bar: the library and Settings keep no padding for one.
    expect(size()).toBe('');
    vi.unstubAllGlobals();
  });
});
