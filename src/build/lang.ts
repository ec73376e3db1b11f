/** Language tags in front matter and site config: checked and written in canonical BCP 47 form. */

// What the manifest accepts (core/manifest.ts): a primary subtag and up to eight more.
const MANIFEST_LANG = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,8}$/;

/** The canonical form of a well-formed BCP 47 tag ("FA-ir" -> "fa-IR", "iw" -> "he"), or undefined if it is not one. */
export function canonicalLang(tag: string): string | undefined {
  let canonical: string | undefined;
  try {
    canonical = Intl.getCanonicalLocales(tag.trim())[0];
  } catch {
    return undefined;
  }
  return canonical !== undefined && MANIFEST_LANG.test(canonical) ? canonical : undefined;
}
