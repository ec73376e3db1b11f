import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeSnippet, type Snippet } from './snippet';

const marked = (s: Snippet): string[] => s.highlights.map(([a, b]) => s.text.slice(a, b));
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

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

  it('keeps a word whole across every invisible character normalising drops (the index holds it joined)', () => {
    for (const c of [
      '\u00AD',
      '\u200B',
      '\u200D',
      '\u200E',
      '\u200F',
      '\u202A',
      '\u202E',
      '\u2060',
      '\u2064',
      '\u2066',
      '\u2069',
      '\uFEFF',
    ]) {
      expect(marked(makeSnippet(`این کتاب${c}ها است`, ['کتابها']))).toEqual([`کتاب${c}ها`]);
    }
  });

  it('marks a Hebrew word with gershayim or geresh by its joined form or a part', () => {
    expect(marked(makeSnippet('צה״ל הודיע היום', ['צהל']))).toEqual(['צה״ל']);
    expect(marked(makeSnippet('צה״ל הודיע היום', ['צה', 'ל']))).toEqual(['צה״ל']);
    expect(marked(makeSnippet('ראיתי ג׳ירפה', ['גירפה']))).toEqual(['ג׳ירפה']);
  });

  it('marks a word whose letters fold to more letters (æ -> ae, œ -> oe) as written, in spaced text and inside Japanese', () => {
    const s = makeSnippet('The fables of Æsop and the Cœur de Lion', ['aesop', 'coeur']);
    expect(marked(s)).toEqual(['Æsop', 'Cœur']);
    expect(marked(makeSnippet('Æsopの物語とCœurの歌', ['aesop', 'coeur']))).toEqual(['Æsop', 'Cœur']);
    // A window cut around a match further in still marks it where it is.
    const long = `${'word '.repeat(60)}Ærø and Œdipus ${'word '.repeat(60)}`;
    expect(marked(makeSnippet(long, ['aero', 'oedipus'], 60))).toEqual(['Ærø', 'Œdipus']);
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

  it('marks a particle or suffix set off by a ZWNJ and a space, or by a doubled ZWNJ', () => {
    expect(marked(makeSnippet('من می\u200C خواهم بروم', ['میخواهم']))).toEqual(['می', 'خواهم']);
    expect(marked(makeSnippet('این کتاب\u200C\u200Cها را خواندم', ['کتابها']))).toEqual(['کتاب\u200C\u200Cها']);
    expect(marked(makeSnippet('این کتاب\u200C\u200Cها را خواندم', ['ها']))).toEqual(['کتاب\u200C\u200Cها']);
  });

  it('gives highlights in text order, overlapping ones merged, and centres on the first in the text', () => {
    // Terms in another order than the text, and two that overlap (大学 and 学生 in 大学生).
    expect(makeSnippet('他是北京大学的学生', ['学生', '北京']).highlights).toEqual([
      [2, 4],
      [7, 9],
    ]);
    expect(makeSnippet('我是大学生', ['学生', '大学']).highlights).toEqual([[2, 5]]);
    const text = `${'filler '.repeat(40)}alpha ${'filler '.repeat(40)}omega ${'filler '.repeat(40)}`;
    const s = makeSnippet(text, ['omega', 'alpha'], 60);
    expect(marked(s)).toEqual(['alpha']);
  });

  it('marks the word a segmenter finds in a run without spaces, not the whole run', () => {
    expect(marked(makeSnippet('コロナウイルスの感染が広がっています。', ['コロナ']))).toEqual(['コロナ']);
    expect(marked(makeSnippet('ภาษาไทยง่ายมาก สำหรับเด็ก', ['ภาษา']))).toEqual(['ภาษา']);
    // A Latin word or a number inside Japanese is a word of its own.
    expect(marked(makeSnippet('新しいiPhoneの発売日', ['iphone']))).toEqual(['iPhone']);
    expect(marked(makeSnippet('今年は2024年です', ['2024']))).toEqual(['2024']);
  });

  it('marks words of runs without spaces that normalisation changes, in their original spelling', () => {
    // Thai SARA AM decomposes (ำ -> ํา); half-width katakana widen.
    expect(marked(makeSnippet('ฉันดื่มน้ำเย็นทุกวัน', ['น\u0E49\u0E4D\u0E32']))).toEqual(['น้ำ']);
    expect(marked(makeSnippet('เขาทำงานที่กรุงเทพ', ['ท\u0E4D\u0E32', 'งาน']))).toEqual(['ทำ', 'งาน']);
    expect(marked(makeSnippet('今年はｺﾛﾅの年です', ['コロナ']))).toEqual(['ｺﾛﾅ']);
  });

  it('marks a term inside a Han/Kana run, never the dictionary word around it', () => {
    expect(marked(makeSnippet('他是大学生。', ['学生']))).toEqual(['学生']);
    expect(marked(makeSnippet('東京都知事選挙', ['知事']))).toEqual(['知事']);
    // A term across two of the segmenter's words.
    expect(marked(makeSnippet('東京都知事選挙', ['都知事選']))).toEqual(['都知事選']);
    expect(marked(makeSnippet('北京大学生', ['北京大学', '大学生']))).toEqual(['北京大学生']);
  });

  it('marks a number written in digit groups for its joined term, as written', () => {
    expect(marked(makeSnippet('It cost 1,200,000 dollars', ['1200000']))).toEqual(['1,200,000']);
    expect(marked(makeSnippet('قیمت ۱٬۲۰۰٬۰۰۰ تومان', ['1200000']))).toEqual(['۱٬۲۰۰٬۰۰۰']);
    expect(marked(makeSnippet('Il coûte 1\u202F200\u202F000 €', ['1200000']))).toEqual(['1\u202F200\u202F000']);
    expect(marked(makeSnippet('价格1，200元', ['1200']))).toEqual(['1，200']);
    // A prefix of three or more digits marks the number too; a group on its own only the group.
    expect(marked(makeSnippet('It cost 1,200,000 dollars', ['1200000', '200']))).toEqual(['1,200,000']);
    expect(marked(makeSnippet('from 1,200 to 3,400', ['200']))).toEqual(['200']);
    expect(marked(makeSnippet('on 2024-03-01', ['20240301']))).toEqual([]);
  });

  it('gives numbers and words in text order, centring on the first', () => {
    const text = `${'filler '.repeat(40)}alpha ${'filler '.repeat(40)}1,200,000 ${'filler '.repeat(40)}`;
    expect(marked(makeSnippet(text, ['1200000', 'alpha'], 60))).toEqual(['alpha']);
    expect(marked(makeSnippet(text, ['1200000'], 60))).toEqual(['1,200,000']);
  });

  it('ends a cut text at a whole word and says it goes on', () => {
    const s = makeSnippet('short text that was cut in the midd', ['text'], 160, true);
    expect(s.text).toBe('short text that was cut in the\u2026');
    expect(marked(s)).toEqual(['text']);
    // A window that reaches the end of a cut text: the same.
    const long = `${'word '.repeat(60)}needle and more word`;
    const t = makeSnippet(long, ['needle'], 60, true);
    expect(t.text.endsWith('more\u2026')).toBe(true);
    expect(marked(t)).toEqual(['needle']);
    // A whole text is shown whole.
    expect(makeSnippet('short text', ['text'], 160, false).text).toBe('short text');
  });

  it('never cuts a surrogate pair or a character with its marks, in text without spaces', () => {
    const post = '🔥今日新闻速报🔥中国经济增长放缓，';
    const text = post.repeat(3) + '一'.repeat(15) + '政府宣布新的经济刺激计划' + post.repeat(6);
    for (let length = 20; length < 70; length++) {
      const s = makeSnippet(text, ['刺激'], length);
      expect(s.text).not.toMatch(LONE_SURROGATE);
      expect(marked(s)).toEqual(['刺激']);
    }
    // An emoji of several code points (a family) stays whole.
    const family = '👨\u200D👩\u200D👧';
    for (let length = 10; length < 30; length++) {
      const s = makeSnippet(family.repeat(20) + '新闻' + family.repeat(20), ['新闻'], length);
      expect(
        s.text
          .replace(/\u2026/g, '')
          .split(family)
          .join(''),
      ).toBe('新闻');
    }
    // The end of a cut text, too.
    const cut = makeSnippet('新闻' + '🔥'.repeat(40), ['新闻'], 30, true);
    expect(cut.text).not.toMatch(LONE_SURROGATE);
    expect(cut.text.endsWith('\u2026')).toBe(true);
  });

  it('copes with empty input', () => {
    expect(makeSnippet('', ['x'])).toEqual({ text: '', highlights: [] });
    expect(makeSnippet('text', [])).toEqual({ text: 'text', highlights: [] });
  });
});

