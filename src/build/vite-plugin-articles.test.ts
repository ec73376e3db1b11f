import { describe, expect, it } from 'vitest';
import type { BuildReport } from './content';
import { parseSiteConfig } from './site-config';
import { allowMirrorConnections, fillIndexHtml, siteModule } from './vite-plugin-articles';

const site = parseSiteConfig('name: "Shelf & <Co>"\ndescription: "Say \\"hi\\""\nlang: fa\npublisher:\n  id: shelf\n', 'site.config.yml');
const report = {
  site,
  keys: ['k'.repeat(43)],
  devKey: true,
  fingerprint: 'ABCD EF01 2345 6789 ABCD',
  editionFile: 'content/edition-0123456789ab.html',
} as BuildReport;

describe('fillIndexHtml', () => {
  it('sets lang, dir, title, description, theme colour and the edition, replacing what was there', () => {
    const html = fillIndexHtml(
      '<!doctype html>\n<html lang="en" class="x" dir=ltr>\n  <head>\n    <meta charset="utf-8" />\n    <title>Old</title>\n    <meta name="description" content="old">\n  </head>\n</html>',
      report,
    );
    expect(html).toContain('<html lang="fa" dir="rtl" class="x">');
    expect(html).toContain('<meta charset="utf-8" />\n    <title>Shelf &amp; &lt;Co&gt;</title>');
    expect(html).toContain('<meta name="description" content="Say &quot;hi&quot;" />');
    expect(html).toContain('<meta name="theme-color" content="#0f5c4d" />');
    expect(html).toContain('<meta name="or-edition" content="content/edition-0123456789ab.html" />');
    expect(html).not.toContain('Old');
    expect(html.match(/name="description"/g)).toHaveLength(1);
  });
});

describe('allowMirrorConnections', () => {
  const csp = `<meta\n      http-equiv="Content-Security-Policy"\n      content="default-src 'self'; connect-src 'self'; worker-src 'self'"\n    />`;
  it("adds exactly the mirrors' origins to connect-src, once each", () => {
    const out = allowMirrorConnections(csp, ['https://a.example/news/', 'https://a.example/other/', 'http://127.0.0.1:9/']);
    expect(out).toContain(`connect-src 'self' https://a.example http://127.0.0.1:9; worker-src`);
    expect(allowMirrorConnections(csp, [])).toBe(csp);
  });
  it('fails the build when the policy has no connect-src to extend', () => {
    expect(() => allowMirrorConnections('<html></html>', ['https://a.example/'])).toThrow(/connect-src 'self'/);
  });
});

describe('the project index.html', () => {
  it("has the connect-src 'self' that mirrors extend", async () => {
    const { readFile } = await import('node:fs/promises');
    const html = await readFile(new URL('../../index.html', import.meta.url), 'utf8');
    expect(allowMirrorConnections(html, ['https://m.example/'])).toContain(`connect-src 'self' https://m.example;`);
  });
});

describe('siteModule', () => {
  it('exports the settings and pinned keys, and nothing that changes with each edition', () => {
    expect(siteModule(report)).toEqual({
      name: 'Shelf & <Co>',
      shortName: 'Shelf & <Co>',
      description: 'Say "hi"',
      lang: 'fa',
      dir: 'rtl',
      colors: { theme: '#0f5c4d', background: '#ffffff' },
      publisher: { id: 'shelf', name: 'Shelf & <Co>' },
      keys: ['k'.repeat(43)],
      devKey: true,
      fingerprint: 'ABCD EF01 2345 6789 ABCD',
    });
  });
});
