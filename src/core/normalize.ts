/** Text normalisation shared by the search index and queries: Persian/Arabic letter forms, diacritics, digits, case. */

/**
 * Bump when normalizeText or the tokenizer changes what they produce: a stored search index built
 * with another version no longer matches new queries and must be rebuilt. It is part of the stored
 * index's format tag (search.ts), so an installed app finds its index refused and builds it again.
 * 2: Urdu heh goal and teh marbuta goal fold to heh; a doubled ZWNJ, or a ZWNJ beside a space, joins like one.
 * 3: Han/Kana runs are bigrams in every engine; Thai, Lao, Khmer and Myanmar are cluster bigrams where there is no
 *    segmenter; numbers in digit groups are also indexed joined.
 * 4: ı ł đ ø ħ æ œ fold to i l d o h ae oe; Hebrew geresh and gershayim join a word like an apostrophe.
 * 5: variation selectors dropped; Kurdish, Urdu and Pashto letters fold to Persian ones; Hindi chandrabindu, nukta and
 *    dead n; Arabic words are also indexed without their article; hyphenated pairs also joined.
 */
export const NORMALIZE_VERSION = 5;

/**
 * Invisible format characters normalizeText drops (soft hyphen, ZWSP, ZWJ, LRM/RLM, bidi embeddings and isolates,
 * word joiners, BOM), as the inside of a RegExp character class: a word written with one is indexed joined, so a
 * snippet keeps it one word too. ZWNJ (U+200C) is not one of them: it separates word parts.
 */
export const INVISIBLE_CLASS = '\\u00AD\\u200B\\u200D-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF';

// Marks that only decorate a letter (vowel signs, cantillation, accents), so readers type words
// without them. Marks that are letters in their own right (Indic, Thai, ...) are left alone.
const STRIP = new RegExp(
  '[' +
    '\\u0300-\\u036F' + // Latin/Greek/Cyrillic combining diacritics (accents after NFKD)
    '\\u0483-\\u0489' + // Cyrillic titlo and friends
    '\\u0591-\\u05BD\\u05BF\\u05C1\\u05C2\\u05C4\\u05C5\\u05C7' + // Hebrew niqqud + cantillation (not maqaf/sof pasuq)
    '\\u0610-\\u061A' + // Arabic honorifics and Quranic small letters
    '\\u0621' + // standalone hamza: Persian often omits it (اجزاء / اجزا)
    '\\u064B-\\u065F' + // harakat, tanwin, shadda, sukun, and hamza/madda above/below (after NFKD)
    '\\u0670' + // superscript alef
    '\\u0674' + // high hamza
    '\\u06D6-\\u06ED' + // Quranic annotation marks
    '\\u08D3-\\u08E1\\u08E3-\\u08FF' + // Arabic Extended-A marks
    '\\u1AB0-\\u1AFF\\u1DC0-\\u1DFF\\u20D0-\\u20FF\\uFE20-\\uFE2F' + // more combining diacritics
    '\\u0640' + // tatweel (kashida): stretches a word, means nothing
    '\\u093C' + // Devanagari nukta: ज़रा is typed जरा
    '\\uFE00-\\uFE0F' + // variation selectors (emoji or text style of "❤️"): marks, but never part of a word
    INVISIBLE_CLASS +
    ']|\\uDB40[\\uDD00-\\uDDEF]', // ideographic variation selectors (U+E0100-E01EF: 葛󠄀)
  'g',
);

