/** Interface strings in Persian and English, and the hook that picks them. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export type UiLang = 'fa' | 'en';

const FA_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
const ungrouped = new Map<UiLang, Intl.NumberFormat>();

/**
 * A number in the interface language's digits, without grouping. A whole number is spelt digit by digit (what
 * `Intl.NumberFormat` gives, without waking the browser's locale data on the main thread at start-up: that first use
 * costs 30-50 ms, and four times that on a cheap phone); any other number goes to `Intl`.
 */
export function num(n: number, lang: UiLang): string {
  if (Number.isSafeInteger(n) && n >= 0) return lang === 'fa' ? String(n).replace(/\d/g, (d) => FA_DIGITS[Number(d)]!) : String(n);
  let f = ungrouped.get(lang);
  if (!f) ungrouped.set(lang, (f = new Intl.NumberFormat(lang === 'fa' ? 'fa-IR' : 'en', { useGrouping: false })));
  return f.format(n);
}

/** English's singular for one, its plural otherwise (`n` as the interface writes it). Persian keeps a noun after a number singular. */
export const plural = (n: string, one: string, many: string): string => `${n} ${n === '1' ? one : many}`;

const en = {
  skipToContent: 'Skip to content',
  library: 'Library',
  settings: 'Settings',
  mainNav: 'Main',
  articleCount: (n: string) => plural(n, 'article', 'articles'),
  searchLabel: 'Search articles',
  searchPlaceholder: 'Search…',
  searchCount: (n: string) => plural(n, 'result', 'results'),
  searchNone: 'Nothing found. Try fewer letters or another spelling.',
  searchNoneYet: 'Nothing found so far.',
  searchPartial: (n: string, of: string) => `Searched ${n} of ${of} articles so far; results update as the rest are indexed.`,
  searchMore: (n: string) => `Show ${n} more`,
  filterAll: 'All',
  filterBookmarks: 'Bookmarks',
  filterUnread: 'Unread',
  filterLabel: 'Show',
  emptyLibrary: 'The library is empty. Import a reader file to add articles.',
  emptyWhileSaving: 'Saving the library for reading without internet. Articles appear here as they are saved.',
  emptyBookmarks: 'No bookmarks yet. Use “Bookmark” in an article to keep it here.',
  back: 'Back to library',
  notFound: 'This article is not in the library on this device.',
  loading: 'Loading…',
  read: 'Read',
  unread: 'Unread',
  bookmark: 'Bookmark',
  bookmarked: 'Bookmarked',
  by: (a: string) => `By ${a}`,
  verified: (p: string) => `Verified: signed by ${p}`,
  unverified: 'Unverified: not signed by a publisher this app trusts',
  unverifiedShort: 'Unverified',
  textSize: 'Text size',
  readingTools: 'Reading tools',
  smaller: 'Smaller text',
  larger: 'Larger text',
  shareArticle: 'Share as a file',
  importFile: 'Import a file',
  reading: 'Reading the file…',
  cancel: 'Cancel',
  dropHere: 'Drop a reader file here to import it',
  exportAll: 'Save the whole library as one file',
  exportSelected: (n: string) => `Share ${n} selected as one file`,
  selectMode: 'Select articles to share',
  selectDone: 'Done selecting',
  selectArticle: (t: string) => `Select “\u2068${t}\u2069”`,
  exporting: 'Making the file…',
  downloadLibrary: 'Download the publisher’s full library file',
  saving: (done: string, total: string) => `Saving for offline reading… ${done} of ${total}`,
  syncPaused: (done: string, total: string) =>
    `${done} of ${total} parts are saved and read without internet. The rest will download by itself when the connection allows.`,
  syncWaiting: 'The library could not be downloaded yet. The app will try again by itself when the connection allows.',
  noStorage:
    'This browser cannot keep articles on this device, so the library is not saved here. To read offline, download the publisher’s full library file and open it in any browser.',
  storageBlocked: 'Another tab of this app is holding its storage, so this one waits. Close the app’s other tabs and windows to go on.',
  storageErased:
    'Everything this app kept on this device was erased. Close this tab: reloaded while online, the app would download the library again.',
  storageOutdated: 'A newer version of this app, open in another tab, has taken over its storage. Reload this page.',
  editionAge: (ago: string, date: string) => `Edition from ${ago} (${date})`,
  editionDate: (date: string) => `Edition from ${date}`,
  errorGeneric: 'Something went wrong. Nothing in the library was changed.',
  /** Between two parts of a line (a Persian zero looks like a middle dot, so Persian uses a dash). */
  sep: ' · ',
  shareMenu: 'Share and import',
  shareMenuHelp: 'Move articles between phones as one file.',
  close: 'Close',
  sectionLabel: 'Section',
  sectionAll: (n: string) => `All sections (${n})`,
  sort: 'Order',
  sortNewest: 'Newest first',
  sortOldest: 'Oldest first',
  emptySection: 'No article here matches this choice.',
  continueReading: 'Continue reading',
  percentRead: (n: string) => `${n}% read`,
  moreArticles: 'More articles',
  nextArticle: 'Next',
  previousArticle: 'Previous',
  statusLabel: 'Library status',
  statusSaving: (done: string, total: string) => `Saving ${done}/${total}`,
  statusSaved: 'Saved',
  statusOffline: 'Offline',
  statusPaused: 'Paused',
  statusOnlineOnly: 'Online only',
  statusErased: 'Erased',
  statusUpdate: 'Update ready',
  statusOfflineLong: 'No connection: you are reading what is saved on this device.',
  installTitle: 'Install the app',
  installTip: 'Add this library to your home screen: it opens like an app, even without internet.',
  installNow: 'Install',
  installHow: 'How to install',
  installNotNow: 'Not now',
};

