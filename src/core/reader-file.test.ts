import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseBundle } from './bundle-read';
import { chunksToBytes } from './bundle-write';
import { escapeHtml, writeReaderFile, type ReaderFileInput } from './reader-file';
import { articleRoute } from './sanitize-policy';
import { makeEdition } from './testing/sample';
import { verifyBundle } from './verify';

const template = { css: 'body{color:red}', js: 'document.documentElement.classList.add("x");' };

async function sample(): Promise<{ input: ReaderFileInput; publicKey: string }> {
  const ed = await makeEdition({ extra: { older: '<p>Older</p>' } });
  ed.manifest.articles.find((a) => a.id === 'older')!.date = '2020-01-01';
  const { signManifest } = await import('./signing');
  const { serializeManifest } = await import('./manifest');
  const signed = await signManifest(serializeManifest(ed.manifest), ed.keys.privateKey, ed.keys.publicKey);
  const input: ReaderFileInput = {
    site: { name: 'Open <Shelf>', lang: 'fa', dir: 'rtl', description: 'Articles & more' },
    manifests: [signed],
    articles: ed.articles.map((a) => ({ manifest: 0, meta: ed.manifest.articles.find((m) => m.id === a.id)!, bytes: a.bytes })),
    media: ed.media,
    template,
  };
  return { input, publicKey: ed.keys.publicKey };
}

