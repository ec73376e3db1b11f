// @vitest-environment jsdom
/** In a reader file every article is on one page, so ids inside bodies repeat (footnotes, common headings): a link in the article being read goes to its own. */
import { beforeAll, describe, expect, it } from 'vitest';
import { chunksToBytes } from '../core/bundle-write';
import { writeReaderFile } from '../core/reader-file';
import { makeEdition, readerFileInput } from '../core/testing/sample';

/** Go to `hash` as a click on a link does, once the script has answered. */
async function go(hash: string): Promise<void> {
  const changed = new Promise((resolve) => addEventListener('hashchange', resolve, { once: true }));
  location.hash = hash;
  await changed;
}

let scrolledTo: Element | undefined;
let articles: HTMLElement[];

beforeAll(async () => {
  const file = await writeReaderFile(readerFileInput(await makeEdition()));
  const page = new DOMParser().parseFromString(new TextDecoder().decode(chunksToBytes(file)), 'text/html');
  document.replaceChild(document.importNode(page.documentElement, true), document.documentElement);
  window.scrollTo = () => undefined;
  Element.prototype.scrollIntoView = function (this: Element) {
    scrolledTo = this;
  };
  globalThis.CSS ??= { escape: (s: string) => s.replace(/["\\]/g, '\\$&') } as typeof CSS;
  articles = [...document.querySelectorAll<HTMLElement>('article.or-article')];
  // Both articles end with a footnote numbered 1, as the build writes it (the ids are the same in each).
  for (const a of articles) a.querySelector('.or-body')!.insertAdjacentHTML('beforeend', '<ol><li id="user-content-fn1">Note</li></ol>');
  await import('./main');
});

describe('ids that repeat from one article to the next', () => {
  it('a footnote link in the second article stays in it and scrolls to its own note', async () => {
    expect(articles.length).toBeGreaterThanOrEqual(2);
    const second = articles[1]!;
    await go(`#${second.id}`);
    expect(second.classList.contains('or-current')).toBe(true);
    await go('#user-content-fn1');
    expect(second.classList.contains('or-current'), 'still reading the second article').toBe(true);
    expect(articles[0]!.classList.contains('or-current')).toBe(false);
    expect(scrolledTo?.closest('article')).toBe(second);
  });

  it('from the contents, the id leads to the first article that has it, as the browser would', async () => {
    await go('#contents');
    await go('#user-content-fn1');
    expect(articles[0]!.classList.contains('or-current')).toBe(true);
  });
});
