// @vitest-environment jsdom
/**
 * Files handed to the importer when its code cannot load (a page left open across an update, whose parts the new
 * edition deleted): the reader is told, in both languages, instead of the files vanishing without a word.
 */
import { expect, it, vi } from 'vitest';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import type { Importer } from './use-importer';
import { makeI18n } from './i18n';

vi.mock('../platform/deferred', () => {
  throw new TypeError('Failed to fetch dynamically imported module');
});

it('says something went wrong when the importer’s code cannot load, and is not left busy', async () => {
  const { useImporter } = await import('./use-importer');
  let current: Importer | undefined;
  function Probe() {
    current = useImporter(async () => undefined);
    return null;
  }
  const root = document.createElement('div');
  act(() => render(h(Probe, null), root));
  let rejected = false;
  await act(() => current!.importFiles([new File(['x'], 'a.html')]).catch(() => void (rejected = true)));
  // Rejected still (App.tsx then keeps a shared file for the next start), and said: it used to say nothing at all.
  expect(rejected).toBe(true);
  expect(current!.error?.(makeI18n('en'))).toBe(makeI18n('en').t.errorGeneric);
  expect(current!.error?.(makeI18n('fa'))).toBe(makeI18n('fa').t.errorGeneric);
  expect(current!.busy).toBe(false);
  act(() => render(null, root));
});
