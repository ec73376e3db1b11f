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
});
