// @vitest-environment jsdom
/**
 * How old the edition looks to a reader whose phone clock is wrong, or whose app stays open (resumed from the background)
 * for days without a connection.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { I18nContext, makeI18n } from './i18n';
import { settingsText } from './i18n-settings';
import { formatDate } from '../core/dates';
import type { UpdatesState } from './use-updates';

const state = vi.hoisted(() => ({ value: { running: false, failed: false, addresses: [] } as UpdatesState }));
vi.mock('./use-updates', () => ({ useUpdates: () => state.value, checkNow: async () => undefined }));

const root = document.createElement('div');
document.body.append(root);
afterEach(() => {
  act(() => render(null, root));
  vi.useRealTimers();
});

/** The library's line (`compact`), or Settings' paragraph with the last check (its words are Settings'). */
const show = async (lang: 'en' | 'fa', compact: boolean) => {
  const { EditionAge } = await import('./EditionAge');
  const { lastCheck } = await import('./UpdateSources');
  act(() => render(h(I18nContext.Provider, { value: makeI18n(lang) }, h(EditionAge, compact ? {} : { lastCheck })), root));
  return root.textContent ?? '';
};

/** What Intl.RelativeTimeFormat says for a time to come: "in 3 years", "tomorrow", "next year"; "۳ سال بعد", "فردا", "سال آینده". */
const FUTURE_EN = /\bin \d|\bin a\b|tomorrow|next (year|month|week)/;
const FUTURE_FA = /بعد|آینده|فردا/;

describe('the edition’s age with a phone clock set behind (a reset battery, a cheap phone)', () => {
  it('never says the edition is from the future ("Edition of in 3 years") in the library line or in Settings', async () => {
    // The edition was built on 21 March 2026; the phone believes it is 1 January 2023.
    vi.useFakeTimers({ now: Date.parse('2023-01-01T12:00:00Z'), toFake: ['Date'] });
    state.value = {
      running: false,
      failed: false,
      addresses: [],
      edition: { publisherId: 'p', edition: 7, created: '2026-03-21T10:00:00Z' },
    };
    const en = await show('en', true);
    const fa = await show('fa', true);
    // Before the fix: "· Edition of in 3 years (21 March 2026)" and "ویرایشِ ۳ سال بعد (…)".
    expect(en).not.toMatch(FUTURE_EN);
    expect(fa).not.toMatch(FUTURE_FA);
    // The date alone, which is right whatever the clock says.
    expect(en).toContain(makeI18n('en').t.editionDate('21 March 2026'));
  });

  it('never says the last successful check is in the future after the clock was corrected backwards', async () => {
    // A check succeeded while the clock was 5 years ahead; the network then set the clock right.
    vi.useFakeTimers({ now: Date.parse('2026-03-22T12:00:00Z'), toFake: ['Date'] });
    state.value = {
      running: false,
      failed: false,
      addresses: [],
      edition: { publisherId: 'p', edition: 7, created: '2026-03-21T10:00:00Z' },
      check: {
        at: Date.parse('2031-03-22T12:00:00Z'),
        lastSuccess: Date.parse('2031-03-22T12:00:00Z'),
        outcome: { kind: 'current' },
        results: [],
      },
    };
    const en = await show('en', false);
    const fa = await show('fa', false);
    // Before: "Last successful check for new articles: in 5 years." / "… ۵ سال بعد.", then "… 22 March 2031."
    expect(en).not.toMatch(FUTURE_EN);
    expect(fa).not.toMatch(FUTURE_FA);
    for (const [text, lang] of [
      [en, 'en'],
      [fa, 'fa'],
    ] as const) {
      expect(text).not.toContain(formatDate('2031-03-22T12:00:00Z', lang));
      expect(text).toContain(settingsText(makeI18n(lang)).lastCheckedUnknown);
    }
  });
});

describe('the edition’s age in an app left open offline', () => {
  const twoHoursOld = (): void => {
    state.value = {
      running: false,
      failed: false,
      addresses: [],
      edition: { publisherId: 'p', edition: 7, created: '2026-03-21T10:00:00Z' },
    };
  };

  it('grows each minute while the app is in front', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-03-21T12:00:00Z') });
    twoHoursOld();
    expect(await show('en', true)).toContain('2 hours ago');
    act(() => vi.advanceTimersByTime(60 * 60_000));
    expect(root.textContent).toContain('3 hours ago');
  });

  for (const [event, target] of [
    ['visibilitychange', () => document],
    ['pageshow', () => window],
  ] as const) {
    it(`renders again on return to the tab (${event}): three days later it does not still say "2 hours ago"`, async () => {
      // Only the clock is faked: no minute timer fires in between, as none runs while the phone sleeps.
      vi.useFakeTimers({ now: Date.parse('2026-03-21T12:00:00Z'), toFake: ['Date'] });
      twoHoursOld();
      expect(await show('en', true)).toContain('2 hours ago');
      vi.setSystemTime(Date.parse('2026-03-24T12:00:00Z'));
      act(() => void target().dispatchEvent(new Event(event)));
      expect(root.textContent).toContain('3 days ago');
    });
  }
});
