import { describe, expect, it } from 'vitest';
import { cjkBigrams, isJoinablePair, segmentNoSpace, tokenize, tokenizeQuery } from './tokenize';

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

  it('segments scripts written without spaces into words', () => {
    const zh = tokenize('我们是中国人');
    expect(zh.length).toBeGreaterThan(1);
    expect(zh.join('')).toBe('我们是中国人');
    expect(tokenize('สวัสดีครับ')).toEqual(['สวัสดี', 'ครับ']);
    expect(tokenize('東京へ行きます')).not.toContain('東京へ行きます');
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
    expect(segmentNoSpace('我们是中国人', null)).toEqual(['我们', '们是', '是中', '中国', '国人']);
    expect(segmentNoSpace('abc中国', null)).toEqual(['abc', '中国']);
    expect(segmentNoSpace('中', null)).toEqual(['中']);
  });

  it('keeps other runs whole', () => {
    expect(segmentNoSpace('สวัสดี', null)).toEqual(['สวัสดี']);
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

  it('is empty for a query without words', () => {
    expect(tokenizeQuery(' ، ')).toEqual([]);
  });
});
