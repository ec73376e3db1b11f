import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bigramRuns, cjkBigrams, digitGroups, isBigramTerm, isJoinablePair, segmentNoSpace, tokenize, tokenizeQuery } from './tokenize';

describe('tokenize', () => {
  it('splits on whitespace and punctuation, including Persian punctuation', () => {
    expect(tokenize('سلام، دنیا؛ «خوب» است؟ بله!')).toEqual(['سلام', 'دنیا', 'خوب', 'است', 'بله']);
    expect(tokenize('Hello, world (again)... "quoted" [x] a/b')).toEqual(['hello', 'world', 'again', 'quoted', 'x', 'a', 'b']);
  });

  it('returns normalised terms', () => {
    expect(tokenize('كتاب علي ۱۴۰۵ Café')).toEqual(['کتاب', 'علی', '1405', 'cafe']);
  });

  it('emits a ZWNJ word joined and as its parts', () => {
    expect(tokenize('می‌خواهم')).toEqual(['میخواهم', 'می', 'خواهم']);
    expect(tokenize('کتاب‌ها')).toEqual(['کتابها', 'کتاب', 'ها']);
    expect(tokenize('دانش‌آموز')).toEqual(['دانشاموز', 'دانش', 'اموز']);
  });

  it('also emits the joined form of a particle or suffix written with a space', () => {
    expect(tokenize('می خواهم')).toEqual(['می', 'خواهم', 'میخواهم']);
    expect(tokenize('نمی روم')).toContain('نمیروم');
    expect(tokenize('بی کار')).toContain('بیکار');
    expect(tokenize('کتاب ها')).toContain('کتابها');
    expect(tokenize('بزرگ ترین')).toContain('بزرگترین');
    expect(tokenize('خانه ام')).toContain('خانهام');
  });

  it('treats a doubled ZWNJ like one, and a ZWNJ beside a space like the space', () => {
    expect(tokenize('کتاب\u200C\u200Cها')).toEqual(['کتابها', 'کتاب', 'ها']);
    expect(tokenize('می\u200C خواهم')).toEqual(['می', 'خواهم', 'میخواهم']);
    expect(tokenize('می \u200Cخواهم')).toEqual(['می', 'خواهم', 'میخواهم']);
  });

  it('does not join across punctuation or ordinary word pairs', () => {
    expect(tokenize('کتاب، ها')).toEqual(['کتاب', 'ها']);
    expect(tokenize('کتاب خوب')).toEqual(['کتاب', 'خوب']);
  });

  it('treats an apostrophe inside a word like a joiner', () => {
    expect(tokenize("Don't")).toEqual(['dont', 'don', 't']);
    expect(tokenize('l’homme')).toEqual(['lhomme', 'l', 'homme']);
  });

  it('treats Hebrew gershayim and geresh inside a word like a joiner', () => {
    expect(tokenize('צה״ל הודיע')).toEqual(['צהל', 'צה', 'ל', 'הודיע']);
    expect(tokenize('ח׳ שבט')).toEqual(['ח', 'שבט']);
    expect(tokenize('ג׳ירפה')).toEqual(['גירפה', 'ג', 'ירפה']);
    expect(tokenizeQuery('צה״ל')).toEqual([[['צהל'], ['צה', 'ל']]]);
  });

  it('segments scripts written without spaces into words', () => {
    // Han and Kana: bigrams and the last character (see the next test), not the segmenter's words.
    expect(tokenize('我们是中国人')).toEqual(['我们', '们是', '是中', '中国', '国人', '人']);
    expect(tokenize('สวัสดีครับ')).toEqual(['สวัสดี', 'ครับ']);
    expect(tokenize('東京へ行きます')).not.toContain('東京へ行きます');
  });

  it('indexes Han and Kana (with ー) as bigrams and the last character, with or without a segmenter', () => {
    expect(tokenize('他是大学生。')).toEqual(['他是', '是大', '大学', '学生', '生']);
    expect(tokenize('インターネットを使う')).toEqual(['イン', 'ンタ', 'ター', 'ーネ', 'ネッ', 'ット', 'トを', 'を使', '使う', 'う']);
    // The same terms in every engine, so an index and a query never disagree.
    for (const run of ['他是大学生', '東京都知事選挙', 'インターネットを使う', '中']) {
      expect(segmentNoSpace(run)).toEqual(segmentNoSpace(run, null));
    }
    // Latin letters and digits next to them stay words of their own.
    expect(tokenize('新しいiPhoneの発売日')).toEqual(['新し', 'しい', 'い', 'iphone', 'の発', '発売', '売日', '日']);
    expect(tokenize('今年は2024年です')).toEqual(['今年', '年は', 'は', '2024', '年で', 'です', 'す']);
  });

  it('leaves Korean words whole: Hangul is written with spaces', () => {
    expect(tokenize('대한민국 서울특별시에서')).toEqual(['대한민국', '서울특별시에서']);
    expect(tokenizeQuery('서울')).toEqual([[['서울']]]);
  });

  it('also indexes a number written in digit groups joined, keeping its parts', () => {
    expect(tokenize('1,200,000')).toEqual(['1200000', '1', '200', '000']);
    for (const n of [
      '۱٬۲۰۰٬۰۰۰',
      '١٬٢٠٠٬٠٠٠',
      '1.200.000',
      '1\u202F200\u202F000',
      '1\u2009200\u2009000',
      '1\u00A0200\u00A0000',
      '1 200 000',
    ]) {
      expect(tokenize(`قیمت ${n} تومان`)).toEqual(['قیمت', '1200000', '1', '200', '000', 'تومان']);
    }
    expect(tokenize('1,200.50')).toEqual(['1200', '1', '200', '50']);
    expect(tokenize('12,345,678')).toContain('12345678');
    // Two numbers in a row are two numbers.
    expect(tokenize('1,200 2,000')).toEqual(['1200', '1', '200', '2000', '2', '000']);
    // Next to Chinese or Thai, which is written without spaces, it is still a number.
    expect(tokenize('共1,200人')).toContain('1200');
  });

  it('leaves dates, decimals, addresses and numbers glued to words as they were', () => {
    const same = ['2024-03-01', '2024/03/01', '3.5', '3.14159', '1,5', '192.168.1.1', '1.200.5', '0.500', '1234,567', 'x1,200', '1,200kg'];
    for (const t of same) expect(tokenize(t)).toEqual(t.split(/[^0-9a-z]+/));
    // Persian text with numbers and no digit groups is untouched.
    expect(tokenize('سال ۱۴۰۵ و ۳۰۰ نفر')).toEqual(['سال', '1405', 'و', '300', 'نفر']);
  });

  it('keeps the fast path for Latin words mixed with CJK', () => {
    expect(tokenize('iPhone 中国')).toContain('iphone');
  });

  it('drops implausibly long terms (base64, URLs)', () => {
    expect(tokenize(`a ${'x'.repeat(80)} b`)).toEqual(['a', 'b']);
  });

  it('returns nothing for text without words', () => {
    expect(tokenize('  ,.;؟ !')).toEqual([]);
    expect(tokenize('')).toEqual([]);
  });
});