describe('makeSnippet without Intl.Segmenter', () => {
  let snippet: typeof makeSnippet;
  const saved = Object.getOwnPropertyDescriptor(Intl, 'Segmenter');

  beforeAll(async () => {
    // The segmenters are looked for on first use: a fresh copy of the modules finds none.
    delete (Intl as { Segmenter?: unknown }).Segmenter;
    vi.resetModules();
    snippet = (await import('./snippet')).makeSnippet;
  });
  afterAll(() => {
    if (saved) Object.defineProperty(Intl, 'Segmenter', saved);
  });

  it('still cuts between code points', () => {
    const post = '🔥今日新闻速报🔥中国经济增长放缓，';
    const text = post.repeat(3) + '一'.repeat(15) + '政府宣布新的经济刺激计划' + post.repeat(6);
    for (let length = 20; length < 70; length++) {
      const s = snippet(text, ['刺激'], length);
      expect(s.text).not.toMatch(LONE_SURROGATE);
      expect(marked(s)).toEqual(['刺激']);
    }
  });

  it('marks the terms inside an unsegmented run (the bigrams and whole runs the index then holds)', () => {
    expect(marked(snippet('我们是中国人', ['中国']))).toEqual(['中国']);
    expect(marked(snippet('ฉันดื่มน้ำเย็นทุกวัน', ['น\u0E49\u0E4D\u0E32']))).toEqual(['น้ำ']);
  });

  it('marks a Thai query word inside a phrase, and Latin words and numbers next to Japanese', () => {
    expect(marked(snippet('รัฐบาลไทยประกาศนโยบายใหม่', ['นโยบาย']))).toEqual(['นโยบาย']);
    expect(marked(snippet('新しいiPhoneの発売日', ['iphone']))).toEqual(['iPhone']);
    expect(marked(snippet('今年は2024年です', ['2024']))).toEqual(['2024']);
  });
});

