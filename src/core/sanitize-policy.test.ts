import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { articleRoute, installSanitizerHooks, SANITIZE_CONFIG, SANITIZER_API_CONFIG } from './sanitize-policy';
import { SANITIZE_CASES } from './testing/sanitize-cases';

let clean: (html: string) => string;

beforeAll(() => {
  const purify = createDOMPurify(new JSDOM('').window as never);
  installSanitizerHooks(purify);
  clean = (html) => purify.sanitize(html, SANITIZE_CONFIG);
});

describe('article sanitiser policy (DOMPurify, as the build runs it)', () => {
  for (const c of SANITIZE_CASES) {
    it(c.name, () => {
      const out = clean(c.html);
      if (c.out !== undefined) expect(out).toBe(c.out);
      if (c.absent) expect(out).not.toMatch(c.absent);
      if (c.present !== undefined) expect(out).toContain(c.present);
      // The page sanitises again what the build sanitised: a second pass changes nothing.
      expect(clean(out)).toBe(out);
    });
  }

  it('percent-encodes an article route', () => {
    expect(articleRoute('کتاب')).toBe('#/article/%DA%A9%D8%AA%D8%A7%D8%A8');
  });

  it("gives the browser's Sanitizer the same allow-lists, h1 included for the policy's own pass", () => {
    expect(SANITIZER_API_CONFIG.elements).toEqual([...SANITIZE_CONFIG.ALLOWED_TAGS, 'h1']);
    expect(SANITIZER_API_CONFIG.attributes).toEqual(SANITIZE_CONFIG.ALLOWED_ATTR);
    // What it unwraps keeps its content: never an element whose content is code or raw text.
    for (const t of ['script', 'style', 'template', 'noscript', 'iframe', 'svg', 'math', 'object', 'textarea', 'title', 'xmp', 'noembed'])
      expect(SANITIZER_API_CONFIG.replaceWithChildrenElements).not.toContain(t);
  });
});