describe('segmentNoSpace without Intl.Segmenter', () => {
  it('falls back to character bigrams for Han and Kana', () => {
    expect(segmentNoSpace('我们是中国人', null)).toEqual(['我们', '们是', '是中', '中国', '国人', '人']);
    expect(segmentNoSpace('abc中国', null)).toEqual(['abc', '中国', '国']);
    expect(segmentNoSpace('中', null)).toEqual(['中']);
  });

  it('splits Thai, Lao, Khmer and Myanmar into bigrams of clusters (a character with its marks)', () => {
    expect(segmentNoSpace('สวัสดี', null)).toEqual(['สวั', 'วัส', 'สดี', 'ดี']);
    expect(segmentNoSpace('ຂ້ອຍກິນເຂົ້າ', null)).toEqual(['ຂ້ອ', 'ອຍ', 'ຍກິ', 'ກິນ', 'ນເ', 'ເຂົ້', 'ຂົ້າ', 'າ']);
    // A Khmer coeng or Myanmar virama stacks the consonant after it into the cluster.
    expect(segmentNoSpace('ខ្ញុំ', null)).toEqual(['ខ្ញុំ']);
    expect(segmentNoSpace('ကျွန်တော်', null)).toEqual(['ကျွန်', 'န်တော်', 'တော်']);
    // Thai digits are digits (normalised to ASCII before this): a word of their own.
    expect(segmentNoSpace('ปี2567นี้', null)).toEqual(['ปี', '2567', 'นี้']);
  });

  it('builds bigrams by code point', () => {
    expect(cjkBigrams('𠀀中')).toEqual(['𠀀中']);
    expect(cjkBigrams('')).toEqual([]);
  });
});