describe('writeReaderFile', () => {
  it('shows a body the sanitiser would change only as its sanitised copy, carrying the signed bytes inert; marks unverified articles', async () => {
    const { input } = await sample();
    const hostile = '<p>Text</p><meta http-equiv="refresh" content="0;url=https://tracker.example/">';
    const target = input.articles[0]!;
    const { utf8Encode } = await import('./bytes');
    const bytes = utf8Encode(hostile);
    target.bytes = bytes;
    target.html = '<p>Text</p>';
    target.trust = 'unverified';
    const html = new TextDecoder().decode(chunksToBytes(await writeReaderFile(input)));
    expect(html).not.toContain('http-equiv="refresh"');
    expect(html).toContain('<div class="or-body"><p>Text</p></div>');
    expect(html).toMatch(
      /<script data-or="article" type="application\/octet-stream" data-m="0" data-id="[^"]+" data-enc="base64" data-len="\d+">/,
    );
    expect(html).toContain('class="or-unverified"');
    // The inert record still reads back as the exact signed bytes.
    const parsed = parseBundle(chunksToBytes(await writeReaderFile(input)));
    expect(new TextDecoder().decode(parsed.articles.find((a) => a.id === target.meta.id)!.bytes)).toBe(hostile);
  });

  it('writes a file that parses and verifies like any bundle', async () => {
    const { input, publicKey } = await sample();
    const bytes = chunksToBytes(await writeReaderFile(input));
    const v = await verifyBundle(parseBundle(bytes), { keys: [{ publicKey }] });
    expect(v.articles.map((a) => a.meta.id).sort()).toEqual(['hello-world', 'older', 'سلام-دنیا'].sort());
    expect(v.media).toHaveLength(1);
  });

  it('is one HTML page with a strict CSP pinning the inline script, a table of contents and escaped text', async () => {
    const { input } = await sample();
    const html = new TextDecoder().decode(chunksToBytes(await writeReaderFile(input)));
    expect(html.startsWith('<!doctype html>\n<html lang="fa" dir="rtl">')).toBe(true);
    const hash = createHash('sha256').update(template.js).digest('base64');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
    expect(csp).not.toContain('connect-src');
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
    // Opened from disk, the links it carries are not looked up before a click.
    expect(html).toContain('<meta http-equiv="x-dns-prefetch-control" content="off">');
    expect(html).toContain('<title>Open &lt;Shelf&gt;</title>');
    expect(html).toContain('Hello &lt;hello-world&gt; &amp; &quot;friends&quot;');
    expect(html).not.toContain('<hello-world>');
    // Newest first, linked by anchor, each article with its language and direction.
    const toc = [...html.matchAll(/<li lang="(\w+)" dir="(\w+)"><a href="#([^"]+)">/g)].map((m) => [m[1], m[2], m[3]]);
    expect(toc.map((t) => t[2])).toEqual(['a-سلام-دنیا', 'a-hello-world', 'a-older']);
    expect(toc[0]!.slice(0, 2)).toEqual(['fa', 'rtl']);
    expect(html).toContain('<article id="a-hello-world" class="or-article" lang="en" dir="ltr">');
    expect(html).toContain('<div data-or="article" data-m="0" data-id="hello-world" class="or-body" data-len=');
    expect(html).toContain('<a href="#contents">بازگشت به فهرست</a>');
    // The script comes last; nothing loads from anywhere.
    expect(html.trimEnd().endsWith(`<script>${template.js}</script>\n</body>\n</html>`)).toBe(true);
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
  });

  it('separates the date from the author by the article\'s language (its date is written in it): not "·", the Persian zero, after a Persian date', async () => {
    const { input } = await sample();
    const meta = (html: string) => /<p class="or-meta">(.*?)<\/p>/.exec(html)?.[1] ?? '';
    const made = async (site: string, article: string) => {
      input.articles[0]!.meta = { ...input.articles[0]!.meta, author: 'تحریریه', lang: article };
      const file = { ...input, site: { ...input.site, lang: site, dir: site === 'fa' ? ('rtl' as const) : ('ltr' as const) } };
      return meta(new TextDecoder().decode(chunksToBytes(await writeReaderFile(file))));
    };
    expect(await made('fa', 'fa')).toMatch(/<\/time> – <bdi>تحریریه<\/bdi>$/);
    // Before: an English file put "·" after a Persian article's Persian date.
    expect(await made('en', 'fa-IR')).toMatch(/<\/time> – <bdi>تحریریه<\/bdi>$/);
    expect(await made('en', 'en')).toMatch(/<\/time> · <bdi>تحریریه<\/bdi>$/);
    expect(await made('fa', 'en')).toMatch(/<\/time> · <bdi>تحریریه<\/bdi>$/);
  });

  it('keeps the fixed overhead small', async () => {
    const { input } = await sample();
    const empty = await writeReaderFile({ ...input, manifests: [], articles: [], media: [] });
    expect(chunksToBytes(empty).length - template.css.length - template.js.length).toBeLessThan(2000);
  });

  it('gives a second article with the same id its own anchor', async () => {
    const { input } = await sample();
    const twice = { ...input, articles: [input.articles[1]!, { ...input.articles[1]!, manifest: 0 }] };
    const html = new TextDecoder().decode(chunksToBytes(await writeReaderFile(twice)));
    expect(html).toContain('id="a-hello-world"');
    expect(html).toContain('id="a-hello-world-2"');
  });

  it('lets a link between articles (#/article/<id>, inside a signed body) reach its article with scripts off, the body unchanged', async () => {
    const { input, publicKey } = await sample();
    const fa = input.articles.find((a) => a.meta.id === 'سلام-دنیا')!;
    const linking = { ...input.articles[1]!, meta: { ...input.articles[1]!.meta }, manifest: 0 };
    const twice = { ...input, articles: [...input.articles, linking] };
    // The second hello-world (another publisher's) is anchored a-hello-world-2: the first keeps the link's id.
    const html = new TextDecoder().decode(chunksToBytes(await writeReaderFile(twice)));
    // The browser looks for the fragment as written, then percent-decoded: either way an id the file holds, once.
    for (const id of ['hello-world', fa.meta.id]) {
      const fragment = articleRoute(id).slice(1);
      const element = `id="${decodeURIComponent(fragment)}"`;
      expect(html.split(element)).toHaveLength(2);
      // On the article's title, outside its record.
      expect(html).toMatch(new RegExp(`<article id="a-${id}" [^>]+>\\n<h2 class="or-title" ${element} tabindex="-1">`));
    }
    // The bodies travel as they were signed: each checks against its manifest's hash.
    const v = await verifyBundle(parseBundle(chunksToBytes(await writeReaderFile(input))), { keys: [{ publicKey }] });
    expect(v.articles).toHaveLength(input.articles.length);
  });

  it('refuses a template that would break out of its element', async () => {
    const { input } = await sample();
    await expect(writeReaderFile({ ...input, template: { css: '', js: 'x="</script>"' } })).rejects.toThrow(/cannot be inlined/);
    await expect(writeReaderFile({ ...input, template: { css: '</style>', js: '' } })).rejects.toThrow(/cannot be inlined/);
    await expect(writeReaderFile({ ...input, template: { css: '', js: 'x=\'<b data-or="x">\'' } })).rejects.toThrow(/record/);
  });

  it('escapes every special character', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('says how many pictures a file made in data-saver mode lacks, and nothing when it lacks none', async () => {
    const { input } = await sample();
    const without = new TextDecoder().decode(chunksToBytes(await writeReaderFile(input)));
    expect(without).not.toContain('or-note');
    const html = new TextDecoder().decode(chunksToBytes(await writeReaderFile({ ...input, picturesLeftOut: 3 })));
    expect(html).toContain('<p class="or-note" data-or-pictures-left-out="3">');
    expect(html).toContain('۳ تصویر روی دستگاهی که این فایل را ساخت نبود');
    expect(parseBundle(chunksToBytes(await writeReaderFile({ ...input, picturesLeftOut: 3 }))).articles).toHaveLength(
      input.articles.length,
    );
  });

  it('writes a data-saver file (a picture left out) that another device imports: the whole text, no picture', async () => {
    const { input, publicKey } = await sample();
    const file = chunksToBytes(await writeReaderFile({ ...input, media: [], picturesLeftOut: 1 }));
    const v = await verifyBundle(parseBundle(file), { keys: [{ publicKey, publisherId: 'open-shelf' }] });
    expect(v.articles).toHaveLength(input.articles.length);
    expect(v.articles.some((a) => a.meta.media.length > 0)).toBe(true);
    expect(v.media).toEqual([]);
  });
});
