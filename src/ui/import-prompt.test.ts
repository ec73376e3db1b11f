// @vitest-environment jsdom
/**
 * The "Import anyway?" dialog closed by the browser. Chromium's back gesture closes a modal dialog with no `cancel` event
 * when the page had no tap first: the question stayed unanswered, unseen, and the files behind it waited for good.
 * Escape's own `close` event comes after its `cancel`, by when the next question may show: it must not answer that one.
 */
import { expect, it, vi } from 'vitest';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { I18nContext, makeI18n } from './i18n';
import { ImportPrompt } from './ImportPrompt';
import { importText } from './i18n-import';
import type { PendingUnverified } from './use-importer';

const question = (file: string): PendingUnverified => ({
  file,
  publisher: 'AB12 CD34',
  words: importText,
  accept: vi.fn(),
  cancel: vi.fn(),
});

it('answers "Cancel" for the question shown when the dialog closes without a cancel event, and only once after Escape', () => {
  const root = document.createElement('div');
  document.body.append(root);
  const show = (pending: PendingUnverified) =>
    act(() => render(h(I18nContext.Provider, { value: makeI18n('en') }, h(ImportPrompt, { pending })), root));
  const dialog = () => root.querySelector('dialog')!;

  const a = question('a.html');
  show(a);
  act(() => void dialog().dispatchEvent(new Event('close')));
  expect(a.cancel).toHaveBeenCalledTimes(1);

  // Escape: `cancel`, then the next question shows before the dialog's `close` event arrives.
  const [b, c] = [question('b.html'), question('c.html')];
  show(b);
  act(() => void dialog().dispatchEvent(new Event('cancel')));
  show(c);
  act(() => void dialog().dispatchEvent(new Event('close')));
  expect(b.cancel).toHaveBeenCalledTimes(1);
  expect(c.cancel).not.toHaveBeenCalled();
  act(() => render(null, root));
});
