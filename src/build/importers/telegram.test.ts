import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFolder } from '../__fixtures__/compile-folder';
import { BuildFailure } from '../errors';
import { importOptions, runImport, type ImportOptions } from './cli';

const FIXTURE = new URL('../__fixtures__/telegram-export/', import.meta.url).pathname;
const CH = 'telegram-1876543210-';

function options(articlesDir: string, more: Partial<ImportOptions> = {}): ImportOptions {
  return importOptions(articlesDir, { show: (p) => p.replace(FIXTURE, 'export/'), ...more });
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'or-import-'));
}

/** A copy of the fixture export whose result.json can be changed. */
function copyExport(change?: (data: { messages: Array<Record<string, unknown>> } & Record<string, unknown>) => void): string {
  const dir = join(tempDir(), 'export');
  cpSync(FIXTURE, dir, { recursive: true });
  if (change) {
    const data = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
    change(data);
    writeFileSync(join(dir, 'result.json'), JSON.stringify(data, null, 1));
  }
  return dir;
}

const read = (dir: string, file: string): string => readFileSync(join(dir, file), 'utf8');

/** A channel export of its own (channel 42) with the given messages, and one photo at photos/p.jpg. */
function smallExport(messages: Array<Record<string, unknown>>): string {
  const dir = join(tempDir(), 'export');
  mkdirSync(join(dir, 'photos'), { recursive: true });
  cpSync(join(FIXTURE, 'photos/photo_1@12-03-2025_08-30-00.jpg'), join(dir, 'photos', 'p.jpg'));
  writeFileSync(join(dir, 'result.json'), JSON.stringify({ name: 'Channel', type: 'public_channel', id: 42, messages }));
  return dir;
}

const POST = { type: 'message', date: '2025-03-12T08:30:00', date_unixtime: '1741768200', from_id: 'channel42' };
const ALBUM_PHOTO = { ...POST, media_group_id: '777', photo: 'photos/p.jpg', text: '' };
const ALBUM_VIDEO = {
  ...POST,
  media_group_id: '777',
  file: 'video_files/v.mp4',
  media_type: 'video_file',
  mime_type: 'video/mp4',
  text: '',
};

async function failureOf(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (e) {
    if (e instanceof BuildFailure) return e.message;
    throw e;
  }
  throw new Error('The import did not fail.');
}

