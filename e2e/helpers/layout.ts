// Owns what the layout tests measure in a page: the first article's place, sideways scrolling, control sizes, the library's description-and-count line, and the header.
import type { Page } from 'playwright-core';

/** Where the library's first article title sits, against the viewport's height. */
export async function firstTitleBox(page: Page): Promise<{ top: number; bottom: number; viewport: number; text: string }> {
  return page.evaluate(() => {
    scrollTo({ top: 0, behavior: 'instant' });
    const link = document.querySelector<HTMLElement>('.articles .card__title a');
    const r = link?.getBoundingClientRect();
    return { top: r?.top ?? NaN, bottom: r?.bottom ?? NaN, viewport: innerHeight, text: link?.textContent ?? '' };
  });
}

/** How far the page can scroll sideways (0 when it fits the width). */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** A control smaller than asked for. */
export interface SmallControl {
  what: string;
  width: number;
  height: number;
}

/**
 * Every visible control (links, buttons, fields; not those in running text, which WCAG 2.5.8 exempts, nor focus
 * targets with tabindex=-1) smaller than `min` px in either direction; and, of those matched by `main`, any under 44 px.
 */
export async function smallControls(page: Page, main: string): Promise<{ small: SmallControl[]; smallMain: SmallControl[] }> {
  return page.evaluate((main) => {
    const describe = (el: Element, r: DOMRect) => ({
      what: `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`,
      width: Math.round(r.width * 10) / 10,
      height: Math.round(r.height * 10) / 10,
    });
    const visible = (el: Element): boolean => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && !el.closest('.visually-hidden, [hidden]');
    };
    const controls = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])')].filter(
      (el) => el.getAttribute('tabindex') !== '-1' && visible(el) && !el.closest('.article__body, .skip-link'),
    );
    const small = controls.flatMap((el) => {
      const r = el.getBoundingClientRect();
      return r.width < 24 || r.height < 24 ? [describe(el, r)] : [];
    });
    const smallMain = [...document.querySelectorAll(main)].filter(visible).flatMap((el) => {
      const r = el.getBoundingClientRect();
      return r.width < 44 || r.height < 44 ? [describe(el, r)] : [];
    });
    return { small, smallMain };
  }, main);
}

/** The library's description, count and edition's age: how they are isolated in the DOM, where they paint, and whether they show. */
export interface AboutLine {
  descriptionTag: string;
  descriptionDir: string | null;
  description: string;
  /** How many lines the description shows, and whether it ends above the count (a line of its own). */
  descriptionLines: number;
  descriptionAbove: boolean;
  countTag: string;
  count: string;
  /** Horizontal centre of the separator (between the count and the age) and of the count, and how many lines the count spans (1: not broken). */
  separatorX: number;
  countX: number;
  /** Whether the separator and the count share a line (their boxes overlap vertically). */
  sameLine: boolean;
  countLines: number;
  /** The edition's age after the separator. */
  age: string;
  /** Whether the count and the age paint whole inside the line's box (not clipped), and the box ends above what follows it. */
  countShown: boolean;
  ageShown: boolean;
  clearOfNext: boolean;
  /** Text outside the isolates, its spaces made plain: only the separator and the edition's age. */
  loose: string;
}

/** `mark` is the separator between the count and the edition's age. */
export async function readAboutLine(page: Page, mark: string): Promise<AboutLine> {
  return page.evaluate((mark) => {
    const p = document.querySelector('.library__about')!;
    const [description, count, age] = [
      p.querySelector('.library__description')!,
      p.querySelector('.library__count')!,
      p.querySelector('.edition-age')!,
    ];
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    const texts: Text[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n as Text);
    const isolated = (n: Node) => description.contains(n) || count.contains(n);
    const separator = texts.find((n) => !isolated(n) && n.data.includes(mark))!;
    const range = document.createRange();
    const dot = separator.data.indexOf(mark);
    range.setStart(separator, dot);
    range.setEnd(separator, dot + 1);
    const sep = range.getBoundingClientRect();
    const c = count.getBoundingClientRect();
    const box = p.getBoundingClientRect();
    const inside = (r: DOMRect) => r.height > 0 && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5;
    const lines = (el: Element) => new Set([...el.getClientRects()].map((r) => Math.round(r.top))).size;
    // The description is one block: its lines are its height over its line height.
    const d = description.getBoundingClientRect();
    const next = p.nextElementSibling!.getBoundingClientRect();
    return {
      descriptionTag: description.tagName.toLowerCase(),
      descriptionDir: description.getAttribute('dir'),
      description: description.textContent ?? '',
      descriptionLines: Math.round(d.height / parseFloat(getComputedStyle(description).lineHeight)),
      descriptionAbove: d.bottom <= c.top + 0.5,
      countTag: count.tagName.toLowerCase(),
      count: count.textContent ?? '',
      separatorX: sep.left + sep.width / 2,
      countX: c.left + c.width / 2,
      sameLine: sep.top < c.bottom && c.top < sep.bottom,
      countLines: lines(count),
      age: (age.textContent ?? '').slice((age.textContent ?? '').indexOf(mark) + mark.length).trim(),
      countShown: [...count.getClientRects()].every(inside),
      ageShown: [...age.getClientRects()].every(inside),
      clearOfNext: box.bottom <= next.top + 0.5,
      loose: texts
        .filter((n) => !isolated(n))
        .map((n) => n.data)
        .join('')
        .replace(/\s+/g, ' ')
        .trim(),
    };
  }, mark);
}

/** The header as painted: whether the publication's name shows whole, and every control inside the screen and the header. */
export interface HeaderFit {
  /** The name's box width and the width its text needs (equal or more: not cut). */
  nameWidth: number;
  nameNeeds: number;
  /** Controls (and the name's link) outside the screen's width or the header's box, or overlapping another. */
  outside: string[];
  overlapping: string[];
  /** Whether the header ends above the page's main content. */
  clearOfMain: boolean;
}

export async function readHeaderFit(page: Page): Promise<HeaderFit> {
  return page.evaluate(() => {
    const header = document.querySelector('header')!.getBoundingClientRect();
    const name = document.querySelector<HTMLElement>('.brand__link')!;
    const controls = [...document.querySelectorAll<HTMLElement>('header a, header button')].filter((el) => el.getClientRects().length > 0);
    const label = (el: HTMLElement) =>
      `${el.tagName.toLowerCase()}.${el.className} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim()}"`;
    const boxes = controls.map((el) => ({ what: label(el), r: el.getBoundingClientRect() }));
    const overlapping: string[] = [];
    for (const [i, a] of boxes.entries())
      for (const b of boxes.slice(i + 1))
        if (a.r.left < b.r.right - 0.5 && b.r.left < a.r.right - 0.5 && a.r.top < b.r.bottom - 0.5 && b.r.top < a.r.bottom - 0.5)
          overlapping.push(`${a.what} and ${b.what}`);
    return {
      nameWidth: name.clientWidth,
      nameNeeds: name.scrollWidth,
      outside: boxes
        .filter(({ r }) => r.left < -0.5 || r.right > innerWidth + 0.5 || r.top < header.top - 0.5 || r.bottom > header.bottom + 0.5)
        .map(({ what, r }) => `${what} at ${Math.round(r.left)}-${Math.round(r.right)} × ${Math.round(r.top)}-${Math.round(r.bottom)}`),
      overlapping,
      clearOfMain: header.bottom <= document.querySelector('main')!.getBoundingClientRect().top + 0.5,
    };
  });
}
