/** The small fold of spellings (fold.ts) that section names and the reader file's search use. */
import { describe, expect, it } from 'vitest';
import { foldSpelling } from './fold';

describe('foldSpelling', () => {
  it('folds what a keyboard layout or a publisher varies', () => {
    for (const [one, other] of [
      ['امنيت', 'امنیت'],
      ['كتاب', 'کتاب'],
      ['أخبار', 'اخبار'],
      ['إيران', 'ایران'],
      ['آب', 'اب'],
      ['مُهِمّ', 'مهم'],
      ['ســیاست', 'سیاست'],
      ['گزارش\u200cها', 'گزارشها'],
      ['خانۀ', 'خانه'],
      ['مدرسة', 'مدرسه'],
      ['۱۴۰۴', '1404'],
      ['٢٠٢٥', '2025'],
      ['Café', 'cafe'],
      ['cafe\u0301', 'café'],
      ['ﬁle', 'file'],
      ['ＡＢＣ', 'abc'],
      ['ﻙﺘﺎﺏ', 'کتاب'],
      ['🔴\ufe0fفوری', '🔴فوری'],
    ])
      expect(foldSpelling(one!), one).toBe(foldSpelling(other!));
  });

  it('keeps letters and vowel signs of other scripts apart', () => {
    expect(foldSpelling('कल')).not.toBe(foldSpelling('कला'));
    expect(foldSpelling('กา')).not.toBe(foldSpelling('ก'));
  });
});
