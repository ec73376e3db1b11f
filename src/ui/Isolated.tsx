/** Interface text with a publisher's or reader's words set inside it, those words isolated (<bdi>, or FSI … PDI in plain text) so neither direction spills into the other. */

const SLOT = '\u0000';

/** `text` isolated (FSI … PDI) inside plain text, which cannot hold a <bdi>: an option's label, the page's title. */
export const isolate = (text: string): string => `\u2068${text}\u2069`;

/**
 * `template` is an interface string with one slot (e.g. t.by); `value` fills it inside a <bdi>, in its own language when
 * known, and in a set direction when it has one (a key's fingerprint is left to right whatever its first character).
 */
export function Isolated({
  template,
  value,
  lang,
  dir,
}: {
  template: (s: string) => string;
  value: string;
  lang?: string;
  dir?: 'ltr' | 'rtl';
}) {
  const [before = '', after = ''] = template(SLOT).split(SLOT);
  return (
    <>
      {before}
      <bdi lang={lang} dir={dir}>
        {value}
      </bdi>
      {after}
    </>
  );
}
