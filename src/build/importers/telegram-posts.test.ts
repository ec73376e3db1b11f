import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_MEDIA_BYTES } from '../../core/constants';
import { compileFolder } from '../__fixtures__/compile-folder';
import { importOptions, runImport } from './cli';
import { dropFirstLine } from './telegram-entities';

const JPG = new URL('../__fixtures__/telegram-export/photos/photo_1@12-03-2025_08-30-00.jpg', import.meta.url).pathname;
const POST = { type: 'message', date: '2025-03-12T08:30:00', date_unixtime: '1741768200', from_id: 'channel42' };

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'or-telegram-'));
}

/** A channel export (channel 42, named `name`) with the given messages and one photo at photos/p.jpg; `more` adds files. */
function exportOf(messages: Array<Record<string, unknown>>, name = 'Channel', more: Record<string, Uint8Array> = {}): string {
  const dir = join(tempDir(), 'export');
  mkdirSync(join(dir, 'photos'), { recursive: true });
  cpSync(JPG, join(dir, 'photos', 'p.jpg'));
  for (const [file, bytes] of Object.entries(more)) writeFileSync(join(dir, file), bytes);
  writeFileSync(join(dir, 'result.json'), JSON.stringify({ name, type: 'public_channel', id: 42, messages }));
  return dir;
}

/** Import `dir`, then build what it wrote: the summary, the files, and what the build made of them. */
async function importAndBuild(dir: string) {
  const out = tempDir();
  const summary = await runImport('telegram', [dir], importOptions(out));
  const built = await compileFolder(out);
  const file = (slug: string): string => {
    const plain = join(out, `${slug}.md`);
    return readFileSync(readdirSync(out).includes(`${slug}.md`) ? plain : join(out, slug, 'index.md'), 'utf8');
  };
  return { out, summary, built, file };
}

const entities = (parts: Array<string | { type: string; text: string; href?: string }>) =>
  parts.map((p) => (typeof p === 'string' ? { type: 'plain', text: p } : p));

describe('a post whose first line holds a link', () => {
  it('keeps a text link, an e-mail, a mention, a URL and a phone number of the first line in the article', async () => {
    const { built, file } = await importAndBuild(
      exportOf([
        {
          ...POST,
          id: 1,
          text_entities: entities([
            '📌 ',
            { type: 'text_link', text: 'گزارش کامل دربارهٔ بازداشت‌ها', href: 'https://news.example/report-1' },
            '\nخلاصه: چند نفر بازداشت شدند.',
          ]),
        },
        {
          ...POST,
          id: 2,
          text_entities: entities([{ type: 'bold', text: 'تماس: ' }, { type: 'email', text: 'tips@news.example' }, '\nبا ما.']),
        },
        { ...POST, id: 3, text_entities: entities(['News from ', { type: 'mention', text: '@rights_watch' }, '\nThe body.']) },
        { ...POST, id: 4, text_entities: entities(['Read it at ', { type: 'link', text: 'news.example/a' }, '\nThe body.']) },
        { ...POST, id: 5, text_entities: entities(['Call us ', { type: 'phone', text: '+98 21 1234' }, '\nThe body.']) },
      ]),
    );
    expect(built.problems).toEqual([]);
    expect(file('telegram-42-1')).toContain(
      '\n📌 [گزارش کامل دربارهٔ بازداشت‌ها](<https://news.example/report-1>)\\\nخلاصه: چند نفر بازداشت شدند.\n',
    );
    expect(file('telegram-42-1')).toContain('title: "📌 گزارش کامل دربارهٔ بازداشت‌ها"');
    expect(built.articles.get('telegram-42-1')!.html).toContain('href="https://news.example/report-1"');
    expect(file('telegram-42-2')).toContain('[tips@news.example](<mailto:tips@news.example>)');
    expect(file('telegram-42-3')).toContain('[@rights\\_watch](<https://t.me/rights_watch>)');
    expect(file('telegram-42-4')).toContain('[news.example/a](<https://news.example/a>)');
    expect(file('telegram-42-5')).toContain('[+98 21 1234](<tel:+98211234>)');
  });

  it('still cuts a first line of plain text, marks, hashtags and custom emoji from the body', () => {
    const rest = dropFirstLine(
      entities([
        { type: 'custom_emoji', text: '🔥' },
        { type: 'bold', text: ' Title' },
        ' ',
        { type: 'hashtag', text: '#news' },
        '\nThe body.',
      ]),
    );
    expect(rest).toEqual([{ type: 'plain', text: 'The body.' }]);
    for (const kind of ['text_link', 'link', 'mention', 'mention_name', 'email', 'phone', 'code', 'spoiler', 'bank_card']) {
      expect(
        dropFirstLine(entities(['Title ', { type: kind, text: 'x', href: 'https://a.example' }, '\nThe body.'])),
        kind,
      ).toBeUndefined();
    }
    // A link after the first line does not keep the title line in the body.
    expect(dropFirstLine(entities(['Title\nsee ', { type: 'text_link', text: 'x', href: 'https://a.example' }]))).toEqual(
      entities(['see ', { type: 'text_link', text: 'x', href: 'https://a.example' }]),
    );
  });
});