// One form per letter after NFKD has split hamza/madda off their seats (أ -> ا + U+0654): each key is what the letters
// of its value fold to (listed by what they fold to, which keeps the app's first download small).
const FOLDS: Record<string, string> = {
  // ی: Arabic yeh ي, alef maksura ى; Kurdish ێ, Pashto ې ۍ, Urdu yeh barree ے (no Persian word has it; Urdu کے and کی
  // then fold together).
  '\u06CC': '\u064A\u0649\u06CE\u06D0\u06CD\u06D2',
  // ه: teh marbuta ة, ae ە (what ۀ decomposes to), Urdu heh goal ہ (and ۂ, which decomposes to it), Urdu teh marbuta
  // goal ۃ, heh doachashmee ھ (Urdu گھر, Kurdish ھەولێر).
  '\u0647': '\u0629\u06D5\u06C1\u06C3\u06BE',
  '\u06A9': '\u0643', // ک: Arabic kaf ك
  '\u0627': '\u0671', // ا: alef wasla ٱ
  // Kurdish and Pashto letters, as a Persian keyboard types them (ڕۆژ -> روژ, گوڵ -> گول, ګل -> گل).
  '\u0648': '\u06C6', // و: ۆ
  '\u0631': '\u0695', // ر: ڕ
  '\u0644': '\u06B5', // ل: ڵ
  '\u06AF': '\u06AB', // گ: ګ
  '\u0902': '\u0901', // Devanagari anusvara: chandrabindu (हूँ -> हूं)
  ss: '\u00DF', // ß (after lowercasing), as Unicode case folding does
  '\u03C3': '\u03C2', // σ: final sigma ς
  // Latin letters NFKD leaves whole (their upper case forms lowercase to them): typed as the plain letter.
  i: '\u0131', // dotless ı
  l: '\u0142',
  d: '\u0111',
  o: '\u00F8',
  h: '\u0127',
  ae: '\u00E6',
  oe: '\u0153',
};
const LETTERS: Record<string, string> = {};
for (const [to, from] of Object.entries(FOLDS)) for (const c of from) LETTERS[c] = to;
// Every letter above, and a dead n before a consonant, which becomes anusvara (हिन्दी -> हिंदी) as in Lucene's
// HindiNormalizer.
const LETTER_RE = new RegExp(`[${Object.keys(LETTERS).join('')}]|\u0928\u094D(?=[\u0915-\u0939])`, 'g');

// Decimal digits other than ASCII: the BMP blocks as a plain class (a \p{Nd} scan is several
// times slower on every text), and the rare astral ones only when a surrogate is present.
const BMP_DIGIT_RE =
  /[\u0660-\u0669\u06F0-\u06F9\u07C0-\u07C9\u0966-\u096F\u09E6-\u09EF\u0A66-\u0A6F\u0AE6-\u0AEF\u0B66-\u0B6F\u0BE6-\u0BEF\u0C66-\u0C6F\u0CE6-\u0CEF\u0D66-\u0D6F\u0DE6-\u0DEF\u0E50-\u0E59\u0ED0-\u0ED9\u0F20-\u0F29\u1040-\u1049\u1090-\u1099\u17E0-\u17E9\u1810-\u1819\u1946-\u194F\u19D0-\u19D9\u1A80-\u1A89\u1A90-\u1A99\u1B50-\u1B59\u1BB0-\u1BB9\u1C40-\u1C49\u1C50-\u1C59\uA620-\uA629\uA8D0-\uA8D9\uA900-\uA909\uA9D0-\uA9D9\uA9F0-\uA9F9\uAA50-\uAA59\uABF0-\uABF9\uFF10-\uFF19]/g;
const SURROGATE = /[\uD800-\uDBFF]/;
const ASTRAL_DIGIT_RE = /(?![0-9])\p{Nd}/gu;
const ND = /\p{Nd}/u;
const digitCache = new Map<string, string>();

function digitValue(d: string): string {
  let v = digitCache.get(d);
  if (v === undefined) {
    // Every Unicode decimal digit block is a contiguous 0..9 run, so the value is the
    // distance back to the start of the run.
    let cp = d.codePointAt(0) ?? 0;
    let n = 0;
    while (n < 9 && ND.test(String.fromCodePoint(cp - 1))) {
      cp--;
      n++;
    }
    v = String(n);
    digitCache.set(d, v);
  }
  return v;
}

// Strings that are plain ASCII skip the Unicode passes entirely.
const NON_ASCII = /[^\x00-\x7F]/;

/** Folds text to the one form both the index and queries use (see the rules above and the tests). */
export function normalizeText(s: string): string {
  if (!NON_ASCII.test(s)) return s.toLowerCase();
  const out = s
    .normalize('NFKD')
    .replace(STRIP, '')
    .toLowerCase()
    .replace(LETTER_RE, (c) => LETTERS[c] ?? '\u0902')
    .replace(BMP_DIGIT_RE, digitValue)
    .normalize('NFC');
  return SURROGATE.test(out) ? out.replace(ASTRAL_DIGIT_RE, digitValue) : out;
}
