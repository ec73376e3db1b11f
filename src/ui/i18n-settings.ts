/**
 * The strings of Settings and the parts it opens (updates and their addresses, passing the app on, install help,
 * removing unverified articles, erase):
 * a lazy part beside i18n.ts, loaded with them. None is needed for the first paint, and what index.html loads has no
 * room to spare. Typed like i18n.ts, so every sentence exists in both languages.
 */
import { num, plural, type I18n } from './i18n';

const en = {
  /** The banner when a new version of the app (with the articles it brings) waits: a lazy part, shown once one does. */
  updateReady: 'An update is ready: new articles, a newer app, or both.',
  updateReload: 'Update now',
  updateLater: 'Later',
  updateAfterSave: 'Possible once the app finishes saving articles or a file.',
  lastChecked: (ago: string) => `Last successful check for new articles: ${ago}.`,
  neverChecked: 'No check for new articles has succeeded yet.',
  lastCheckedUnknown: 'Last successful check for new articles: time unknown (the device’s clock was changed).',
  language: 'Interface language',
  theme: 'Theme',
  themeLight: 'Light',
  themeDark: 'Dark',
  themeSystem: 'Follow the device',
  storage: 'Storage on this device',
  /** The browser's estimate covers everything the app keeps (articles, pictures, its offline copy), not the library alone. */
  storageUse: (used: string, free: string) =>
    `This app takes ${used} on this device (its articles, pictures and offline copy); the browser lets it use about ${free} more.`,
  storageUnknown: 'This browser does not say how much room is left.',
  storagePersistent: 'Protected: the browser will not clear the library to free space.',
  storageNotPersistent:
    'Not protected: the browser may clear the library if the device runs short of space. Installing the app to the home screen usually protects it.',
  storageProtect: 'Ask to protect the library',
  storageGranted: 'The browser agreed: it will not clear the library to free space.',
  storageRefused:
    'The browser did not agree: it may still clear the library if the device runs short of space. Installing the app on the home screen usually lets it protect the library; then ask again here.',
  publisherKey: 'Publisher key',
  publisherKeyHelp:
    'Compare this fingerprint with the one the publisher announces elsewhere. If they differ, this copy of the app is not genuine.',
  devKeyWarning: 'Development key: this build is for testing, not for readers.',
  eraseTitle: 'Erase everything',
  eraseHelp: 'Deletes every article, bookmark, setting and saved file of this app from this device.',
  eraseButton: 'Erase everything from this device',
  eraseConfirm: 'Erase every article, bookmark and setting of this app from this device? This cannot be undone.',
  eraseYes: 'Yes, erase everything',
  eraseHeld:
    'Another tab or window of this app still holds part of the library: it is erased as soon as you close the app’s other tabs and windows.',
  eraseCannot:
    'This app cannot erase: files you shared or saved (in messengers or Downloads), the browser’s history, and the home-screen icon. Remove those yourself.',
  about: 'About',
  aboutText:
    'Articles read offline after one visit, and travel as one file from phone to phone. Files are checked against the publisher’s signature before they join the library.',
  updatesTitle: 'New editions',
  updatesHelp:
    'The app asks its own address for new articles first, then the publisher’s other addresses. It takes only editions signed by the publisher and newer than the one it has.',
  checkNow: 'Check for updates now',
  checkAsking: (done: string, total: string) => `Asking the addresses… ${done} of ${total}`,
  checkEdition: 'A newer edition was found. Downloading and checking it…',
  checkDownloading: (done: string, total: string) => `Downloading the new edition… ${done} of ${total} parts`,
  checkSaving: 'Checked. Saving to the library…',
  checkPicturesEdition: 'Another address has the pictures this library lacks. Checking its edition…',
  checkPicturesDownloading: (done: string, total: string) => `Downloading the library’s pictures… ${done} of ${total} parts`,
  checkUpdated: (nth: string, added: string, updated: string) =>
    `Updated from the ${nth} address: ${plural(added, 'new article', 'new articles')}, ${updated} updated.`,
  checkCurrent: 'The library is up to date.',
  checkOwn: 'This app’s own address has a new edition: it comes with the app’s next update, which will ask you first.',
  checkNoAnswer:
    'No address answered. The library is unchanged; the app will try again later. Meanwhile, someone who has a newer library can give you its file: import it under “Import a file” below.',
  checkRefused:
    'The addresses that answered offered nothing this app can trust. The library is unchanged. Someone who has a newer library can give you its file: import it under “Import a file” below.',
  checkOffline: 'No connection. The library is unchanged.',
  checkNewerApp:
    'A newer edition was found, but it was made by a newer version of the app, which this version cannot read. The library is unchanged. Update the app: open this app’s own address once while online, when it can be reached. Meanwhile, someone who has the newer library can give you its file: it opens in any browser.',
  checkNotBrought: 'A newer edition was found but could not be brought. The library is unchanged; the app will try again later.',
  checkPicturesDone: (nth: string, total: string) =>
    `The library’s pictures came from the ${nth} address (${plural(total, 'part', 'parts')}): every picture is on this device now.`,
  checkPicturesPart: (nth: string, done: string, total: string) =>
    `${done} of ${total} parts of the library’s pictures came from the ${nth} address before the download stopped, and are kept.`,
  checkPicturesRest: 'The app brings the rest at its next check.',
  checkPicturesTextNow: 'With “Text now”, the rest come when you open their articles.',
  checkPicturesFull: 'The pictures stopped coming because this device is full. Free some space; the app brings the rest at its next check.',
  checkPicturesFailed: 'The pictures stopped coming because of a problem on this device. The app tries again at its next check.',
  checkNewerNotBrought: 'A newer edition was found too, but could not be brought; the app will try again later.',
  checkNewerRefused: 'A newer edition was offered too, but what was sent did not pass the checks; it was not taken.',
  checkNewerAppToo:
    'A newer edition was offered too, but it needs a newer version of this app: to update it, open this app’s own address once while online, when it can be reached.',
  ordinal: (n: number) =>
    ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'][n - 1] ??
    `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`,
  addresses: 'Addresses of this library',
  ownAddress: 'this app’s own address',
  addressStatus: {
    updated: 'answered: new edition stored',
    current: 'answered: up to date',
    answered: 'answered',
    older: 'refused: older edition',
    'bad-signature': 'refused: bad signature',
    tampered: 'refused: altered or damaged files',
    'newer-app': 'answered: its new edition needs a newer version of this app',
    'no-answer': 'blocked or no answer',
    'not-allowed': 'not reachable by this version of the app',
  },
  addressNotAsked: 'not asked yet',
  addressResting: 'nothing is downloaded from it for 24 hours after it was refused',
  addressRestingNewerApp: 'nothing more is downloaded from it for 24 hours, or until this app is updated',
  handOnTitle: 'Pass the app on',
  handOnHelp: 'Give a friend an address that works. The address that answered last is chosen first; the QR code is drawn on this device.',
  handOnAddress: 'Address',
  handOnCopy: 'Copy link',
  handOnCopied: 'Link copied.',
  handOnCopyFailed: 'This browser did not allow copying. Select the address and copy it by hand.',
  handOnShare: 'Share…',
  handOnQr: 'Show QR code',
  handOnQrLabel: (url: string) => `QR code of \u2066${url}\u2069`,
  handOnQrFailed: 'The QR code could not be drawn for this address (it may be too long). Copy or share the link instead.',
  handOnShareFailed: 'This browser could not share the link. Copy it instead.',
  installIosTitle: 'iPhone and iPad (Safari)',
  installIos: ['Open this page in Safari.', 'Tap the Share button (a square with an arrow).', 'Choose “Add to Home Screen”, then “Add”.'],
  installAndroidTitle: 'Android and computers (Chrome, Edge, Samsung Internet)',
  installAndroid: ['Open the browser menu (⋮).', 'Choose “Install app” or “Add to Home screen”.'],
  sampleText: 'This is how the text of an article will look.',
  erased: 'Erased. This app’s articles, bookmarks, settings and offline copy are gone from this device.',
  unverifiedTitle: 'Unverified articles',
  unverifiedHeld: (n: string) =>
    `The library holds ${plural(n, 'unverified article', 'unverified articles')}: imported anyway from files signed by a key this app does not trust.`,
  unverifiedHelp:
    'Removing them deletes them, their reading places and bookmarks, and the pictures only they use. Verified articles stay, and the publisher’s genuine copies can still come later.',
  unverifiedButton: 'Remove unverified articles',
  unverifiedConfirm: (n: string) =>
    `Remove ${plural(n, 'unverified article', 'unverified articles')} from this device? To have one back, import its file again.`,
  unverifiedYes: 'Yes, remove them',
  unverifiedRemoving: 'Removing the unverified articles…',
  unverifiedRemoved: (n: string) => `${plural(n, 'unverified article', 'unverified articles')} removed.`,
  unverifiedFailed: 'The unverified articles could not be removed. Nothing was changed. Try again; if it happens again, reload the app.',
};