describe('hashtags on the first line', () => {
  it('are collected as tags with those of the rest of the post', async () => {
    const { built } = await importAndBuild(
      exportOf([
        {
          ...POST,
          id: 1,
          text_entities: entities([
            'خبر فوری درباره اعتصاب ',
            { type: 'hashtag', text: '#اعتصاب' },
            ' ',
            { type: 'hashtag', text: '#حقوق‌بشر' },
            '\nمتن کامل خبر اینجاست. ',
            { type: 'hashtag', text: '#ایران' },
            ' ',
            { type: 'hashtag', text: '#اعتصاب' },
          ]),
        },
      ]),
    );
    expect(built.problems).toEqual([]);
    expect(built.articles.get('telegram-42-1')!.meta!.meta.tags).toEqual(['اعتصاب', 'حقوق‌بشر', 'ایران']);
  });
});

describe('a photo-only post', () => {
  it("takes the language most of the channel's posts are in, with the alt text in it", async () => {
    const { built, file } = await importAndBuild(
      exportOf(
        [
          { ...POST, id: 1, photo: 'photos/p.jpg', text: '', text_entities: [] },
          { ...POST, id: 2, text: 'خبر امروز', text_entities: entities(['خبر امروز']) },
          { ...POST, id: 3, text: 'خبر دیروز', text_entities: entities(['خبر دیروز']) },
          { ...POST, id: 4, text: 'Today', text_entities: entities(['Today']) },
        ],
        'Free News',
      ),
    );
    expect(built.problems).toEqual([]);
    const meta = built.articles.get('telegram-42-1')!.meta!.meta;
    expect([meta.title, meta.lang, meta.dir]).toEqual(['Free News · 2025-03-12', 'fa', 'rtl']);
    expect(file('telegram-42-1')).toContain('\n![عکس](photo-1.jpg)\n');
  });

  it("takes the language of the channel's name when no post has letters", async () => {
    const photoOnly = [{ ...POST, id: 1, photo: 'photos/p.jpg', text: '', text_entities: [] }];
    const fa = await importAndBuild(exportOf(photoOnly, 'خبرنامه آزاد'));
    const meta = fa.built.articles.get('telegram-42-1')!.meta!.meta;
    expect([meta.title, meta.lang, meta.dir]).toEqual(['خبرنامه آزاد · 2025-03-12', 'fa', 'rtl']);
    expect(fa.file('telegram-42-1')).toContain('\n![عکس](photo-1.jpg)\n');
    const en = await importAndBuild(exportOf(photoOnly, 'Free News'));
    expect(en.built.articles.get('telegram-42-1')!.meta!.meta.lang).toBe('en');
    expect(en.file('telegram-42-1')).toContain('\n![Photo](photo-1.jpg)\n');
  });
});

describe('a photo larger than the build takes', () => {
  const big = new Uint8Array(MAX_MEDIA_BYTES + 1);
  big.set(readFileSync(JPG));

  it('is left out with a warning naming the post and the file, and the post keeps its text', async () => {
    const { built, summary, out } = await importAndBuild(
      exportOf(
        [
          { ...POST, id: 1, file: 'photos/big.jpg', mime_type: 'image/jpeg', text: 'A caption', text_entities: entities(['A caption']) },
          // A second later: sent in the same second, it would be read as an album with message 1.
          { ...POST, id: 2, date_unixtime: '1741768201', photo: 'photos/big.jpg', text: '', text_entities: [] },
          { ...POST, id: 3, media_group_id: '9', photo: 'photos/p.jpg', text: 'Album', text_entities: entities(['Album']) },
          { ...POST, id: 4, media_group_id: '9', photo: 'photos/big.jpg', text: '' },
        ],
        'Channel',
        { 'photos/big.jpg': big },
      ),
    );
    expect(built.problems).toEqual([]);
    expect(readdirSync(out).sort()).toEqual(['telegram-42-1.md', 'telegram-42-3']);
    expect(readdirSync(join(out, 'telegram-42-3')).sort()).toEqual(['index.md', 'photo-1.jpg']);
    expect(built.articles.get('telegram-42-1')!.html).toContain('A caption');
    const warnings = summary.filter((l) => l.startsWith('warning:'));
    for (const id of [1, 2, 4]) {
      expect(warnings).toContainEqual(
        expect.stringMatching(
          new RegExp(`result\\.json: message ${id}: its photo "photos/big\\.jpg" is larger than 16 MB, the most an article's image may be`),
        ),
      );
    }
    expect(summary).toContain('2 new, 0 updated, 0 unchanged, 0 kept as edited by hand, 0 replaced (--overwrite)');
    expect(summary.join('\n')).toMatch(/skipped: 1 photos not in the export or too large, without text/);
  });
});