describe('import:telegram on the fixture export', () => {
  it('writes one article per post, an album as one, and counts every post it leaves out', async () => {
    const out = tempDir();
    const summary = await runImport('telegram', [FIXTURE], options(out));
    expect(readdirSync(out).sort()).toEqual(
      [`${CH}14.md`, `${CH}15.md`, `${CH}16.md`, `${CH}3.md`, `${CH}4.md`, `${CH}5`, `${CH}6`, `${CH}9.md`].sort(),
    );
    expect(readdirSync(join(out, `${CH}6`)).sort()).toEqual(['index.md', 'photo-1.jpg', 'photo-2.jpg', 'photo-3.jpg']);
    expect(summary).toContain('8 new, 0 updated, 0 unchanged, 0 kept as edited by hand, 0 replaced (--overwrite)');
    expect(summary).toContain('skipped: 3 service messages, 1 polls, 1 videos, 1 stickers, 1 voice messages');
    expect(summary.find((l) => l.startsWith('warning:'))).toMatch(/result\.json: message 14: its photo was not in the export/);
    // The photo that was not exported: the text stays, the photo goes.
    expect(read(out, `${CH}14.md`)).toContain('\nاین عکس در خروجی نیامده است.\n');
  });

  it('turns every entity into Markdown and fills the front matter from the post', async () => {
    const out = tempDir();
    await runImport('telegram', [FIXTURE], options(out));
    const fa = read(out, `${CH}3.md`);
    expect(fa).toMatch(
      /^---\ntitle: "راهنمای امنیت گوشی در ایست بازرسی"\ndate: "2025-03-10T07:15:00.000Z"\nlang: fa\nauthor: "سارا"\ntags: \["امنیت", "گوشی"\]\nimported: "telegram 1876543210\/3 sha256:[0-9a-f]{64}" # .*\n---\n\n/,
    );
    // The first line became the title, so the body starts after it.
    expect(fa).not.toContain('**راهنمای');
    for (const piece of [
      '*پیام‌های حساس*',
      '<u>رمز قوی</u>',
      '~~قدیمی~~',
      'کار می‌کند.\\\nخط دوم همان بند است.\n\n',
      '`adb devices`',
      '````bash\nsettings put global adb_enabled 0\n```\nno fence break\n````',
      '> هرگز رمزتان را به کسی ندهید.\\\n> حتی به دوستان.',
      '[https://example.org/safety](<https://example.org/safety>)',
      '[راهنمای کامل](<https://example.org/guide?a=1&b=(2)>)',
      '[@openshelf](<https://t.me/openshelf>)',
      ' علی بگویید. پاسخ: همیشه',
      '\\#امنیت #گوشی',
    ]) {
      expect(fa).toContain(piece);
    }
    const en = read(out, `${CH}4.md`);
    expect(en).toContain('lang: en\ntags: ["digest"]\n');
    expect(en).toContain('[tips@example.org](<mailto:tips@example.org>) or call [+98 21 1234 5678](<tel:+982112345678>)');
    expect(en).toContain('$USD, bot: /start, card: 6037 9911 2233 4455 🔥');
    expect(en).toContain('1\\. not a list\\\n\\- not a bullet\\\n\\# not a heading\\\n');
    // Marks that CommonMark could misread (next to another mark, or ending in punctuation) become HTML.
    expect(en).toContain('<b>Bold</b>*then italic* and <b>"quoted"</b>.');

    const photo = read(out, `${CH}5/index.md`);
    expect(photo).toContain('\nupdated: "2025-03-13T09:45:00.000Z"\n');
    expect(photo).toContain('\nauthor: "Sara K."\n');
    expect(photo).toContain(
      '\n\n![A photo from the workshop](photo-1.jpg)\n\nTwelve people learned to share the library as a file. #workshop\n',
    );
    expect(readFileSync(join(out, `${CH}5/photo-1.jpg`))).toEqual(readFileSync(join(FIXTURE, 'photos/photo_1@12-03-2025_08-30-00.jpg')));

    const album = read(out, `${CH}6/index.md`);
    expect(album).toContain('title: "آلبوم کارگاه تهران"');
    expect(album).toContain(
      '![آلبوم کارگاه تهران (1/3)](photo-1.jpg)\n\n![آلبوم کارگاه تهران (2/3)](photo-2.jpg)\n\n![آلبوم کارگاه تهران (3/3)](photo-3.jpg)\n\nسه عکس از روز دوم.\n',
    );

    expect(read(out, `${CH}9.md`)).toContain('---\n\n*Forwarded from Digital Rights Watch*\n\nReports from three provinces');
  });

  it('writes files the build accepts as they are, with hostile text left inert', async () => {
    const out = tempDir();
    await runImport('telegram', [FIXTURE], options(out));
    const { articles, problems, warnings } = await compileFolder(out);
    expect(problems).toEqual([]);
    expect(warnings).toEqual([]);
    expect(articles.size).toBe(8);
    const fa = articles.get(`${CH}3`)!.html;
    for (const tag of ['<em>', '<u>', '<s>', '<code>', '<pre>', '<blockquote>', '<br>']) expect(fa).toContain(tag);
    expect(fa).toContain('href="https://t.me/openshelf"');
    expect(articles.get(`${CH}6`)!.meta!.images).toHaveLength(3);
    expect(articles.get(`${CH}6`)!.meta!.meta.lang).toBe('fa');
    const hostile = articles.get(`${CH}15`)!.html;
    expect(hostile).not.toMatch(/<script|<img|javascript:|evil\.example"/);
    expect(hostile).toContain('click me !');
    expect(hostile).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('writes no signature or hashtag of only invisible characters, which the build would refuse', async () => {
    const dir = smallExport([
      { ...POST, id: 1, author: '\u200F', text: [{ type: 'hashtag', text: '#\u200C' }, ' متن پست ', { type: 'hashtag', text: '#خبر' }] },
    ]);
    const out = tempDir();
    await runImport('telegram', [dir], importOptions(out));
    const { articles, problems } = await compileFolder(out);
    expect(problems).toEqual([]);
    const meta = articles.get('telegram-42-1')!.meta!.meta;
    expect(meta.author).toBeUndefined();
    expect(meta.tags).toEqual(['خبر']);
  });

  it('keeps --since and --min-length and writes nothing on --dry-run', async () => {
    const out = tempDir();
    const summary = await runImport(
      'telegram',
      [FIXTURE],
      options(out, { since: '2025-03-14T00:00:00.000Z', minLength: 10, dryRun: true }),
    );
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    expect(summary).toContain(
      '4 new, 0 updated, 0 unchanged, 0 kept as edited by hand, 0 replaced (--overwrite) (dry run: nothing written)',
    );
    expect(summary.join('\n')).toContain('3 before --since 2025-03-14, 1 shorter than --min-length 10');
    expect(summary).toContain(`  would be added: ${CH}6/index.md`);
  });
});

describe('import:telegram run again', () => {
  it('adds new posts, updates edited ones, keeps hand edits unless --overwrite, and changes nothing when nothing changed', async () => {
    const out = tempDir();
    await runImport('telegram', [FIXTURE], options(out));
    const again = await runImport('telegram', [FIXTURE], options(out));
    expect(again).toContain('0 new, 0 updated, 8 unchanged, 0 kept as edited by hand, 0 replaced (--overwrite)');

    const handEdited = read(out, `${CH}3.md`).replace('پیش از رفتن', 'پیش از سفر');
    writeFileSync(join(out, `${CH}3.md`), handEdited);
    writeFileSync(join(out, `${CH}16.md`), '---\ntitle: "My own"\ndate: 2025-03-17\n---\n\nWritten by hand.\n');
    // A photo swapped by hand is a hand edit too.
    const ownPhoto = readFileSync(join(FIXTURE, 'photos/photo_2@14-03-2025_10-00-00.jpg'));
    writeFileSync(join(out, `${CH}5/photo-1.jpg`), ownPhoto);
    const newer = copyExport((data) => {
      const post = data.messages.find((m) => m.id === 9)!;
      post.text = 'Internet shutdowns: what we know\nReports from four provinces.';
      post.text_entities = [{ type: 'plain', text: post.text }];
      post.edited_unixtime = '1742100000';
      for (const m of data.messages) if (m.id === 3 || m.id === 5) m.edited_unixtime = '1742100000';
      data.messages.push({
        id: 18,
        type: 'message',
        date: '2025-03-18T10:00:00',
        date_unixtime: '1742279400',
        from: 'x',
        from_id: 'channel1876543210',
        text: 'A new post\nWith a second line.',
        text_entities: [{ type: 'plain', text: 'A new post\nWith a second line.' }],
      });
    });
    const third = await runImport('telegram', [newer], options(out));
    expect(third[1]).toBe('1 new, 1 updated, 4 unchanged, 3 kept as edited by hand, 0 replaced (--overwrite)');
    expect(third).toContain(`  kept: ${CH}5/index.md was edited by hand (--overwrite replaces it)`);
    expect(readFileSync(join(out, `${CH}5/photo-1.jpg`))).toEqual(ownPhoto);
    expect(third).toContain(`  kept: ${CH}3.md was edited by hand (--overwrite replaces it)`);
    expect(third).toContain(`  kept: ${CH}16.md was not made by an import (--overwrite replaces it)`);
    expect(read(out, `${CH}3.md`)).toBe(handEdited);
    expect(read(out, `${CH}9.md`)).toContain('\nupdated: "2025-03-16T04:40:00.000Z"\n');
    expect(read(out, `${CH}9.md`)).toContain('Reports from four provinces.');
    expect(read(out, `${CH}18.md`)).toContain('title: "A new post"');
    expect(readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([]);

    const forced = await runImport('telegram', [newer], options(out, { overwrite: true }));
    expect(forced[1]).toBe('0 new, 0 updated, 6 unchanged, 0 kept as edited by hand, 3 replaced (--overwrite)');
    expect(read(out, `${CH}3.md`)).toContain('پیش از رفتن');
    expect(read(out, `${CH}3.md`)).toContain('\nupdated: "2025-03-16T04:40:00.000Z"\n');
  });

  it("keeps a folder or file named like an article that is not an import's article, unless --overwrite", async () => {
    const dir = smallExport([
      { ...POST, id: 5, text: 'A post\nWith a second line.' },
      { ...POST, id: 6, text: 'Another post\nWith a second line.' },
    ]);
    const out = tempDir();
    // A folder of the publisher's own without index.md, and an imported file beside a folder of the same name.
    mkdirSync(join(out, 'telegram-42-5'));
    writeFileSync(join(out, 'telegram-42-5', 'index.markdown'), 'my draft');
    writeFileSync(join(out, 'telegram-42-5', 'my-notes.txt'), 'my notes');
    await runImport('telegram', [smallExport([{ ...POST, id: 6, text: 'Another post\nWith a second line.' }])], importOptions(out));
    mkdirSync(join(out, 'telegram-42-6'));
    writeFileSync(join(out, 'telegram-42-6', 'notes.txt'), 'more notes');
    const summary = await runImport('telegram', [dir], importOptions(out));
    expect(summary[1]).toBe('0 new, 0 updated, 0 unchanged, 2 kept as edited by hand, 0 replaced (--overwrite)');
    expect(summary).toContain('  kept: telegram-42-5/ was not made by an import (--overwrite replaces it)');
    expect(summary).toContain('  kept: telegram-42-6/ was not made by an import (--overwrite replaces it)');
    expect(readdirSync(join(out, 'telegram-42-5')).sort()).toEqual(['index.markdown', 'my-notes.txt']);
    expect(read(out, 'telegram-42-6/notes.txt')).toBe('more notes');
    expect(readdirSync(out).sort()).toEqual(['telegram-42-5', 'telegram-42-6', 'telegram-42-6.md']);

    const forced = await runImport('telegram', [dir], importOptions(out, { overwrite: true }));
    expect(forced[1]).toBe('0 new, 0 updated, 0 unchanged, 0 kept as edited by hand, 2 replaced (--overwrite)');
    expect(readdirSync(out).sort()).toEqual(['telegram-42-5.md', 'telegram-42-6.md']);
  });

  it('keeps an imported folder that holds a folder added by hand', async () => {
    const dir = smallExport([{ ...ALBUM_PHOTO, id: 1, text: 'A photo\nWith a caption.' }]);
    const out = tempDir();
    await runImport('telegram', [dir], importOptions(out));
    mkdirSync(join(out, 'telegram-42-1', 'sources'));
    writeFileSync(join(out, 'telegram-42-1', 'sources', 'interview.txt'), 'notes');
    const again = await runImport(
      'telegram',
      [smallExport([{ ...ALBUM_PHOTO, id: 1, text: 'A photo\nWith a new caption.' }])],
      importOptions(out),
    );
    expect(again).toContain('  kept: telegram-42-1/index.md was edited by hand (--overwrite replaces it)');
    expect(read(out, 'telegram-42-1/sources/interview.txt')).toBe('notes');
  });

  it('groups an album by media_group_id when the export has it', async () => {
    const dir = copyExport((data) => {
      for (const m of data.messages) if ([6, 7, 8].includes(m.id as number)) m.media_group_id = '13920001';
      // Different seconds: only the group id ties them.
      data.messages.find((m) => m.id === 8)!.date_unixtime = '1741934000';
    });
    const out = tempDir();
    await runImport('telegram', [dir], options(out));
    expect(readdirSync(join(out, `${CH}6`)).sort()).toEqual(['index.md', 'photo-1.jpg', 'photo-2.jpg', 'photo-3.jpg']);
  });
});

describe('import:telegram on albums that mix photos and videos', () => {
  it('keeps the photo and caption of an album whose video comes last, and counts the video', async () => {
    const out = tempDir();
    const summary = await runImport(
      'telegram',
      [
        smallExport([
          { ...ALBUM_PHOTO, id: 1, text: 'Caption of the album' },
          { ...ALBUM_VIDEO, id: 2 },
        ]),
      ],
      importOptions(out),
    );
    expect(summary).toContain('1 new, 0 updated, 0 unchanged, 0 kept as edited by hand, 0 replaced (--overwrite)');
    expect(summary).toContain('skipped: 1 videos');
    expect(readdirSync(join(out, 'telegram-42-1')).sort()).toEqual(['index.md', 'photo-1.jpg']);
    expect(read(out, 'telegram-42-1/index.md')).toContain('title: "Caption of the album"');
  });

  it('keeps the photos and caption of an album whose video comes first with the caption, and counts the video', async () => {
    const out = tempDir();
    const summary = await runImport(
      'telegram',
      [
        smallExport([
          { ...ALBUM_VIDEO, id: 1, text: 'Caption of the album\nTwo photos and a video.' },
          { ...ALBUM_PHOTO, id: 2 },
          { ...ALBUM_PHOTO, id: 3 },
        ]),
      ],
      importOptions(out),
    );
    expect(summary).toContain('1 new, 0 updated, 0 unchanged, 0 kept as edited by hand, 0 replaced (--overwrite)');
    expect(summary).toContain('skipped: 1 videos');
    expect(readdirSync(join(out, 'telegram-42-1')).sort()).toEqual(['index.md', 'photo-1.jpg', 'photo-2.jpg']);
    const album = read(out, 'telegram-42-1/index.md');
    expect(album).toContain('title: "Caption of the album"');
    expect(album).toContain(
      '![Caption of the album (1/2)](photo-1.jpg)\n\n![Caption of the album (2/2)](photo-2.jpg)\n\nTwo photos and a video.\n',
    );
  });

  it('counts every video of an album with nothing else, caption and all', async () => {
    const out = tempDir();
    const summary = await runImport(
      'telegram',
      [
        smallExport([
          { ...ALBUM_VIDEO, id: 1, text: 'Two videos' },
          { ...ALBUM_VIDEO, id: 2 },
        ]),
      ],
      importOptions(out),
    );
    expect(summary).toContain('0 new, 0 updated, 0 unchanged, 0 kept as edited by hand, 0 replaced (--overwrite)');
    expect(summary).toContain('skipped: 2 videos');
  });
});

describe('import:telegram language', () => {
  it('guesses fa for a Persian post whose link, mention and hashtag have more letters than its words', async () => {
    const url = 'https://www.example.com/news/2025/03/internet-shutdown-report-tehran';
    const out = tempDir();
    await runImport(
      'telegram',
      [
        smallExport([
          {
            ...POST,
            id: 1,
            text: ['گزارش کامل را بخوانید: ', { type: 'link', text: url }],
            text_entities: [
              { type: 'plain', text: 'گزارش کامل را بخوانید: ' },
              { type: 'link', text: url },
            ],
          },
          {
            ...POST,
            id: 2,
            text_entities: [
              { type: 'plain', text: 'گزارش کامل: ' },
              { type: 'mention', text: '@digital_rights_watch' },
              { type: 'plain', text: ' ' },
              { type: 'hashtag', text: '#internet_shutdown' },
              { type: 'plain', text: ' ' },
              { type: 'email', text: 'tips@example.org' },
            ],
          },
        ]),
      ],
      importOptions(out),
    );
    expect(read(out, 'telegram-42-1.md')).toMatch(/^lang: fa$/m);
    expect(read(out, 'telegram-42-2.md')).toMatch(/^lang: fa$/m);
  });
});

describe('import:telegram on bad input', () => {
  const cases: Array<[string, () => string, RegExp]> = [
    [
      'a folder without result.json',
      () => tempDir(),
      /result\.json: not found: export the channel with Telegram Desktop in the JSON format/,
    ],
    [
      'a malformed result.json',
      () => {
        const d = copyExport();
        writeFileSync(join(d, 'result.json'), '{"name": "x", "messages": [');
        return d;
      },
      /result\.json: is not valid JSON \(.*\); export the channel again in the JSON format/,
    ],
    [
      'a whole-account export',
      () => copyExport((data) => Object.assign(data, { chats: { list: [] } })),
      /result\.json: is a whole-account export: export only the channel/,
    ],
    [
      'a private chat',
      () => copyExport((data) => (data.type = 'personal_chat')),
      /result\.json: is the export of a personal chat, not of a channel/,
    ],
    [
      'a post whose photo file is missing',
      () => {
        const d = copyExport();
        rmSync(join(d, 'photos', 'photo_3@14-03-2025_10-00-00.jpg'));
        return d;
      },
      /result\.json: message 7: its photo "photos\/photo_3@14-03-2025_10-00-00\.jpg" is missing from the export folder/,
    ],
    [
      'a photo path that leaves the export folder for a sibling whose name starts with the same name',
      () => {
        const d = copyExport((data) => (data.messages.find((m) => m.id === 5)!.photo = '../export-private/secret.jpg'));
        mkdirSync(join(d, '..', 'export-private'));
        cpSync(join(d, 'photos', 'photo_1@12-03-2025_08-30-00.jpg'), join(d, '..', 'export-private', 'secret.jpg'));
        return d;
      },
      /result\.json: message 5: its photo "\.\.\/export-private\/secret\.jpg" is outside the export folder/,
    ],
    [
      'a photo path that leaves the export folder',
      () => copyExport((data) => (data.messages.find((m) => m.id === 5)!.photo = '../../photos/photo_1@12-03-2025_08-30-00.jpg')),
      /result\.json: message 5: its photo "\.\.\/\.\.\/photos\/photo_1@12-03-2025_08-30-00\.jpg" is outside the export folder/,
    ],
    [
      'a photo that is not a path',
      () => copyExport((data) => (data.messages.find((m) => m.id === 5)!.photo = 5)),
      /result\.json: message 5: its "photo" is 5 where Telegram Desktop writes text/,
    ],
    [
      'a file that is not a path',
      () => copyExport((data) => (data.messages.find((m) => m.id === 5)!.file = 5)),
      /result\.json: message 5: its "file" is 5 where Telegram Desktop writes text/,
    ],
    [
      'a media type that is not text',
      () => copyExport((data) => (data.messages.find((m) => m.id === 9)!.media_type = 7)),
      /result\.json: message 9: its "media_type" is 7 where Telegram Desktop writes text/,
    ],
    [
      'a mime type that is not text',
      () => copyExport((data) => (data.messages.find((m) => m.id === 9)!.mime_type = { a: 1 })),
      /result\.json: message 9: its "mime_type" is \{"a":1\} where Telegram Desktop writes text/,
    ],
    [
      'a date far out of range',
      () => copyExport((data) => (data.messages.find((m) => m.id === 9)!.date_unixtime = '99999999999999999')),
      /result\.json: message 9: its date "99999999999999999" is not a date from 1900 to 9999/,
    ],
    [
      'an edit date far out of range',
      () => copyExport((data) => (data.messages.find((m) => m.id === 9)!.edited_unixtime = '99999999999999999')),
      /result\.json: message 9: its edit date "99999999999999999" is not a date from 1900 to 9999/,
    ],
    [
      'a message id twice (two exports joined by hand)',
      () => copyExport((data) => data.messages.push({ ...data.messages.find((m) => m.id === 9)!, text: 'Another post' })),
      /result\.json: message 9 is in the export twice \(were two exports joined into one file\?\): export the channel again with Telegram Desktop\.$/,
    ],
    [
      'a post without a date',
      () =>
        copyExport((data) => {
          const m = data.messages.find((x) => x.id === 9)!;
          delete m.date;
          delete m.date_unixtime;
        }),
      /result\.json: message 9: has no date/,
    ],
  ];
  it('reads a photo inside the export folder whose file name starts with two dots', async () => {
    const dir = smallExport([{ ...POST, id: 1, photo: 'photos/..p.jpg', text: 'Hello' }]);
    cpSync(join(dir, 'photos', 'p.jpg'), join(dir, 'photos', '..p.jpg'));
    const out = tempDir();
    await runImport('telegram', [dir], importOptions(out));
    expect(readdirSync(join(out, 'telegram-42-1')).sort()).toEqual(['index.md', 'photo-1.jpg']);
  });

  it('refuses a photo that is a link to a file outside the export folder, and reads one that links inside it', async () => {
    const dir = smallExport([
      { ...POST, id: 1, photo: 'photos/inside.jpg', text: 'Inside' },
      { ...POST, id: 2, photo: 'photos/photo_1.jpg', text: 'Outside' },
    ]);
    const secret = join(tempDir(), 'private.png');
    cpSync(join(dir, 'photos', 'p.jpg'), secret);
    symlinkSync(secret, join(dir, 'photos', 'photo_1.jpg'));
    symlinkSync('p.jpg', join(dir, 'photos', 'inside.jpg'));
    const out = tempDir();
    const text = await failureOf(runImport('telegram', [dir], importOptions(out)));
    expect(text).toMatch(
      /result\.json: message 2: its photo "photos\/photo_1\.jpg" is a link to a file outside the export folder: copy the photo itself into the export folder, or leave the message out\.$/,
    );
    expect(text).not.toMatch(/message 1/);
    expect(readdirSync(out)).toEqual([]);
  });

  for (const [what, make, message] of cases) {
    it(`names the file and the message for ${what}, and writes nothing`, async () => {
      const out = tempDir();
      writeFileSync(join(out, 'existing.md'), 'untouched');
      const text = await failureOf(runImport('telegram', [make()], options(out)));
      expect(text).toMatch(message);
      expect(readdirSync(out)).toEqual(['existing.md']);
    });
  }
});
