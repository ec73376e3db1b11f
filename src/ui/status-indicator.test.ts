// @vitest-environment jsdom
/** The header's status sign while an update is put off ("Later"): the update's sign comes beside the library's state. */
import { afterEach, describe, expect, it } from 'vitest';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { I18nContext, makeI18n } from './i18n';
import { StatusIndicator } from './StatusIndicator';
import { sharedValue } from './shared-value';

const root = document.createElement('div');
document.body.append(root);
afterEach(() => act(() => render(null, root)));

describe('the header’s status sign while an update is put off (“Later”)', () => {
  it('still says the reader is offline, and how far a save has come, instead of only “Update ready”', () => {
    const update = { waiting: true, deferred: true, busy: false, defer() {}, ask() {}, apply() {} };
    const i = makeI18n('en');
    const mount = (sync: Parameters<typeof StatusIndicator>[0]['sync']) =>
      act(() => render(h(I18nContext.Provider, { value: i }, h(StatusIndicator, { sync, update })), root));

    // Offline: before the fix the chip said only "Update ready"; "Offline" and its note were gone.
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    mount({ kind: 'saved', short: (x) => x.t.statusSaved });
    expect(root.textContent).toContain(i.t.statusOffline);
    expect(root.textContent, 'the update’s sign is still there').toContain(i.t.statusUpdate);
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => true });
    act(() => render(null, root));

    // A save half-way (a connection that keeps dropping): "Saving 3/10" was gone too.
    const count = sharedValue({ done: 3, total: 10 });
    mount({
      kind: 'saving',
      count,
      message: (x) => x.t.saving(x.n(3), x.n(10)),
      short: (x) => x.t.statusSaving(x.n(3), x.n(10)),
      announce: (x) => x.t.saving(x.n(3), x.n(10)),
    });
    expect(root.textContent).toContain(i.t.statusSaving('3', '10'));
    expect(root.textContent, 'the update’s sign is still there').toContain(i.t.statusUpdate);
  });
});
