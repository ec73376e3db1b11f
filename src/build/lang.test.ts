import { describe, expect, it } from 'vitest';
import { canonicalLang, langHint } from './lang';

describe('canonicalLang', () => {
  it('canonicalises real tags', () => {
    expect(canonicalLang('FA-ir')).toBe('fa-IR');
    expect(canonicalLang('ckb')).toBe('ckb');
    expect(canonicalLang('iw')).toBe('he');
    expect(canonicalLang('ku-arab-iq')).toBe('ku-Arab-IQ');
    expect(canonicalLang('per')).toBe('fa');
  });

  it('refuses 5-8 letter primary subtags that are not languages', () => {
    // No language subtag of 5-8 letters is registered in the IANA registry: these are names, not codes.
    expect(canonicalLang('persian')).toBeUndefined();
    expect(canonicalLang('farsi')).toBeUndefined();
    expect(canonicalLang('Arabic')).toBeUndefined();
    expect(canonicalLang('hebrew-IL')).toBeUndefined();
  });

  it('refuses 4-letter primary subtags (reserved) and other malformed tags', () => {
    expect(canonicalLang('urdu')).toBeUndefined();
    expect(canonicalLang('dari')).toBeUndefined();
    expect(canonicalLang('not a tag')).toBeUndefined();
    expect(canonicalLang('')).toBeUndefined();
  });
});

describe('langHint', () => {
  it('suggests the code for a language name, in English or in its own script', () => {
    expect(langHint('Persian')).toBe('did you mean fa?');
    expect(langHint('FARSI')).toBe('did you mean fa?');
    expect(langHint('english')).toBe('did you mean en?');
    expect(langHint('hebrew')).toBe('did you mean he?');
    expect(langHint('Pashto')).toBe('did you mean ps?');
    expect(langHint('Dari')).toBe('did you mean fa-AF (or prs)?');
    expect(langHint('Kurdish')).toBe('did you mean ckb (Sorani, Arabic script) or ku (Kurmanji, Latin script)?');
    expect(langHint('العربية')).toBe('did you mean ar?');
  });

  it('explains a long primary subtag it does not know, and says nothing for other mistakes', () => {
    expect(langHint('klingonese')).toMatch(/2 or 3 letters/);
    expect(langHint('x y')).toBeUndefined();
    expect(langHint(5)).toBeUndefined();
  });
});