type SettingsStrings = typeof en;

const fa: SettingsStrings = {
  updateReady: 'به‌روزرسانی آماده است: مقاله‌های تازه، نسخهٔ تازهٔ برنامه یا هر دو.',
  updateReload: 'همین حالا به‌روز کن',
  updateLater: 'بعداً',
  updateAfterSave: 'وقتی ذخیرهٔ مقاله‌ها یا فایل تمام شد، ممکن می‌شود.',
  lastChecked: (ago: string) => `آخرین بررسیِ موفق برای مقاله‌های تازه: ${ago}.`,
  neverChecked: 'هنوز هیچ بررسی‌ای برای مقاله‌های تازه موفق نبوده است.',
  lastCheckedUnknown: 'آخرین بررسیِ موفق برای مقاله‌های تازه: زمانش معلوم نیست (ساعتِ دستگاه تغییر کرده است).',
  language: 'زبان رابط',
  theme: 'پوسته',
  themeLight: 'روشن',
  themeDark: 'تیره',
  themeSystem: 'مطابق دستگاه',
  storage: 'فضای این دستگاه',
  storageUse: (used, free) =>
    `این برنامه ${used} از جای این دستگاه را گرفته است (مقاله‌ها، تصویرها و نسخهٔ بی‌اینترنتش)؛ مرورگر حدود ${free} جای دیگر به آن می‌دهد.`,
  storageUnknown: 'این مرورگر نمی‌گوید چقدر جا مانده است.',
  storagePersistent: 'محافظت‌شده: مرورگر برای آزاد کردن جا کتابخانه را پاک نمی‌کند.',
  storageNotPersistent:
    'محافظت‌نشده: اگر جای دستگاه کم شود، مرورگر ممکن است کتابخانه را پاک کند. نصب برنامه روی صفحهٔ اصلی معمولاً از آن محافظت می‌کند.',
  storageProtect: 'درخواست محافظت از کتابخانه',
  storageGranted: 'مرورگر پذیرفت: برای آزاد کردن جا کتابخانه را پاک نمی‌کند.',
  storageRefused:
    'مرورگر نپذیرفت: اگر جای دستگاه کم شود، ممکن است همچنان کتابخانه را پاک کند. نصب برنامه روی صفحهٔ اصلی معمولاً به مرورگر اجازه می‌دهد از کتابخانه محافظت کند؛ پس از آن، دوباره همین‌جا درخواست کنید.',
  publisherKey: 'کلید ناشر',
  publisherKeyHelp: 'این اثر انگشت را با آنچه ناشر در جای دیگری اعلام کرده مقایسه کنید. اگر فرق دارد، این نسخهٔ برنامه اصل نیست.',
  devKeyWarning: 'کلید آزمایشی: این نسخه برای آزمایش است، نه برای خوانندگان.',
  eraseTitle: 'پاک کردن همه چیز',
  eraseHelp: 'همهٔ مقاله‌ها، نشانک‌ها، تنظیمات و فایل‌های ذخیره‌شدهٔ این برنامه را از این دستگاه پاک می‌کند.',
  eraseButton: 'پاک کردن همه چیز از این دستگاه',
  eraseConfirm: 'همهٔ مقاله‌ها، نشانک‌ها و تنظیمات این برنامه از این دستگاه پاک شود؟ این کار برگشت‌پذیر نیست.',
  eraseYes: 'بله، همه را پاک کن',
  eraseHeld:
    'زبانه یا پنجرهٔ دیگری از این برنامه هنوز بخشی از کتابخانه را در دست دارد: همین که زبانه‌ها و پنجره‌های دیگر برنامه را ببندید، پاک می‌شود.',
  eraseCannot:
    'این برنامه این‌ها را نمی‌تواند پاک کند: فایل‌هایی که هم‌رسانی یا ذخیره کرده‌اید (در پیام‌رسان‌ها یا پوشهٔ دانلود)، تاریخچهٔ مرورگر، و نماد روی صفحهٔ اصلی. آن‌ها را خودتان پاک کنید.',
  about: 'درباره',
  aboutText:
    'مقاله‌ها پس از یک بار بازدید بدون اینترنت خوانده می‌شوند و به‌صورت یک فایل از گوشی به گوشی می‌روند. هر فایل پیش از افزوده شدن به کتابخانه با امضای ناشر سنجیده می‌شود.',
  updatesTitle: 'ویرایش‌های تازه',
  updatesHelp:
    'برنامه نخست از نشانی خودش مقاله‌های تازه را می‌پرسد، سپس از نشانی‌های دیگر ناشر. فقط ویرایشی را می‌پذیرد که ناشر امضا کرده و از ویرایشِ موجود تازه‌تر است.',
  checkNow: 'همین حالا به‌روزرسانی را بررسی کن',
  checkAsking: (done, total) => `در حال پرسیدن از نشانی‌ها… ${done} از ${total}`,
  checkEdition: 'ویرایش تازه‌تری پیدا شد. در حال دریافت و بررسی آن…',
  checkDownloading: (done, total) => `در حال دریافت ویرایش تازه… ${done} از ${total} بخش`,
  checkSaving: 'بررسی شد. در حال ذخیره در کتابخانه…',
  checkPicturesEdition: 'نشانی دیگری تصویرهایی را دارد که این کتابخانه ندارد. در حال بررسی ویرایش آن…',
  checkPicturesDownloading: (done, total) => `در حال دریافت تصویرهای کتابخانه… ${done} از ${total} بخش`,
  checkUpdated: (nth, added, updated) => `از نشانی ${nth} به‌روز شد: ${added} مقالهٔ تازه، ${updated} به‌روزشده.`,
  checkCurrent: 'کتابخانه به‌روز است.',
  checkOwn: 'نشانیِ خودِ این برنامه ویرایش تازه‌ای دارد: با به‌روزرسانیِ بعدیِ برنامه می‌رسد، که پیش از آن از شما می‌پرسد.',
  checkNoAnswer:
    'هیچ نشانی‌ای پاسخ نداد. کتابخانه تغییری نکرد؛ برنامه بعداً دوباره تلاش می‌کند. تا آن زمان می‌توانید فایلِ کتابخانهٔ تازه‌تر را از کسی که آن را دارد بگیرید و در بخشِ «وارد کردن فایل» در پایینِ همین صفحه وارد کنید.',
  checkRefused:
    'نشانی‌هایی که پاسخ دادند چیزی که این برنامه بتواند به آن اعتماد کند نداشتند. کتابخانه تغییری نکرد. می‌توانید فایلِ کتابخانهٔ تازه‌تر را از کسی که آن را دارد بگیرید و در بخشِ «وارد کردن فایل» در پایینِ همین صفحه وارد کنید.',
  checkOffline: 'اتصال برقرار نیست. کتابخانه تغییری نکرد.',
  checkNewerApp:
    'ویرایش تازه‌تری پیدا شد، اما با نسخهٔ تازه‌تری از برنامه ساخته شده که این نسخه نمی‌تواند آن را بخواند. کتابخانه تغییری نکرد. برنامه را به‌روز کنید: هر وقت نشانیِ خودِ برنامه در دسترس بود، یک بار با اینترنت آن را باز کنید. تا آن زمان، کسی که کتابخانهٔ تازه‌تر را دارد می‌تواند فایلش را به شما بدهد: در هر مرورگری باز می‌شود.',
  checkNotBrought: 'ویرایش تازه‌تری پیدا شد، اما دریافت آن ممکن نشد. کتابخانه تغییری نکرد؛ برنامه بعداً دوباره تلاش می‌کند.',
  checkPicturesDone: (nth, total) => `تصویرهای کتابخانه از نشانی ${nth} رسید (${total} بخش): اکنون همهٔ تصویرها روی این دستگاه است.`,
  checkPicturesPart: (nth, done, total) =>
    `${done} از ${total} بخشِ تصویرهای کتابخانه پیش از قطع شدنِ دریافت از نشانی ${nth} رسید و نگه داشته شد.`,
  checkPicturesRest: 'برنامه بقیه را در بررسیِ بعدی می‌آورد.',
  checkPicturesTextNow: 'با «متن همین حالا»، بقیه وقتی مقاله‌هایشان را باز کنید می‌رسند.',
  checkPicturesFull: 'دریافت تصویرها متوقف شد، چون جای این دستگاه پر است. کمی جا باز کنید؛ برنامه بقیه را در بررسیِ بعدی می‌آورد.',
  checkPicturesFailed: 'دریافت تصویرها به‌سبب مشکلی در این دستگاه متوقف شد. برنامه در بررسیِ بعدی دوباره تلاش می‌کند.',
  checkNewerNotBrought: 'ویرایش تازه‌تری هم پیدا شد، اما دریافت آن ممکن نشد؛ برنامه بعداً دوباره تلاش می‌کند.',
  checkNewerRefused: 'ویرایش تازه‌تری هم پیشنهاد شد، اما آنچه فرستاده شد از بررسی‌ها نگذشت؛ پذیرفته نشد.',
  checkNewerAppToo:
    'ویرایش تازه‌تری هم پیشنهاد شد، اما به نسخهٔ تازه‌تری از این برنامه نیاز دارد: برای به‌روز کردن برنامه، هر وقت نشانیِ خودِ آن در دسترس بود، یک بار با اینترنت بازش کنید.',
  ordinal: (n) => ['اول', 'دوم', 'سوم', 'چهارم', 'پنجم', 'ششم', 'هفتم', 'هشتم', 'نهم', 'دهم'][n - 1] ?? `${num(n, 'fa')}ام`,
  addresses: 'نشانی‌های این کتابخانه',
  ownAddress: 'نشانیِ خودِ این برنامه',
  addressStatus: {
    updated: 'پاسخ داد: ویرایش تازه ذخیره شد',
    current: 'پاسخ داد: به‌روز است',
    answered: 'پاسخ داد',
    older: 'رد شد: ویرایش قدیمی‌تر',
    'bad-signature': 'رد شد: امضای نامعتبر',
    tampered: 'رد شد: فایل‌های دست‌کاری‌شده یا آسیب‌دیده',
    'newer-app': 'پاسخ داد: ویرایش تازه‌اش به نسخهٔ تازه‌تری از این برنامه نیاز دارد',
    'no-answer': 'مسدود یا بی‌پاسخ',
    'not-allowed': 'این نسخهٔ برنامه به آن دسترسی ندارد',
  },
  addressNotAsked: 'هنوز پرسیده نشده',
  addressResting: 'تا ۲۴ ساعت پس از رد شدن، چیزی از آن دریافت نمی‌شود',
  addressRestingNewerApp: 'تا ۲۴ ساعت، یا تا به‌روز شدنِ این برنامه، چیز دیگری از آن دریافت نمی‌شود',
  handOnTitle: 'برنامه را به دیگران بدهید',
  handOnHelp: 'نشانی‌ای را که کار می‌کند به دوستتان بدهید. نشانی‌ای که آخرین بار پاسخ داد پیش‌فرض است؛ کد QR روی همین دستگاه ساخته می‌شود.',
  handOnAddress: 'نشانی',
  handOnCopy: 'رونوشت پیوند',
  handOnCopied: 'پیوند رونوشت شد.',
  handOnCopyFailed: 'این مرورگر اجازهٔ رونوشت نداد. نشانی را انتخاب کنید و دستی رونوشت بگیرید.',
  handOnShare: 'هم‌رسانی…',
  handOnQr: 'نمایش کد QR',
  handOnQrLabel: (url) => `کد QR نشانی \u2066${url}\u2069`,
  handOnQrFailed: 'کد QR این نشانی ساخته نشد (شاید نشانی بیش از حد بلند است). به‌جای آن، پیوند را رونوشت یا هم‌رسانی کنید.',
  handOnShareFailed: 'این مرورگر نتوانست پیوند را هم‌رسانی کند. به‌جای آن، پیوند را رونوشت کنید.',
  installIosTitle: 'آیفون و آیپد (سافاری)',
  installIos: ['این صفحه را در سافاری باز کنید.', 'دکمهٔ هم‌رسانی (مربعی با پیکان) را بزنید.', '«Add to Home Screen» را بزنید و سپس «Add».'],
  installAndroidTitle: 'اندروید و رایانه (کروم، اج، سامسونگ اینترنت)',
  installAndroid: ['منوی مرورگر (⋮) را باز کنید.', '«نصب برنامه» (Install app) یا «افزودن به صفحهٔ اصلی» را بزنید.'],
  sampleText: 'متن مقاله‌ها این‌گونه دیده می‌شود.',
  erased: 'پاک شد. مقاله‌ها، نشانک‌ها، تنظیمات و نسخهٔ بی‌اینترنتِ این برنامه از این دستگاه رفته‌اند.',
  unverifiedTitle: 'مقاله‌های تأییدنشده',
  unverifiedHeld: (n) =>
    `کتابخانه ${n} مقالهٔ تأییدنشده دارد: از فایل‌هایی که با کلیدی ناآشنا برای این برنامه امضا شده بودند، با برچسب تأییدنشده وارد شده‌اند.`,
  unverifiedHelp:
    'حذف آن‌ها، خودشان، جای خواندن و نشانک‌هایشان و تصویرهایی را که فقط آن‌ها به کار می‌برند پاک می‌کند. مقاله‌های تأییدشده می‌مانند و نسخهٔ اصلِ ناشر همچنان می‌تواند بعداً برسد.',
  unverifiedButton: 'حذف مقاله‌های تأییدنشده',
  unverifiedConfirm: (n) => `${n} مقالهٔ تأییدنشده از این دستگاه حذف شود؟ برای داشتن دوبارهٔ هر کدام، باید فایلش را دوباره وارد کنید.`,
  unverifiedYes: 'بله، حذف کن',
  unverifiedRemoving: 'در حال حذف مقاله‌های تأییدنشده…',
  unverifiedRemoved: (n) => `${n} مقالهٔ تأییدنشده حذف شد.`,
  unverifiedFailed: 'مقاله‌های تأییدنشده حذف نشدند. چیزی تغییر نکرد. دوباره امتحان کنید؛ اگر باز هم پیش آمد، برنامه را دوباره باز کنید.',
};

const STRINGS = { en, fa };
const merged = new WeakMap<I18n, I18n['t'] & SettingsStrings>();

/** The interface's strings with Settings' own, in the interface language (one object per language, kept). */
export function settingsText(i: I18n): I18n['t'] & SettingsStrings {
  let t = merged.get(i);
  if (!t) merged.set(i, (t = { ...i.t, ...STRINGS[i.lang] }));
  return t;
}

/** Settings' strings in each language, for tests that check what a page says. */
export const SETTINGS_STRINGS = STRINGS;
