/** Interface text with a publisher's or reader's words set inside it, those words isolated (<bdi>) so neither direction spills into the other. */

const SLOT = '\u0000';

/** `template` is an interface string with one slot (e.g. t.by); `value` fills it inside a <bdi>, in its own language when known. */
export function Isolated({ template, value, lang }: { template: (s: string) => string; value: string; lang?: string }) {
  const [before = '', after = ''] = template(SLOT).split(SLOT);
  return (
    <>
      {before}
      <bdi lang={lang}>{value}</bdi>
      {after}
    </>
  );
}
