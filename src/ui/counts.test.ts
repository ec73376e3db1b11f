/** Counts and sizes in interface sentences: English singulars and ordinals, a file just over the size limit. */
import { describe, expect, it } from 'vitest';
import { makeI18n } from './i18n';
import { STRINGS } from './i18n-all';

import { describeFailure } from './errors';
import { MAX_FILE_BYTES } from '../core/constants';

describe('counts and sizes', () => {
  it('says "1 result" and "1 article" in English, not "1 results" / "1 articles"', () => {
    const t = STRINGS.en;
    expect(t.searchCount('1')).toBe('1 result');
    expect(t.articleCount('1')).toBe('1 article');
    expect(t.withdrawnNotice('1')).not.toMatch(/^1 articles were/);
    expect(t.exportLeftOut('1')).not.toMatch(/^1 unverified or unsigned articles were/);
    expect(t.checkUpdated(t.ordinal(2), '1', '0')).toBe('Updated from the second address: 1 new article, 0 updated.');
    expect(t.articleCount('2')).toBe('2 articles');
    expect(t.searchCount('11')).toBe('11 results');
  });

  it('names the 11th, 12th, 21st and 22nd address as English does', () => {
    const t = STRINGS.en;
    expect([1, 10, 11, 12, 13, 21, 22, 23, 101, 111].map(t.ordinal)).toEqual([
      'first',
      'tenth',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '23rd',
      '101st',
      '111th',
    ]);
  });

  it('does not tell a reader whose file is just over the limit that it is exactly the limit', () => {
    for (const i of [makeI18n('en'), makeI18n('fa')]) {
      const sentence = describeFailure(
        { code: 'too-large', message: '', params: { size: MAX_FILE_BYTES + 100_000, max: MAX_FILE_BYTES } },
        i,
      );
      const numbers = sentence.match(/[0-9۰-۹][0-9۰-۹.,٫٬]*/g) ?? [];
      expect(numbers).toHaveLength(2);
      // Both rounded to the nearest would read "(201.3 MB; the limit is 201.3 MB)".
      expect(numbers[0]).not.toBe(numbers[1]);
    }
  });
});
