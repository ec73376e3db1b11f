/** A small fold of spellings, where search's whole fold (normalize.ts, 0.7 KB for every script) is too much: section names, the reader file's search. */

/** Accents and harakat (and hamza or madda once split off their seats), tatweel, and invisible characters, ZWNJ among them. */
const MARKS = /[\u0300-\u036f\u064b-\u065f\u0670\u0640\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufe00-\ufe0f\ufeff]/g;
const LETTERS: Record<string, string> = { ي: 'ی', ى: 'ی', ك: 'ک', ة: 'ه', ە: 'ه' };
/**
 * The characters whose compatibility decomposition the fold needs: Latin letters with accents, Arabic letters on a hamza
 * or madda seat (آ أ ؤ إ ئ ۀ ۂ ۓ), presentation forms and ligatures, full-width forms. Decomposed one by one, not the
 * whole text: a reader file's search folds every article at its first word, about twice as fast so.
 */
const DECOMPOSED = /[\u00c0-\u024f\u1e00-\u1eff\u0622-\u0626\u06c0\u06c2\u06d3\ufb00-\ufb06\ufb50-\ufdff\ufe70-\ufefc\uff01-\uffee]/g;

/**
 * Text with what a keyboard layout or a publisher varies folded away: accents, harakat and hamza seats (أ إ آ as ا),
 * tatweel, ZWNJ and other invisible characters; Arabic ي ى ك ة and ە as the Persian letters; Persian and Arabic digits
 * as ASCII; case. Letters of other scripts, and their vowel signs, stay as they are.
 */
export function foldSpelling(s: string): string {
  return (
    s
      .replace(DECOMPOSED, (c) => c.normalize('NFKD'))
      .replace(MARKS, '')
      .toLowerCase()
      .replace(/[يىكةە]/g, (c) => LETTERS[c]!)
      // ۰-۹ and ٠-٩: the low four bits of each are its value.
      .replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) & 15))
  );
}
