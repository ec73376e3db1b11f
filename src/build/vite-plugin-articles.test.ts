import { describe, expect, it } from 'vitest';
import type { BuildReport } from './content';
import { parseSiteConfig } from './site-config';
import { fillIndexHtml, siteModule } from './vite-plugin-articles';

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
