/** Test libraries written to temp folders: a site config, hand-made articles, and a generated many-script library. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { solidPng } from './png';

/** A fresh project root in the temp folder with a site config and an empty articles/ folder. */
export function makeRoot(siteYaml = SITE_YAML): { root: string; articles: string } {
  const root = mkdtempSync(join(tmpdir(), 'or-build-'));
  const articles = join(root, 'articles');
  mkdirSync(articles);
  writeFileSync(join(root, 'site.config.yml'), siteYaml);
  return { root, articles };
}

/** A minimal valid site config (no pinned keys: builds use the development key). */
export const SITE_YAML = `name: "Test Shelf"
shortName: "Test"
description: "A library for tests."
lang: en
colors:
  theme: "#123456"
  background: "#ffffff"
publisher:
  id: test-shelf
  name: "Test Shelf"
  keys: []
`;

/** Write `<articles>/<path>` with the given text, making folders as needed. */
export function writeFile(articles: string, path: string, content: string | Uint8Array): void {
  const file = join(articles, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/** An article's text from front matter lines and a Markdown body. */
export function article(frontMatter: string, body = 'Some text.\n'): string {
  return `---\n${frontMatter.trim()}\n---\n${body}`;
}

const SAMPLES: { lang: string; text: string; slug?: string }[] = [
  { lang: 'en', text: 'Reading offline keeps the words with you when the network is gone.' },
  { lang: 'fa', text: 'خواندن بدون اینترنت یعنی نوشته‌ها همیشه همراه شما هستند، حتی وقتی شبکه قطع است.', slug: 'نوشته' },
  { lang: 'ar', text: 'القراءة دون اتصال تعني أن الكلمات تبقى معك حين تنقطع الشبكة.' },
  { lang: 'he', text: 'קריאה ללא חיבור שומרת את המילים איתך גם כשהרשת נעלמת.' },
  { lang: 'zh', text: '离线阅读让文字在网络中断时仍然陪伴着你。', slug: '文章' },
  { lang: 'hi', text: 'ऑफ़लाइन पढ़ने से नेटवर्क न होने पर भी शब्द आपके साथ रहते हैं।', slug: 'लेख' },
  { lang: 'am', text: 'ከመስመር ውጭ ማንበብ አውታረ መረቡ ሲጠፋ እንኳ ቃላቱን ከእርስዎ ጋር ያቆያል።' },
  { lang: 'th', text: 'การอ่านแบบออฟไลน์ทำให้ถ้อยคำอยู่กับคุณแม้ไม่มีเครือข่าย' },
  { lang: 'ru', text: 'Чтение без сети сохраняет слова с вами, даже когда связи нет.' },
  { lang: 'ur', text: 'آف لائن پڑھنے سے نیٹ ورک نہ ہونے پر بھی الفاظ آپ کے ساتھ رہتے ہیں۔' },
  { lang: 'ja', text: 'オフラインで読めば、回線が切れても言葉は手元に残ります。' },
  { lang: 'ko', text: '오프라인으로 읽으면 네트워크가 끊겨도 글이 곁에 남습니다.' },
];

/** Write `count` articles in many scripts and languages (short and long, some with images, some in folders); returns their slugs. */
export function writeManyScriptLibrary(articles: string, count: number): string[] {
  const slugs: string[] = [];
  const day = 86_400_000;
  for (let i = 0; i < count; i++) {
    const s = SAMPLES[i % SAMPLES.length]!;
    const slug = `${s.slug ?? s.lang}-${i}`;
    const date = new Date(Date.UTC(2020, 0, 1) + i * day).toISOString().slice(0, 10);
    const paragraphs = 1 + ((i * 7) % 23);
    let body = `## ${s.text.slice(0, 20)}\n\n`;
    for (let p = 0; p < paragraphs; p++) body += `${s.text} ${s.text}${p % 3 === 0 ? ' **' + s.text.slice(0, 10) + '**' : ''}\n\n`;
    const fm = [`title: "${s.lang} ${i}: ${s.text.slice(0, 24)}"`, `date: ${date}`, `lang: ${s.lang}`, `tags: [${s.lang}, test]`];
    if (i % 5 === 0) fm.push(`summary: "${s.text}"`);
    if (i % 25 === 0) {
      writeFile(articles, `${slug}/picture.png`, solidPng(i + 1));
      writeFile(articles, `${slug}/index.md`, article(fm.join('\n'), `${body}![${s.text.slice(0, 12)}](picture.png)\n`));
    } else {
      writeFile(articles, `${slug}.md`, article(fm.join('\n'), body));
    }
    slugs.push(slug);
  }
  return slugs;
}
