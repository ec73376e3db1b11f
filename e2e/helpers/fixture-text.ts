// Owns what the tests know of the fixture articles' bodies: one sentence of each, to look for on screen.
const ZWNJ = '\u200C';

/** A sentence from the body of each fixture article, by article id (as written in e2e/fixtures/). */
export const BODY_TEXT: Record<string, string> = {
  // library-a
  کیمیا: 'کودک در حیاط خانه به کیمیاگری مشغول بود',
  // Arabic letter forms (U+064A yeh, U+0643 kaf), as the fixture is written.
  'arabic-forms': 'استاد پير در كارگاه خود پيكرتراشي',
  'zwnj-letter': `من می${ZWNJ}خواهم آن را روشن ببینم`,
  'english-garden': 'Under the snow the garden keeps its bulbs warm',
  // library-b
  river: 'The ferryman counts the crossings on a wooden tally',
  کوهستان: `چوپان نامشان را صدا می${ZWNJ}زند`,
};

/** The article of library-a that carries an image (24 x 16 px). */
export const IMAGE_ARTICLE = { id: 'کیمیا', width: 24, height: 16 };

/** The rollback fixture: the same article in a newer (trust-new) and an older (trust-old) edition. */
export const ROLLBACK = {
  id: 'rollback',
  newText: 'Correction: the bridge reopened on Tuesday after the inspectors signed off.',
  oldText: 'The bridge will stay closed for the whole year, officials said.',
  newEdition: 2_000_000_000,
  oldEdition: 1_000_000_000,
};

/** The hostile fixture (trust-new/hostile.md): text that must show, before and after the payloads. */
export const HOSTILE = {
  id: 'hostile',
  before: 'Before the payloads.',
  after: 'After the payloads.',
  code: "<script>alert('code')</script>",
};

/** Collapses runs of white space, as text compares on screen. */
export function squash(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}