describe('isJoinablePair', () => {
  it('knows the Persian particles and suffixes', () => {
    expect(isJoinablePair('می', 'روم')).toBe(true);
    expect(isJoinablePair('کتاب', 'های')).toBe(true);
    expect(isJoinablePair('کتاب', 'خوب')).toBe(false);
  });
});

describe('tokenizeQuery', () => {
  it('makes one group per word', () => {
    expect(tokenizeQuery('كتاب علي')).toEqual([[['کتاب']], [['علی']]]);
  });

  it('lets a spaced particle match the parts or the joined word', () => {
    expect(tokenizeQuery('می خواهم')).toEqual([[['می', 'خواهم'], ['میخواهم']]]);
    expect(tokenizeQuery('کتاب ها خوب')).toEqual([[['کتاب', 'ها'], ['کتابها']], [['خوب']]]);
  });

  it('lets a ZWNJ word match joined or as its parts', () => {
    expect(tokenizeQuery('می‌خواهم')).toEqual([[['میخواهم'], ['می', 'خواهم']]]);
  });

  it('reads a doubled ZWNJ, or a ZWNJ beside a space, as the index does', () => {
    expect(tokenizeQuery('کتاب\u200C\u200Cها')).toEqual([[['کتابها'], ['کتاب', 'ها']]]);
    expect(tokenizeQuery('می\u200C خواهم')).toEqual([[['می', 'خواهم'], ['میخواهم']]]);
  });

  it('needs every bigram of a Han/Kana word, and matches a single character as it is', () => {
    expect(tokenizeQuery('学生')).toEqual([[['学生']]]);
    expect(tokenizeQuery('大学生 北京')).toEqual([[['大学', '学生']], [['北京']]]);
    expect(tokenizeQuery('学')).toEqual([[['学']]]);
    expect(tokenizeQuery('iPhone中国')).toEqual([[['iphone']], [['中国']]]);
    expect(tokenizeQuery('ｺﾛﾅ')).toEqual([[['コロ', 'ロナ']]]);
  });

  it('looks for a number typed in digit groups joined', () => {
    expect(tokenizeQuery('1,200,000')).toEqual([[['1200000']]]);
    expect(tokenizeQuery('۱٬۲۰۰٬۰۰۰ تومان')).toEqual([[['1200000']], [['تومان']]]);
    expect(tokenizeQuery('1200000')).toEqual([[['1200000']]]);
    expect(tokenizeQuery('2024-03-01')).toEqual([[['2024']], [['03']], [['01']]]);
  });

  it('is empty for a query without words', () => {
    expect(tokenizeQuery(' ، ')).toEqual([]);
  });
});

describe('digitGroups', () => {
  it('finds numbers in digit groups with their offsets', () => {
    expect(digitGroups('from 1,200 to 3.400.000')).toEqual([
      { start: 5, end: 10, term: '1200' },
      { start: 14, end: 23, term: '3400000' },
    ]);
    expect(digitGroups('no numbers here')).toEqual([]);
  });
});

describe('bigramRuns and isBigramTerm', () => {
  it('gives the Han/Kana pieces of a query whole, and nothing for other scripts', () => {
    expect(bigramRuns('大学生 iPhone 北京')).toEqual(['大学生', '北京']);
    expect(bigramRuns('ｺﾛﾅ')).toEqual(['コロナ']);
    expect(bigramRuns('کتاب 1,200 서울 ภาษา')).toEqual([]);
  });

  it('knows Han/Kana terms are bigrams, and Thai segmenter words are not', () => {
    expect(isBigramTerm('学生')).toBe(true);
    expect(isBigramTerm('学')).toBe(true);
    expect(isBigramTerm('ภาษา')).toBe(false);
    expect(isBigramTerm('کتاب')).toBe(false);
    expect(isBigramTerm('1200')).toBe(false);
  });
});

