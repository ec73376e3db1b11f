import { describe, expect, it } from 'vitest';
import { makeSnippet, type Snippet } from './snippet';

const marked = (s: Snippet): string[] => s.highlights.map(([a, b]) => s.text.slice(a, b));

describe('makeSnippet', () => {
  it('returns a short text whole, with every matched word', () => {
    const s = makeSnippet('این کتاب و آن کتاب‌ها', ['کتاب', 'کتابها']);
    expect(s.text).toBe('این کتاب و آن کتاب‌ها');
    expect(marked(s)).toEqual(['کتاب', 'کتاب‌ها']);
  });

  it('highlights the original spelling of a normalised match', () => {
    const s = makeSnippet('كِتَابٌ جديد من علي', ['کتاب', 'علی']);
    expect(marked(s)).toEqual(['كِتَابٌ', 'علي']);
  });

  it('finds a ZWNJ word by its joined form or by a part', () => {
    expect(marked(makeSnippet('او می‌خواهم گفت', ['میخواهم']))).toEqual(['می‌خواهم']);
    expect(marked(makeSnippet('او می‌خواهم گفت', ['خواهم']))).toEqual(['می‌خواهم']);
  });

  it('marks both words of a particle written apart when the joined term matched', () => {
    expect(marked(makeSnippet('من می خواهم بروم', ['میخواهم']))).toEqual(['می', 'خواهم']);
  });

  it('treats terms of three or more letters as prefixes', () => {
    expect(marked(makeSnippet('Reading books in libraries', ['book', 'libr']))).toEqual(['books', 'libraries']);
    // A one-letter term only matches a whole word.
    expect(marked(makeSnippet('a cat and a dog', ['a']))).toEqual(['a', 'a']);
  });

  it('cuts a window around the first match at word boundaries', () => {
    const words = Array.from({ length: 200 }, (_, i) => `word${i}`);
    words[120] = 'Needle';
    const text = words.join(' ');
    const s = makeSnippet(text, ['needle'], 80);
    expect(s.text.length).toBeLessThanOrEqual(80);
    expect(s.text.startsWith('\u2026')).toBe(true);
    expect(s.text.endsWith('\u2026')).toBe(true);
    expect(marked(s)).toEqual(['Needle']);
    // No word is cut in half.
    for (const w of s.text.replace(/\u2026/g, '').split(' ')) expect(words).toContain(w);
    // Some text before the match shows too.
    expect(s.highlights[0]![0]).toBeGreaterThan(5);
  });

  it('starts at the beginning when the match is near it', () => {
    const text = `Needle ${'filler '.repeat(100)}`;
    const s = makeSnippet(text, ['needle'], 60);
    expect(s.text.startsWith('Needle')).toBe(true);
    expect(s.highlights[0]).toEqual([0, 6]);
  });

  it('shows the start with no highlights when nothing matches', () => {
    const s = makeSnippet('alpha beta gamma delta epsilon zeta eta theta', ['omega'], 20);
    expect(s.highlights).toEqual([]);
    expect(s.text.startsWith('alpha beta')).toBe(true);
    expect(s.text.endsWith('\u2026')).toBe(true);
    expect(s.text.length).toBeLessThanOrEqual(20);
  });

  it('turns line breaks into spaces without moving ranges', () => {
    const s = makeSnippet('first line\nsecond kitab', ['kitab']);
    expect(s.text).toBe('first line second kitab');
    expect(marked(s)).toEqual(['kitab']);
  });

  it('finds CJK terms inside unsegmented runs', () => {
    expect(marked(makeSnippet('我们是中国人', ['中国']))).toEqual(['中国']);
  });

  it('gives the same answer for a text seen before, whatever terms were asked then', () => {
    const text = 'کتاب‌های تازه در کتابخانهٔ شهر و دانشگاه';
    expect(marked(makeSnippet(text, ['کتابخانه']))).toEqual(['کتابخانهٔ']);
    expect(marked(makeSnippet(text, ['دانش']))).toEqual(['دانشگاه']);
    expect(marked(makeSnippet(text, ['کتاب']))).toEqual(['کتاب‌های', 'کتابخانهٔ']);
    // Past the texts it keeps worked out, older ones are worked out again.
    for (let i = 0; i < 300; i++) makeSnippet(`filler ${i} text`, ['filler']);
    expect(marked(makeSnippet(text, ['شهر']))).toEqual(['شهر']);
  });

  it('copes with empty input', () => {
    expect(makeSnippet('', ['x'])).toEqual({ text: '', highlights: [] });
    expect(makeSnippet('text', [])).toEqual({ text: 'text', highlights: [] });
  });
});
