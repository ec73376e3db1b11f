// @vitest-environment jsdom
/** The "Share and import" sheet: the publisher's full library file is offered only while there is a connection. */
import { afterEach, describe, expect, it } from 'vitest';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { I18nContext, makeI18n } from './i18n';
import type { ShareMenu as ShareMenuType } from './ShareMenu';

type Props = Parameters<typeof ShareMenuType>[0];

const root = document.createElement('div');
document.body.append(root);
const setOnline = (online: boolean) => Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
afterEach(() => {
  act(() => render(null, root));
  setOnline(true);
});

const en = makeI18n('en');
const props = {
  library: { articles: [] },
  importer: { busy: false },
  exporter: { busy: false },
  selecting: false,
  onSelect: () => undefined,
} as unknown as Props;

/** The link to the publisher's file, if the sheet shows it. */
const downloadLink = () => [...root.querySelectorAll('a')].find((a) => a.textContent === en.t.downloadLibrary);

describe('ShareMenu', () => {
  it('offers the publisher’s full library file online, and hides it offline (the service worker does not keep it)', async () => {
    const { ShareMenu } = await import('./ShareMenu');
    act(() => render(h(I18nContext.Provider, { value: en }, h(ShareMenu, props)), root));
    expect(downloadLink()?.getAttribute('href')).toBe('library.html');

    act(() => {
      setOnline(false);
      dispatchEvent(new Event('offline'));
    });
    expect(downloadLink()).toBeUndefined();

    act(() => {
      setOnline(true);
      dispatchEvent(new Event('online'));
    });
    expect(downloadLink()).toBeDefined();
  });
});