describe('makeSnippet: variation selectors, the Arabic article, hyphenated words', () => {
  it('never starts or ends a highlight inside a character with its variation selector', () => {
    expect(marked(makeSnippet('▪️خبر فوری از تهران', ['خبر']))).toEqual(['خبر']);
    expect(marked(makeSnippet('من ❤️ایران را دوست دارم', ['ایران']))).toEqual(['ایران']);
    expect(marked(makeSnippet('✔️Done', ['done']))).toEqual(['Done']);
    expect(marked(makeSnippet('葛\u{E0100}城市に行きました', ['葛城']))).toEqual(['葛\u{E0100}城']);
  });

  it('marks an Arabic word whole when its form without the article matched', () => {
    const s = makeSnippet('زار الرئيس المدرسة وقرأ القرآن بالعربية', ['رییس', 'مدرسه', 'قران', 'عربیه']);
    expect(marked(s)).toEqual(['الرئيس', 'المدرسة', 'القرآن', 'بالعربية']);
  });

  it('marks a hyphenated pair as one when the joined term matched', () => {
    expect(marked(makeSnippet('واکسن COVID-19 در ایران', ['covid19']))).toEqual(['COVID-19']);
    expect(marked(makeSnippet('Wi-Fi and e-mail', ['wifi', 'email', 'mail']))).toEqual(['Wi-Fi', 'e-mail']);
  });
});
