/** The reader file's search: the contents list narrowed to the articles whose title, summary and text hold every word typed. */
import { foldSpelling } from '../core/fold';

/**
 * Text as the search compares it: spellings folded (core/fold.ts: Arabic letter forms, marks, hamza seats, digits, case;
 * ZWNJ dropped, so a word written with one reads joined), and any run of spaces as one space.
 */
export function foldText(text: string): string {
  return foldSpelling(text).replace(/\s+/g, ' ');
}

/**
 * The words of a query, folded. A ZWNJ parts words here: each part is looked for, so می‌خواهم typed with the ZWNJ,
 * a space or nothing finds the word written joined by a ZWNJ or written whole.
 */
export function queryWords(query: string): string[] {
  return foldText(query.replace(/\u200C/g, ' '))
    .split(' ')
    .filter(Boolean);
}

/** A count in the digits of the file's language (Persian ones for Persian). */
function countIn(n: number, lang: string): string {
  try {
    return n.toLocaleString(lang || 'en');
  } catch {
    return String(n);
  }
}

/**
 * Shows the search box the file carries hidden (so a page read with scripts off has none) and narrows the contents
 * to what it finds. Its words live on the box (data-none, data-one, data-many, `{n}` for the count), in the file's
 * language. The selectors follow the page's structure (readerFileParts), which no body can take the place of.
 */
export function startSearch(doc: Document): void {
  const box = doc.querySelector<HTMLElement>('body > nav.or-toc > .or-search');
  const input = box && box.querySelector('input');
  const status = box && box.querySelector('[role=status]');
  if (!box || !input || !status) return;
  const entries = Array.from(doc.querySelectorAll<HTMLElement>('body > nav.or-toc > ol > li'));
  let texts: string[] | undefined;
  const textOf = (li: HTMLElement): string => {
    const link = li.querySelector('a');
    const article = link && doc.getElementById((link.getAttribute('href') ?? '').slice(1));
    const body = article && article.querySelector('.or-body');
    const summary = li.querySelector('p');
    return foldText([link, summary, body].map((el) => (el ? el.textContent : '')).join(' '));
  };
  const run = (): void => {
    const words = queryWords(input.value);
    // The articles' text is read once, at the first word typed.
    if (words.length && !texts) texts = entries.map(textOf);
    let found = 0;
    entries.forEach((li, i) => {
      // indexOf, not includes: the file's script is held to ES2015, and es-check takes any includes() for Array's (ES2016).
      const hit = words.every((w) => texts![i]!.indexOf(w) >= 0);
      li.hidden = !hit;
      if (hit) found++;
    });
    const said = found === 0 ? box.dataset.none : found === 1 ? box.dataset.one : box.dataset.many;
    status.textContent = words.length ? (said ?? '').replace('{n}', countIn(found, doc.documentElement.lang)) : '';
  };
  box.hidden = false;
  input.addEventListener('input', run);
  // A value the browser kept (back to the page), or entries a page saved while searching left hidden.
  run();
}