export type Strings = typeof en;

const fa: Strings = {
  skipToContent: 'پرش به محتوا',
  library: 'کتابخانه',
  settings: 'تنظیمات',
  mainNav: 'اصلی',
  articleCount: (n) => `${n} مقاله`,
  searchLabel: 'جستجو در مقاله‌ها',
  searchPlaceholder: 'جستجو…',
  searchCount: (n) => `${n} نتیجه`,
  searchNone: 'چیزی پیدا نشد. حروف کمتر یا املای دیگری را امتحان کنید.',
  searchNoneYet: 'تا اینجا چیزی پیدا نشد.',
  searchPartial: (n, of) => `تا اینجا در ${n} مقاله از ${of} مقاله جستجو شد؛ با نمایه شدن بقیه، نتیجه‌ها به‌روز می‌شوند.`,
  searchMore: (n) => `نمایش ${n} نتیجهٔ دیگر`,
  filterAll: 'همه',
  filterBookmarks: 'نشانک‌ها',
  filterUnread: 'خوانده‌نشده',
  filterLabel: 'نمایش',
  emptyLibrary: 'کتابخانه خالی است. برای افزودن مقاله، یک فایل خواننده را وارد کنید.',
  emptyWhileSaving: 'کتابخانه برای خواندن بی‌اینترنت ذخیره می‌شود. مقاله‌ها همین که ذخیره شوند اینجا می‌آیند.',
  emptyBookmarks: 'هنوز نشانکی نیست. با «نشانک» در هر مقاله آن را اینجا نگه دارید.',
  back: 'بازگشت به کتابخانه',
  notFound: 'این مقاله در کتابخانهٔ این دستگاه نیست.',
  loading: 'در حال بارگذاری…',
  read: 'خوانده‌شده',
  unread: 'خوانده‌نشده',
  bookmark: 'نشانک',
  bookmarked: 'نشانک‌شده',
  by: (a) => `نوشتهٔ ${a}`,
  verified: (p) => `تأییدشده: امضای ${p}`,
  unverified: 'تأییدنشده: امضای ناشری که این برنامه به آن اعتماد دارد را ندارد',
  unverifiedShort: 'تأییدنشده',
  textSize: 'اندازهٔ متن',
  readingTools: 'ابزارهای خواندن',
  smaller: 'متن کوچک‌تر',
  larger: 'متن بزرگ‌تر',
  shareArticle: 'هم‌رسانی به‌صورت فایل',
  importFile: 'وارد کردن فایل',
  reading: 'در حال خواندن فایل…',
  cancel: 'انصراف',
  dropHere: 'فایل خواننده را اینجا رها کنید تا وارد شود',
  exportAll: 'ذخیرهٔ همهٔ کتابخانه در یک فایل',
  exportSelected: (n) => `هم‌رسانی ${n} مقالهٔ انتخاب‌شده در یک فایل`,
  selectMode: 'انتخاب مقاله‌ها برای هم‌رسانی',
  selectDone: 'پایان انتخاب',
  selectArticle: (t) => `انتخاب «\u2068${t}\u2069»`,
  exporting: 'در حال ساختن فایل…',
  downloadLibrary: 'دریافت فایل کامل کتابخانهٔ ناشر',
  saving: (done, total) => `در حال ذخیره برای خواندن بی‌اینترنت… ${done} از ${total}`,
  syncPaused: (done, total) =>
    `${done} از ${total} بخش ذخیره شده و بدون اینترنت خوانده می‌شود. بقیه هر وقت اتصال اجازه دهد خودبه‌خود دریافت می‌شود.`,
  syncWaiting: 'هنوز نشد کتابخانه را دریافت کرد. هر وقت اتصال اجازه دهد خودبه‌خود دوباره تلاش می‌کند.',
  noStorage:
    'این مرورگر نمی‌تواند مقاله‌ها را روی این دستگاه نگه دارد، پس کتابخانه اینجا ذخیره نمی‌شود. برای خواندن بدون اینترنت، فایل کامل کتابخانهٔ ناشر را دریافت کنید و در هر مرورگری باز کنید.',
  storageBlocked:
    'زبانهٔ دیگری از این برنامه فضای ذخیره‌سازی‌اش را در دست دارد و این زبانه منتظر مانده است. زبانه‌ها و پنجره‌های دیگر این برنامه را ببندید تا کار ادامه یابد.',
  storageErased:
    'هر چه این برنامه روی این دستگاه نگه داشته بود پاک شد. این زبانه را ببندید: اگر با اینترنت دوباره باز شود، برنامه کتابخانه را دوباره دریافت می‌کند.',
  storageOutdated: 'نسخهٔ تازه‌تر برنامه در زبانهٔ دیگری باز است. این صفحه را دوباره باز کنید.',
  editionAge: (ago, date) => `ویرایشِ ${ago} (${date})`,
  editionDate: (date) => `ویرایشِ ${date}`,
  errorGeneric: 'مشکلی پیش آمد. چیزی در کتابخانه تغییر نکرد.',
  sep: ' – ',
  shareMenu: 'هم‌رسانی و وارد کردن',
  shareMenuHelp: 'مقاله‌ها را به‌صورت یک فایل از گوشی به گوشی ببرید.',
  close: 'بستن',
  sectionLabel: 'بخش',
  sectionAll: (n) => `همهٔ بخش‌ها (${n})`,
  sort: 'ترتیب',
  sortNewest: 'تازه‌ترین اول',
  sortOldest: 'قدیمی‌ترین اول',
  emptySection: 'هیچ مقاله‌ای با این انتخاب جور نیست.',
  continueReading: 'ادامهٔ خواندن',
  percentRead: (n) => `${n}٪ خوانده شده`,
  moreArticles: 'مقاله‌های دیگر',
  nextArticle: 'بعدی',
  previousArticle: 'قبلی',
  statusLabel: 'وضعیت کتابخانه',
  statusSaving: (done, total) => `ذخیره ${done}/${total}`,
  statusSaved: 'ذخیره شد',
  statusOffline: 'بی‌اینترنت',
  statusPaused: 'متوقف',
  statusOnlineOnly: 'فقط با اینترنت',
  statusErased: 'پاک‌شده',
  statusUpdate: 'به‌روزرسانی آماده است',
  statusOfflineLong: 'اتصال نیست: آنچه روی این دستگاه ذخیره شده را می‌خوانید.',
  installTitle: 'نصب برنامه',
  installTip: 'این کتابخانه را به صفحهٔ اصلی گوشی بیفزایید: مثل یک برنامه باز می‌شود، حتی بدون اینترنت.',
  installNow: 'نصب',
  installHow: 'روش نصب',
  installNotNow: 'حالا نه',
};

export const STRINGS: Record<UiLang, Strings> = { en, fa };

/** The interface language's strings, direction and number formatting. */
export interface I18n {
  lang: UiLang;
  dir: 'rtl' | 'ltr';
  t: Strings;
  n: (x: number) => string;
}

/**
 * The interface language from the browser's preferred languages: Persian if it comes first among fa/en, else English.
 * Dari counts as Persian; Tajik only when written in the Persian script (`tg-Arab`): Tajik readers read Cyrillic.
 */
export function detectUiLang(languages: readonly string[]): UiLang {
  for (const l of languages) {
    const [base, script] = l.toLowerCase().split('-');
    if (base === 'fa' || base === 'prs' || (base === 'tg' && script === 'arab')) return 'fa';
    if (base === 'en') return 'en';
  }
  return 'en';
}

/** Builds the I18n value for a language. */
export function makeI18n(lang: UiLang): I18n {
  return { lang, dir: lang === 'fa' ? 'rtl' : 'ltr', t: STRINGS[lang], n: (x) => num(x, lang) };
}

export const I18nContext = createContext<I18n>(makeI18n('en'));

/** The current interface strings. */
export function useI18n(): I18n {
  return useContext(I18nContext);
}
