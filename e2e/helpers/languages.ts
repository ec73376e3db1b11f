// Owns the word lists the synthetic library is written from: one entry per language, many scripts, both directions.

/** How one language's synthetic text is put together. */
export interface LanguageSample {
  lang: string;
  dir: 'ltr' | 'rtl';
  /** Common words, written by hand for this project (some with ZWNJ, some multi-word). */
  words: string[];
  /** Between words: '' for scripts written without spaces. */
  space: string;
  /** Sentence end and the comma of the script. */
  stop: string;
  comma: string;
  /** The script has upper and lower case (capitalise titles and sentences). */
  cased: boolean;
  /** Digits 0-9 of the script, when numbers are written with their own digits. */
  digits?: string;
  /** A word in the script for an article slug (letters only), or none to use a Latin slug. */
  slugWord?: string;
  /** Relative weight when picking languages. */
  weight: number;
}

const split = (s: string): string[] => s.trim().split(/\s*\|\s*/);

/** Every language the generator writes, Persian and English first. */
export const LANGUAGES: LanguageSample[] = [
  {
    lang: 'fa',
    dir: 'rtl',
    space: ' ',
    stop: '.',
    comma: '،',
    cased: false,
    digits: '۰۱۲۳۴۵۶۷۸۹',
    slugWord: 'نوشته',
    weight: 30,
    words: split(`کتاب | خانه | شهر | مردم | روز | شب | آب | دریا | کوه | باران | خیابان | مدرسه | دانشگاه | نامه | خبر |
      آزادی | زندگی | امید | راه | دوست | خانواده | نان | بازار | زمستان | بهار | تابستان | پاییز | نور | صدا | تاریخ |
      می‌خواند | می‌نویسد | کتاب‌ها | خانه‌ها | نمی‌داند | است | بود | و | در | از | به | با | این | آن | برای | که | را |
      کودکان | معلم | پنجره | کوچه | آسمان | ستاره | شعر | قصه | گفت‌وگو | روزنامه | تلفن | پیام | سفر | باغ`),
  },
  {
    lang: 'en',
    dir: 'ltr',
    space: ' ',
    stop: '.',
    comma: ',',
    cased: true,
    weight: 20,
    words: split(`the | reader | library | city | river | morning | people | light | story | road | market | school | winter |
      garden | letter | window | history | music | family | bread | mountain | journey | voice | paper | bridge | friend |
      quiet | open | small | new | old | long | bright | careful | reads | writes | carries | finds | keeps | opens |
      shares | remembers | and | of | in | with | for | from | after | before | every | night | station | teacher`),
  },
  {
    lang: 'ar',
    dir: 'rtl',
    space: ' ',
    stop: '.',
    comma: '،',
    cased: false,
    digits: '٠١٢٣٤٥٦٧٨٩',
    slugWord: 'مقال',
    weight: 6,
    words: split(`كتاب | مدينة | الناس | يوم | ليل | ماء | بحر | جبل | مطر | شارع | مدرسة | جامعة | رسالة | خبر | حرية |
      حياة | أمل | طريق | صديق | عائلة | خبز | سوق | شتاء | ربيع | نور | صوت | تاريخ | يقرأ | يكتب | في | من | إلى |
      على | مع | هذا | التي | الذي | كان | المكتبة | الصباح | نافذة | سماء`),
  },
  {
    lang: 'he',
    dir: 'rtl',
    space: ' ',
    stop: '.',
    comma: ',',
    cased: false,
    slugWord: 'מאמר',
    weight: 4,
    words: split(`ספר | עיר | אנשים | יום | לילה | מים | ים | הר | גשם | רחוב | בית ספר | אוניברסיטה | מכתב | חדשות | חופש |
      חיים | תקווה | דרך | חבר | משפחה | לחם | שוק | חורף | אביב | אור | קול | היסטוריה | קורא | כותב | של | עם | על |
      זה | היא | הוא | אבל | חלון | שמיים`),
  },
  {
    lang: 'ur',
    dir: 'rtl',
    space: ' ',
    stop: '۔',
    comma: '،',
    cased: false,
    weight: 3,
    words: split(`کتاب | شہر | لوگ | دن | رات | پانی | سمندر | پہاڑ | بارش | سڑک | اسکول | یونیورسٹی | خط | خبر | آزادی |
      زندگی | امید | راستہ | دوست | خاندان | روٹی | بازار | سردی | بہار | روشنی | آواز | تاریخ | پڑھتا | لکھتا | ہے |
      اور | میں | سے | کا | کی`),
  },
  {
    lang: 'ps',
    dir: 'rtl',
    space: ' ',
    stop: '.',
    comma: '،',
    cased: false,
    weight: 2,
    words: split(`کتاب | ښار | خلک | ورځ | شپه | اوبه | سمندر | غر | باران | سړک | ښوونځی | لیک | خبر | آزادي | ژوند |
      هیله | لاره | ملګری | کورنۍ | ډوډۍ | بازار | ژمی | پسرلی | رڼا | غږ | تاریخ | لولي | لیکي | او | په | د | دا`),
  },
  {
    lang: 'zh',
    dir: 'ltr',
    space: '',
    stop: '。',
    comma: '，',
    cased: false,
    slugWord: '文章',
    weight: 4,
    words: split(`书 | 城市 | 人们 | 今天 | 晚上 | 河流 | 山 | 雨 | 街道 | 学校 | 大学 | 信 | 新闻 | 自由 | 生活 | 希望 | 道路 |
      朋友 | 家庭 | 面包 | 市场 | 冬天 | 春天 | 光 | 声音 | 历史 | 阅读 | 写作 | 我们 | 他们 | 在 | 和 | 的 | 是 | 很 |
      一个 | 这个 | 图书馆 | 窗户`),
  },
  {
    lang: 'ja',
    dir: 'ltr',
    space: '',
    stop: '。',
    comma: '、',
    cased: false,
    weight: 3,
    words: split(`本 | 町 | 人々 | 今日 | 夜 | 水 | 海 | 山 | 雨 | 通り | 学校 | 大学 | 手紙 | ニュース | 自由 | 生活 | 希望 |
      道 | 友達 | 家族 | パン | 市場 | 冬 | 春 | 光 | 声 | 歴史 | 読む | 書く | そして | の | は | を | に | が | 図書館`),
  },
  {
    lang: 'ko',
    dir: 'ltr',
    space: ' ',
    stop: '.',
    comma: ',',
    cased: false,
    slugWord: '글',
    weight: 3,
    words: split(`책 | 도시 | 사람들 | 오늘 | 밤 | 물 | 바다 | 산 | 비 | 거리 | 학교 | 대학교 | 편지 | 소식 | 자유 | 삶 |
      희망 | 길 | 친구 | 가족 | 빵 | 시장 | 겨울 | 봄 | 빛 | 목소리 | 역사 | 읽는다 | 쓴다 | 그리고 | 도서관 | 창문`),
  },
  {
    lang: 'hi',
    dir: 'ltr',
    space: ' ',
    stop: '।',
    comma: ',',
    cased: false,
    weight: 3,
    words: split(`किताब | शहर | लोग | दिन | रात | पानी | समुद्र | पहाड़ | बारिश | सड़क | स्कूल | विश्वविद्यालय | पत्र | समाचार |
      आज़ादी | जीवन | उम्मीद | रास्ता | दोस्त | परिवार | रोटी | बाज़ार | सर्दी | वसंत | रोशनी | आवाज़ | इतिहास | पढ़ता |
      लिखता | है | और | में | से | का | की | के | यह | वह`),
  },
  {
    lang: 'bn',
    dir: 'ltr',
    space: ' ',
    stop: '।',
    comma: ',',
    cased: false,
    weight: 2,
    words: split(`বই | শহর | মানুষ | দিন | রাত | জল | সমুদ্র | পাহাড় | বৃষ্টি | রাস্তা | স্কুল | বিশ্ববিদ্যালয় | চিঠি | খবর |
      স্বাধীনতা | জীবন | আশা | পথ | বন্ধু | পরিবার | রুটি | বাজার | শীত | বসন্ত | আলো | কণ্ঠ | ইতিহাস | পড়ে | লেখে |
      এবং | মধ্যে | এই | হয়`),
  },
  {
    lang: 'ta',
    dir: 'ltr',
    space: ' ',
    stop: '.',
    comma: ',',
    cased: false,
    weight: 2,
    words: split(`புத்தகம் | நகரம் | மக்கள் | நாள் | இரவு | தண்ணீர் | கடல் | மலை | மழை | தெரு | பள்ளி | பல்கலைக்கழகம் |
      கடிதம் | செய்தி | சுதந்திரம் | வாழ்க்கை | நம்பிக்கை | வழி | நண்பர் | குடும்பம் | ரொட்டி | சந்தை | குளிர்காலம் |
      ஒளி | குரல் | வரலாறு | படிக்கிறார் | எழுதுகிறார் | மற்றும் | இது`),
  },
  {
    lang: 'th',
    dir: 'ltr',
    space: '',
    stop: ' ',
    comma: ' ',
    cased: false,
    weight: 2,
    words: split(`หนังสือ | เมือง | ผู้คน | วัน | กลางคืน | น้ำ | ทะเล | ภูเขา | ฝน | ถนน | โรงเรียน | มหาวิทยาลัย | จดหมาย |
      ข่าว | อิสรภาพ | ชีวิต | ความหวัง | ทาง | เพื่อน | ครอบครัว | ขนมปัง | ตลาด | ฤดูหนาว | แสง | เสียง |
      ประวัติศาสตร์ | อ่าน | เขียน | และ | ใน | ของ | เป็น | นี้`),
  },
  {
    lang: 'am',
    dir: 'ltr',
    space: ' ',
    stop: '።',
    comma: '፣',
    cased: false,
    weight: 2,
    words: split(`መጽሐፍ | ከተማ | ሰዎች | ቀን | ሌሊት | ውሃ | ባሕር | ተራራ | ዝናብ | መንገድ | ትምህርት ቤት | ደብዳቤ | ዜና | ነጻነት |
      ሕይወት | ተስፋ | ጓደኛ | ቤተሰብ | ዳቦ | ገበያ | ብርሃን | ድምፅ | ታሪክ | ያነባል | ይጽፋል | እና | ውስጥ | ነው | ይህ`),
  },
  {
    lang: 'ru',
    dir: 'ltr',
    space: ' ',
    stop: '.',
    comma: ',',
    cased: true,
    slugWord: 'статья',
    weight: 4,
    words: split(`книга | город | люди | день | ночь | вода | море | гора | дождь | улица | школа | университет | письмо |
      новости | свобода | жизнь | надежда | дорога | друг | семья | хлеб | рынок | зима | весна | свет | голос | история |
      читает | пишет | и | в | на | с | это | мы | они | библиотека | окно`),
  },
  {
    lang: 'el',
    dir: 'ltr',
    space: ' ',
    stop: '.',
    comma: ',',
    cased: true,
    slugWord: 'άρθρο',
    weight: 2,
    words: split(`βιβλίο | πόλη | άνθρωποι | μέρα | νύχτα | νερό | θάλασσα | βουνό | βροχή | δρόμος | σχολείο | πανεπιστήμιο |
      γράμμα | ειδήσεις | ελευθερία | ζωή | ελπίδα | φίλος | οικογένεια | ψωμί | αγορά | χειμώνας | άνοιξη | φως | φωνή |
      ιστορία | διαβάζει | γράφει | και | στο | με | από | αυτό`),
  },
  {
    lang: 'hy',
    dir: 'ltr',
    space: ' ',
    stop: '։',
    comma: ',',
    cased: true,
    weight: 2,
    words: split(`գիրք | քաղաք | մարդիկ | օր | գիշեր | ջուր | ծով | լեռ | անձրև | փողոց | դպրոց | համալսարան | նամակ |
      լուր | ազատություն | կյանք | հույս | ճանապարհ | ընկեր | ընտանիք | հաց | շուկա | ձմեռ | գարուն | լույս | ձայն |
      պատմություն | կարդում | գրում | և | մեջ | է | այս`),
  },
  {
    lang: 'ka',
    dir: 'ltr',
    space: ' ',
    stop: '.',
    comma: ',',
    cased: false,
    weight: 2,
    words: split(`წიგნი | ქალაქი | ხალხი | დღე | ღამე | წყალი | ზღვა | მთა | წვიმა | ქუჩა | სკოლა | უნივერსიტეტი | წერილი |
      ამბები | თავისუფლება | ცხოვრება | იმედი | გზა | მეგობარი | ოჯახი | პური | ბაზარი | ზამთარი | გაზაფხული |
      სინათლე | ხმა | ისტორია | კითხულობს | წერს | და | არის | ეს`),
  },
  {
    lang: 'es',
    dir: 'ltr',
    space: ' ',
    stop: '.',
    comma: ',',
    cased: true,
    weight: 2,
    words: split(`libro | ciudad | gente | día | noche | agua | mar | montaña | lluvia | calle | escuela | universidad | carta |
      noticias | libertad | vida | esperanza | camino | amigo | familia | pan | mercado | invierno | primavera | luz | voz |
      historia | lee | escribe | y | en | de | con | este | niño | corazón`),
  },
  {
    lang: 'vi',
    dir: 'ltr',
    space: ' ',
    stop: '.',
    comma: ',',
    cased: true,
    weight: 2,
    words: split(`sách | thành phố | người | ngày | đêm | nước | biển | núi | mưa | đường | trường học | đại học | thư |
      tin tức | tự do | cuộc sống | hy vọng | con đường | bạn | gia đình | bánh mì | chợ | mùa đông | mùa xuân |
      ánh sáng | giọng nói | lịch sử | đọc | viết | và | trong | của | với | này`),
  },
];
