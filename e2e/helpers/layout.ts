// Owns what the layout tests measure in a page: the first article's place, sideways scrolling, control sizes, and the isolation of the description-and-count line.
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

/** The library's description-and-count line: how it is isolated in the DOM and the order it paints in. */
export interface AboutLine {
  descriptionTag: string;
  descriptionDir: string | null;
  description: string;
  countTag: string;
  count: string;
  /** Horizontal centre of the separator and of the count, and how many lines the count spans (1: not broken). */
  separatorX: number;
  countX: number;
  /** Whether the separator and the count share a line (their boxes overlap vertically). */
  sameLine: boolean;
  countLines: number;
  /** Text of the line's own text nodes (outside the isolates): only the separator. */
  loose: string;
}

/** `mark` is the separator between the two parts. */
export async function readAboutLine(page: Page, mark: string): Promise<AboutLine> {
  return page.evaluate((mark) => {
    const p = document.querySelector('.library__about')!;
    const [description, count] = [p.querySelector('.library__description')!, p.querySelector('.library__count')!];
    const separator = [...p.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.includes(mark))!;
    const range = document.createRange();
    const dot = separator.textContent!.indexOf(mark);
    range.setStart(separator, dot);
    range.setEnd(separator, dot + 1);
    const sep = range.getBoundingClientRect();
    const c = count.getBoundingClientRect();
    return {
      descriptionTag: description.tagName.toLowerCase(),
      descriptionDir: description.getAttribute('dir'),
      description: description.textContent ?? '',
      countTag: count.tagName.toLowerCase(),
      count: count.textContent ?? '',
      separatorX: sep.left + sep.width / 2,
      countX: c.left + c.width / 2,
      sameLine: sep.top < c.bottom && c.top < sep.bottom,
      countLines: new Set([...count.getClientRects()].map((r) => Math.round(r.top))).size,
      loose: [...p.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent)
        .join('')
        .trim(),
    };
  }, mark);
}