describe('tokenize without Intl.Segmenter', () => {
  let t: typeof import('./tokenize');
  const saved = Object.getOwnPropertyDescriptor(Intl, 'Segmenter');

  beforeAll(async () => {
    // The segmenter is looked for on first use: a fresh copy of the module finds none.
    delete (Intl as { Segmenter?: unknown }).Segmenter;
    vi.resetModules();
    t = await import('./tokenize');
  });
  afterAll(() => {
    if (saved) Object.defineProperty(Intl, 'Segmenter', saved);
  });

  it('indexes a Thai phrase as bigrams of clusters, however long', () => {
    const phrase = 'รัฐบาลไทยประกาศนโยบายเศรษฐกิจใหม่เพื่อช่วยเหลือประชาชนที่ได้รับผลกระทบจากน้ำท่วม';
    const terms = t.tokenize(phrase);
    expect(terms.slice(0, 3)).toEqual(['รัฐ', 'ฐบ', 'บา']);
    expect(terms.every((term) => term.length <= 8)).toBe(true);
  });

  it('needs every bigram of a Thai query word, and marks the word whole', () => {
    expect(t.tokenizeQuery('นโยบาย')).toEqual([[['นโ', 'โย', 'ยบ', 'บา', 'าย']]]);
    expect(t.bigramRuns('นโยบาย ใหม่')).toEqual(['นโยบาย', 'ใหม่']);
    expect(t.isBigramTerm('นโ')).toBe(true);
  });

  it('indexes Han and Kana as it does with a segmenter', () => {
    expect(t.tokenize('他是大学生。')).toEqual(['他是', '是大', '大学', '学生', '生']);
    expect(t.tokenizeQuery('大学生')).toEqual([[['大学', '学生']]]);
  });
});

describe('tokenize: variation selectors, the Arabic article, hyphenated words', () => {
  it('keeps a variation selector out of the word after it, and makes no term of an emoji', () => {
    expect(tokenize('▪️خبر فوری')).toEqual(['خبر', 'فوری']);
    expect(tokenize('I ❤️ pizza ✔️Done')).toEqual(['i', 'pizza', 'done']);
    expect(tokenizeQuery('❤️')).toEqual([]);
    expect(tokenize('葛\u{E0100}城')).toEqual(['葛城', '城']);
  });

  it('also indexes an Arabic word without its article (three letters or more remain) and the particle before it (four)', () => {
    expect(tokenize('القرآن المسجد بالعربية والكتاب للمدرسة فالمدرسة كالكتاب البيت')).toEqual([
      'القران',
      'قران',
      'المسجد',
      'مسجد',
      'بالعربیه',
      'عربیه',
      'والکتاب',
      'کتاب',
      'للمدرسه',
      'مدرسه',
      'فالمدرسه',
      'مدرسه',
      'کالکتاب',
      'کتاب',
      'البیت',
      'بیت',
    ]);
    // Too short a remainder (الحق, بالا, کالا), or no article: nothing more.
    expect(tokenize('الحق الان بالا کالا سلام')).toEqual(['الحق', 'الان', 'بالا', 'کالا', 'سلام']);
    // Persian words that only begin like it: parents, helicopter, carriage are not found by religion, round, coin.
    expect(tokenize('والدین بالگرد کالسکه')).toEqual(['والدین', 'بالگرد', 'کالسکه']);
    // Queries are looked for as typed.
    expect(tokenizeQuery('القرآن')).toEqual([[['القران']]]);
  });

  it('also indexes a pair of words joined by a hyphen joined, but not a longer chain or a number range', () => {
    expect(tokenize('COVID-19 Wi-Fi e-mail')).toEqual(['covid', '19', 'covid19', 'wi', 'fi', 'wifi', 'e', 'mail', 'email']);
    expect(tokenize('state-of-the-art')).toEqual(['state', 'of', 'the', 'art']);
    expect(tokenize('10-20 2024-03-01')).toEqual(['10', '20', '2024', '03', '01']);
  });

  it('looks for at most 32 distinct words of a pasted paragraph', () => {
    expect(tokenizeQuery('کتاب خوب '.repeat(500))).toEqual([[['کتاب']], [['خوب']]]);
    const words = Array.from({ length: 100 }, (_, i) => `word${i}`).join(' ');
    expect(tokenizeQuery(words)).toHaveLength(32);
    expect(bigramRuns('大学 東京 '.repeat(100))).toEqual(['大学', '東京']);
  });
});
