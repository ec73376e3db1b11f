// @vitest-environment jsdom
/** "Pass the app on": each way it can fail (no clipboard, a QR code that cannot be drawn, a share refused) says so. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { I18nContext, makeI18n } from './i18n';
import { settingsText } from './i18n-settings';

vi.mock('./use-updates', () => ({
  useUpdates: () => ({ running: false, failed: false, addresses: ['https://mirror.example/news/', 'https://second.example/news/'] }),
}));
/** `fail`: every drawing fails; `slow`: the drawing of that text waits for `release`. */
const qr = vi.hoisted(() => ({ fail: false, slow: '', release: Promise.resolve() }));
vi.mock('./qr-path', async (actual) => ({
  drawQr: async (text: string) => {
    if (qr.fail) throw new Error('Data too long for the QR version');
    if (text === qr.slow) await qr.release;
    return (await actual<typeof import('./qr-path')>()).drawQr(text);
  },
}));

const root = document.createElement('div');
document.body.append(root);
afterEach(() => {
  act(() => render(null, root));
  qr.fail = false;
  qr.slow = '';
  delete (navigator as { share?: unknown }).share;
});

const en = makeI18n('en');

/** Renders HandOn in English; returns the button named `name` getter and the status line's text getter. */
async function mountHandOn() {
  const { HandOn } = await import('./HandOn');
  act(() => render(h(I18nContext.Provider, { value: en }, h(HandOn, null)), root));
  return {
    button: (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent === name)!,
    said: () => root.querySelector('[role="status"]')?.textContent,
    pick: (address: string) =>
      act(() => {
        const select = root.querySelector('select')!;
        select.value = address;
        select.dispatchEvent(new Event('change', { bubbles: true }));
      }),
  };
}

/** Lets pending promises settle, with renders in between. */
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 5)));

/** Clicks and lets the promise it starts settle. */
async function click(button: HTMLButtonElement): Promise<void> {
  await act(async () => {
    button.click();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

describe('HandOn', () => {
  it('says the copy failed, rather than throwing, when navigator.clipboard is missing (a page opened over plain http)', async () => {
    // navigator.clipboard exists only in secure contexts; jsdom has none, like http://192.168.x.x/ on a local network.
    expect((navigator as { clipboard?: unknown }).clipboard).toBeUndefined();
    const { button, said } = await mountHandOn();
    const thrown: unknown[] = [];
    const onError = (e: ErrorEvent) => {
      thrown.push(e.error);
      e.preventDefault();
    };
    window.addEventListener('error', onError);
    try {
      await act(async () => {
        button(settingsText(en).handOnCopy).click();
        await Promise.resolve();
      });
    } finally {
      window.removeEventListener('error', onError);
    }
    expect(thrown).toEqual([]);
    expect(said()).toBe(settingsText(en).handOnCopyFailed);
  });

  it('says the QR code could not be drawn, not that "nothing in the library was changed"', async () => {
    qr.fail = true;
    const { button, said } = await mountHandOn();
    await click(button(settingsText(en).handOnQr));
    expect(said()).toBe(settingsText(en).handOnQrFailed);
    expect(root.querySelector('svg')).toBeNull();
  });

  it('draws the QR code when it can', async () => {
    const { button, said } = await mountHandOn();
    await click(button(settingsText(en).handOnQr));
    await vi.waitFor(async () => {
      await act(() => new Promise((resolve) => setTimeout(resolve, 5)));
      expect(root.querySelector('svg path')).not.toBeNull();
    });
    expect(said()).toBe('');
  });

  it('never shows the QR code of an address no longer chosen, however late its drawing ends', async () => {
    const first = 'https://mirror.example/news/';
    const second = 'https://second.example/news/';
    let release!: () => void;
    qr.slow = first;
    qr.release = new Promise((resolve) => (release = resolve));
    const { button, pick } = await mountHandOn();
    await click(button(settingsText(en).handOnQr));
    pick(second);
    await vi.waitFor(async () => {
      await settle();
      expect(root.querySelector('svg path')).not.toBeNull();
    });
    const { drawQr } = await vi.importActual<typeof import('./qr-path')>('./qr-path');
    const shows = async (url: string) => root.querySelector('svg path')?.getAttribute('d') === (await drawQr(url)).path;
    expect(await shows(second)).toBe(true);
    // The first address's drawing ends last: it used to replace the second's.
    release();
    await settle();
    expect(await shows(second)).toBe(true);
  });

  it('clears what it said of one address ("Copied", "could not copy") when another is chosen', async () => {
    const { button, said, pick } = await mountHandOn();
    await click(button(settingsText(en).handOnCopy));
    expect(said()).toBe(settingsText(en).handOnCopyFailed);
    pick('https://second.example/news/');
    expect(said()).toBe('');
  });

  it('says a refused share failed, and says nothing when the reader closed the share sheet', async () => {
    let refusal = new DOMException('Not allowed', 'NotAllowedError');
    Object.defineProperty(navigator, 'share', { configurable: true, value: async () => Promise.reject(refusal) });
    const { button, said } = await mountHandOn();
    await click(button(settingsText(en).handOnShare));
    expect(said()).toBe(settingsText(en).handOnShareFailed);

    act(() => render(null, root));
    refusal = new DOMException('Share canceled', 'AbortError');
    const again = await mountHandOn();
    await click(again.button(settingsText(en).handOnShare));
    expect(again.said()).toBe('');
  });
});
