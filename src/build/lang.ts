/** Language tags in front matter and site config: checked and written in canonical BCP 47 form. */

// What the manifest accepts (core/manifest.ts): a primary subtag and up to eight more.
const MANIFEST_LANG = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,8}$/;
// Real primary language subtags have 2 or 3 letters: 4 letters are reserved, and no 5-8 letter subtag is registered,
// though BCP 47's grammar (and Intl.getCanonicalLocales) accepts them. "persian" or "farsi" is a name, not a code.
const PRIMARY = /^[a-z]{2,3}$/;

/** The canonical form of a well-formed BCP 47 tag ("FA-ir" -> "fa-IR", "iw" -> "he"), or undefined if it is not one. */
export function canonicalLang(tag: string): string | undefined {
  let canonical: string | undefined;
  try {
    canonical = Intl.getCanonicalLocales(tag.trim())[0];
  } catch {
    return undefined;
  }
  if (canonical === undefined || !MANIFEST_LANG.test(canonical)) return undefined;
  return PRIMARY.test(canonical.split('-')[0]!.toLowerCase()) ? canonical : undefined;
}

// Language names publishers write instead of the code (English and native names). ISO 639-2 codes such as per, ara
// or ger need nothing here: Intl maps them to fa, ar, de.
const BY_NAME: Record<string, string> = {
  persian: 'fa',
  farsi: 'fa',
  parsi: 'fa',
  فارسی: 'fa',
  پارسی: 'fa',
  dari: 'fa-AF (or prs)',
  دری: 'fa-AF (or prs)',
  arabic: 'ar',
  عربی: 'ar',
  العربية: 'ar',
  عربي: 'ar',
  hebrew: 'he',
  עברית: 'he',
  urdu: 'ur',
  اردو: 'ur',
  pashto: 'ps',
  pashtu: 'ps',
  pushto: 'ps',
  پښتو: 'ps',
  kurdish: 'ckb (Sorani, Arabic script) or ku (Kurmanji, Latin script)',
  کوردی: 'ckb (Sorani, Arabic script) or ku (Kurmanji, Latin script)',
  کردی: 'ckb (Sorani, Arabic script) or ku (Kurmanji, Latin script)',
  sorani: 'ckb',
  kurmanji: 'ku',
  hazaragi: 'haz',
  balochi: 'bal',
  baluchi: 'bal',
  sindhi: 'sd',
  uyghur: 'ug',
  uighur: 'ug',
  dhivehi: 'dv',
  divehi: 'dv',
  syriac: 'syr',
  yiddish: 'yi',
  english: 'en',
  french: 'fr',
  german: 'de',
  spanish: 'es',
  russian: 'ru',
  turkish: 'tr',
  azerbaijani: 'az',
  azeri: 'az',
  tajik: 'tg',
  tajiki: 'tg',
  uzbek: 'uz',
  chinese: 'zh',
  japanese: 'ja',
  korean: 'ko',
  hindi: 'hi',
  bengali: 'bn',
  bangla: 'bn',
  punjabi: 'pa',
  thai: 'th',
  burmese: 'my',
  amharic: 'am',
  tigrinya: 'ti',
  somali: 'so',
  swahili: 'sw',
  hausa: 'ha',
  armenian: 'hy',
  georgian: 'ka',
  ukrainian: 'uk',
  portuguese: 'pt',
  italian: 'it',
  dutch: 'nl',
  indonesian: 'id',
  malay: 'ms',
  vietnamese: 'vi',
  greek: 'el',
};

/** What a publisher probably meant by a language name or a non-BCP-47 code ("Persian" -> "fa"), if it is a known one. */
export function langSuggestion(value: string): string | undefined {
  const primary = value
    .trim()
    .split(/[-_\s]/)[0]!
    .toLowerCase();
  return BY_NAME[primary] ?? BY_NAME[value.trim().toLowerCase()];
}

/**
 * Why a `lang` value is not a language tag, as the end of a sentence that starts with the field
 * ("is a language name, not a BCP 47 language tag: did you mean fa?"), or undefined when the usual message fits.
 */
export function langHint(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const suggestion = langSuggestion(value);
  if (suggestion !== undefined) return `did you mean ${suggestion}?`;
  const primary = value.trim().split(/[-_]/)[0]!;
  if (/^[A-Za-z]{4,}$/.test(primary)) return 'a language code has 2 or 3 letters (fa, en, ckb), not the name of the language.';
  return undefined;
}
