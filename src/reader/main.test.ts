// @vitest-environment jsdom
/** The reader file's script on a page the real writer made: which dates it rewrites. */
import { expect, it } from 'vitest';
import { chunksToBytes } from '../core/bundle-write';
import { writeReaderFile } from '../core/reader-file';
import { makeEdition, readerFileInput } from '../core/testing/sample';

it('writes the file’s own dates in the article’s language, and leaves the dates in a signed body as the publisher wrote them', async () => {
  const ed = await makeEdition({ extra: { dated: '<p>Published <time datetime="2024-01-02">on the second of January</time>.</p>' } });
  const file = await writeReaderFile(readerFileInput(ed, { name: 'Open Shelf', lang: 'en', dir: 'ltr', description: '' }));
  const page = new DOMParser().parseFromString(new TextDecoder().decode(chunksToBytes(file)), 'text/html');
  document.replaceChild(document.importNode(page.documentElement, true), document.documentElement);
  window.scrollTo = () => undefined;
  await import('./main');
  const dated = document.getElementById('a-dated')!;
  // The contents and the heading: the sample's date, 2024-03-20, as English readers write it.
  expect(document.querySelector('a[href="#a-dated"] ~ time')!.textContent).toBe('March 20, 2024');
  expect(dated.querySelector('.or-meta time')!.textContent).toBe('March 20, 2024');
  // The body's own words stay: the script replaced them with "January 2, 2024", text the publisher never signed.
  expect(dated.querySelector('.or-body time')!.textContent).toBe('on the second of January');
  // Every date outside bodies was localised (none left as written, YYYY-MM-DD).
  const outside = [...document.querySelectorAll('time')].filter((t) => !t.closest('.or-body'));
  expect(outside.length).toBe(2 * ed.articles.length);
  for (const t of outside) expect(t.textContent).not.toMatch(/^\d{4}-\d\d-\d\d$/);
});
