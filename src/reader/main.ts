/** The reader file's own script: one article at a time by hash route, dates in each article's locale, images from media records, a search. */
import { startSearch } from './search';

const doc = document;
const body = doc.body;
doc.documentElement.classList.add('js');
const siteTitle = doc.title;

// Media records: <script data-or="media" data-sha=… data-type=…>base64</script>, never run (not a script type).
const media = new Map<string, HTMLScriptElement>();
for (const el of doc.querySelectorAll<HTMLScriptElement>('script[data-or=media]')) {
  if (el.dataset.sha) media.set(el.dataset.sha, el);
}
const MEDIA_SRC = /^media\/([0-9a-f]{64})\.[a-z0-9]+$/;
const IMAGE_TYPE = /^image\/(jpeg|png|webp|gif|avif)$/;
/** The class of the copy of a body that shows its pictures. */
const COPY = 'or-copy';

/** The bytes of a `media/<sha>.<ext>` image the file carries, as a data: URL, if it has them. */
function pictureSrc(img: Element): string | undefined {
  const m = MEDIA_SRC.exec(img.getAttribute('src') ?? '');
  const el = m && media.get(m[1]!);
  const type = el?.dataset.type ?? '';
  return el && IMAGE_TYPE.test(type) ? `data:${type};base64,${el.textContent ?? ''}` : undefined;
}

/**
 * Show an article's pictures from the bytes the file carries, in a copy of its body put just before it (the style
 * hides a body after a copy). The body itself is a signed record: its markup stays exactly as published, so a page
 * the browser saves after reading ("Save Page As") still imports. A copy already there (a page saved while reading) is
 * kept.
 */
function showPictures(article: HTMLElement): void {
  const record = article.querySelector('.or-body');
  if (!record || record.classList.contains(COPY) || !Array.from(record.querySelectorAll('img')).some(pictureSrc)) return;
  const copy = doc.createElement('div');
  copy.className = `or-body ${COPY}`;
  for (const node of record.childNodes) copy.appendChild(node.cloneNode(true));
  for (const img of copy.querySelectorAll('img')) {
    const src = pictureSrc(img);
    if (src) img.src = src;
  }
  record.parentNode!.insertBefore(copy, record);
}

/**
 * The file's own dates (each article's in the contents and under its title) as people read them in the article's
 * language (Solar Hijri for Persian, by Intl's defaults). Not a date in a body: the publisher signed its text as it is.
 * The selectors follow the page's structure (readerFileParts), which no body can take the place of: a body sits inside
 * its `.or-body` element.
 */
function localiseDates(): void {
  const formats = new Map<string, Intl.DateTimeFormat>();
  for (const el of doc.querySelectorAll(
    'body > nav.or-toc > ol > li > time[datetime], main > article.or-article > p.or-meta > time[datetime]',
  )) {
    const value = el.getAttribute('datetime') ?? '';
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) continue;
    const lang = el.closest<HTMLElement>('[lang]')?.lang || 'en';
    const key = `${lang}|${dateOnly}`;
    let format = formats.get(key);
    if (!format) {
      try {
        // A date without a time is a calendar day: read it in UTC so no time zone moves it to the day before.
        format = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: dateOnly ? 'UTC' : undefined });
      } catch {
        continue;
      }
      formats.set(key, format);
    }
    el.textContent = format.format(date);
  }
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

let current: HTMLElement | null = null;

/**
 * The element with this id: in the article being read first (every article is on this page, and their footnotes and
 * common headings have the same ids; a copy of the body comes before it), else the first in the file.
 */
const byId = (id: string): HTMLElement | null => current?.querySelector<HTMLElement>(`[id="${CSS.escape(id)}"]`) ?? doc.getElementById(id);

/** Show the article the hash names (or the one holding the element it names), else the library. */
function route(): void {
  let id = decode(location.hash.slice(1));
  // Links written for the app (#/article/<id>) lead to the same article here.
  const app = /^\/article\/([^/]+)/.exec(id);
  if (app) id = `a-${decode(app[1]!)}`;
  let target = id ? byId(id) : null;
  const article = target?.closest<HTMLElement>('article.or-article') ?? null;
  const previous = current;
  if (previous && previous !== article) {
    previous.classList.remove('or-current');
    // The pictures' copy goes with the article: a page saved later carries one at most.
    const copy = previous.querySelector(`.${COPY}`);
    if (copy) copy.parentNode!.removeChild(copy);
  }
  current = article;
  body.classList.toggle('or-reading', article !== null);
  if (article) {
    article.classList.add('or-current');
    showPictures(article);
    // In a copy of the body, the element the hash names is the one on screen.
    target = byId(id);
    const title = article.querySelector<HTMLElement>('.or-title');
    // The article's title isolated from the file's name; after a Persian title, "·" would read as the digit zero.
    doc.title = title ? `\u2068${title.textContent ?? ''}\u2069${/^fa\b/i.test(article.lang) ? ' – ' : ' · '}${siteTitle}` : siteTitle;
    if (target === article) {
      scrollTo(0, 0);
      title?.focus({ preventScroll: true });
    } else target?.scrollIntoView();
    return;
  }
  doc.title = siteTitle;
  // Back in the library: return to the entry of the article just read.
  const entry = previous ? doc.querySelector<HTMLElement>(`.or-toc a[href="#${CSS.escape(previous.id)}"]`) : null;
  if (entry) {
    entry.scrollIntoView({ block: 'center' });
    entry.focus({ preventScroll: true });
  } else if (target) target.scrollIntoView();
  else scrollTo(0, 0);
}

localiseDates();
startSearch(doc);
addEventListener('hashchange', route);
route();
