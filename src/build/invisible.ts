/** Invisible characters in text a publisher typed: telling them apart from visible ones, and naming them in messages. */

// Format characters (direction marks, joiners, zero-width spaces), spaces, controls and the blank fillers, except the
// format characters that do show a sign (Arabic number signs and the like).
const INVISIBLE = /[\p{Cf}\p{Z}\p{Cc}\u115F\u1160\u3164\uFFA0]/u;
const SHOWN_FORMAT = /[\u0600-\u0605\u06DD\u070F\u0890\u0891\u08E2\u{110BD}\u{110CD}]/u;

const NAMES: Record<string, string> = {
  '\u00ad': 'SOFT HYPHEN',
  '\u061c': 'ARABIC LETTER MARK',
  '\u180e': 'MONGOLIAN VOWEL SEPARATOR',
  '\u200b': 'ZERO WIDTH SPACE',
  '\u200c': 'ZERO WIDTH NON-JOINER (نیم‌فاصله, half-space)',
  '\u200d': 'ZERO WIDTH JOINER',
  '\u200e': 'LEFT-TO-RIGHT MARK',
  '\u200f': 'RIGHT-TO-LEFT MARK',
  '\u202a': 'LEFT-TO-RIGHT EMBEDDING',
  '\u202b': 'RIGHT-TO-LEFT EMBEDDING',
  '\u202c': 'POP DIRECTIONAL FORMATTING',
  '\u202d': 'LEFT-TO-RIGHT OVERRIDE',
  '\u202e': 'RIGHT-TO-LEFT OVERRIDE',
  '\u2060': 'WORD JOINER',
  '\u2066': 'LEFT-TO-RIGHT ISOLATE',
  '\u2067': 'RIGHT-TO-LEFT ISOLATE',
  '\u2068': 'FIRST STRONG ISOLATE',
  '\u2069': 'POP DIRECTIONAL ISOLATE',
  '\ufeff': 'ZERO WIDTH NO-BREAK SPACE',
};

/** True for a character nobody sees (a direction mark, a zero-width space or joiner, white space, a control). */
export function isInvisible(ch: string): boolean {
  return INVISIBLE.test(ch) && !SHOWN_FORMAT.test(ch);
}

/** True if the text has at least one character a reader can see. */
export function hasVisible(text: string): boolean {
  for (const ch of text) if (!isInvisible(ch)) return true;
  return false;
}

/** The invisible characters of a text other than plain spaces, once each, as "U+200C ZERO WIDTH NON-JOINER (...)". */
export function invisibleNames(text: string): string[] {
  const out: string[] = [];
  for (const ch of text) {
    if (ch === ' ' || !isInvisible(ch)) continue;
    const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    const name = NAMES[ch] === undefined ? code : `${code} ${NAMES[ch]}`;
    if (!out.includes(name)) out.push(name);
  }
  return out;
}
