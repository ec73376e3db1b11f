import { describe, expect, it } from 'vitest';
import { directionOf } from './direction';

describe('directionOf', () => {
  it.each(['fa', 'fa-IR', 'ar', 'ar-EG', 'he', 'iw', 'ur', 'ps', 'ckb', 'yi', 'dv', 'syr', 'ug', 'sd', 'nqo', 'prs', 'arc'])(
    '%s is right-to-left',
    (lang) => expect(directionOf(lang)).toBe('rtl'),
  );

  it.each(['en', 'en-US', 'zh', 'zh-Hant-TW', 'hi', 'am', 'th', 'ru', 'ja', 'ko', 'tr', 'ku', 'az', 'tg', 'sw', 'und', ''])(
    '%s is left-to-right',
    (lang) => expect(directionOf(lang)).toBe('ltr'),
  );

  it('follows an explicit script subtag over the language', () => {
    expect(directionOf('ku-Arab')).toBe('rtl');
    expect(directionOf('az-Arab')).toBe('rtl');
    expect(directionOf('az-Latn')).toBe('ltr');
    expect(directionOf('pa-Arab')).toBe('rtl');
    expect(directionOf('pa-Guru')).toBe('ltr');
    expect(directionOf('fa-Latn')).toBe('ltr');
    expect(directionOf('ms-Arab-MY')).toBe('rtl');
    expect(directionOf('ff-Adlm')).toBe('rtl');
    expect(directionOf('sd-Deva')).toBe('ltr');
    expect(directionOf('en-Hebr')).toBe('rtl');
    expect(directionOf('man-Nkoo')).toBe('rtl');
    expect(directionOf('rhg-Rohg')).toBe('rtl');
  });

  it('uses the region where it changes the usual script', () => {
    expect(directionOf('pa-PK')).toBe('rtl');
    expect(directionOf('pa-IN')).toBe('ltr');
    expect(directionOf('az-IR')).toBe('rtl');
    expect(directionOf('az-AZ')).toBe('ltr');
    expect(directionOf('sd-IN')).toBe('ltr');
  });

  it('reads case, underscores and extended language subtags', () => {
    expect(directionOf('FA_ir')).toBe('rtl');
    expect(directionOf('AR-arz')).toBe('rtl');
    expect(directionOf('zh-yue')).toBe('ltr');
  });

  it('reads Kurdish by region: Arabic script (Sorani) in Iraq, Iran and Lebanon, Latin script (Kurmanji) elsewhere', () => {
    expect(directionOf('ku-IQ')).toBe('rtl');
    expect(directionOf('ku-IR')).toBe('rtl');
    expect(directionOf('ku-LB')).toBe('rtl');
    expect(directionOf('ku')).toBe('ltr');
    expect(directionOf('ku-TR')).toBe('ltr');
    expect(directionOf('kmr')).toBe('ltr');
    expect(directionOf('ku-Latn-IQ')).toBe('ltr');
  });

  it.each(['ku-IQ', 'ku-IR', 'haz'])('%s is right to left, as CLDR says (Arabic script)', (tag) => {
    expect(new Intl.Locale(tag).maximize().script).toBe('Arab');
    expect(directionOf(tag)).toBe('rtl');
  });

  it("knows every language and language-region pair CLDR writes right to left (the platform's likely subtags)", () => {
    // Every right-to-left script in ISO 15924, as Intl writes them.
    const rtlScripts = new Set(
      (
        'Adlm Arab Aran Armi Avst Chrs Cprt Elym Hatr Hebr Hung Khar Lydi Mand Mani Mend Merc Mero Narb Nbat Nkoo Orkh Ougr ' +
        'Palm Phli Phlp Phlv Phnx Prti Rohg Samr Sarb Sogd Sogo Syrc Syre Syrj Syrn Thaa Yezi'
      ).split(' '),
    );
    // Turoyo: CLDR gives the Latin script, but it is written in Syriac too; kept right to left.
    const exceptions = new Set(['tru']);
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const wrong: string[] = [];
    const check = (tag: string): void => {
      let script: string | undefined;
      try {
        script = new Intl.Locale(tag).maximize().script;
      } catch {
        return;
      }
      if (script === undefined || exceptions.has(tag)) return;
      if ((rtlScripts.has(script) ? 'rtl' : 'ltr') !== directionOf(tag)) wrong.push(`${tag} (${script})`);
    };
    for (const a of letters)
      for (const b of letters) {
        check(a + b);
        for (const c of letters) check(a + b + c);
      }
    for (const tag of ['pa-PK', 'uz-AF', 'az-IR', 'az-IQ', 'sd-IN', 'ha-CM', 'ha-SD', 'kk-AF', 'kk-CN', 'kk-IR', 'kk-MN', 'ky-CN'])
      check(tag);
    for (const tag of ['ms-CC', 'tg-PK', 'mey-SN', 'ug-KZ', 'ug-MN']) check(tag);
    expect(wrong).toEqual([]);
  });
});
