/** Text direction of a BCP 47 language tag: right-to-left for RTL scripts and the languages written in them by default. */
import type { Dir } from './types';

/** ISO 15924 codes (lowercase) of scripts written right to left. */
const RTL_SCRIPTS = new Set([
  'adlm',
  'arab',
  'aran',
  'armi',
  'avst',
  'chrs',
  'cprt',
  'elym',
  'hatr',
  'hebr',
  'hung',
  'khar',
  'lydi',
  'mand',
  'mani',
  'mend',
  'merc',
  'mero',
  'narb',
  'nbat',
  'nkoo',
  'orkh',
  'ougr',
  'palm',
  'phli',
  'phlp',
  'phlv',
  'phnx',
  'prti',
  'rohg',
  'samr',
  'sarb',
  'sogd',
  'sogo',
  'syrc',
  'syre',
  'syrj',
  'syrn',
  'thaa',
  'yezi',
]);

/** Languages whose default script (CLDR likely subtags) is right-to-left. */
const RTL_LANGUAGES = new Set([
  // Arabic and its varieties
  'ar',
  'arb',
  'arz',
  'ary',
  'arq',
  'apc',
  'ajp',
  'acm',
  'acq',
  'acw',
  'acx',
  'adf',
  'aeb',
  'aec',
  'afb',
  'apd',
  'ars',
  'auz',
  'avl',
  'ayl',
  'abh',
  'abv',
  'aao',
  'shu',
  'ssh',
  // Persian, Kurdish (Sorani and southern), Pashto, Urdu and other Arabic-script languages
  'fa',
  'prs',
  'pes',
  'ckb',
  'sdh',
  'lrc',
  'luz',
  'bqi',
  'mzn',
  'glk',
  'hac',
  'ps',
  'pbt',
  'pbu',
  'ur',
  'sd',
  'ks',
  'pnb',
  'skr',
  'khw',
  'bal',
  'bgn',
  'bcc',
  'brh',
  'azb',
  'ug',
  'ota',
  // Hebrew-script languages
  'he',
  'iw',
  'yi',
  'ji',
  'ydd',
  'yih',
  'lad',
  'jrb',
  'jpr',
  // Thaana, Syriac, Aramaic, N'Ko, Mandaic, Samaritan, Rohingya
  'dv',
  'syr',
  'aii',
  'cld',
  'tru',
  'arc',
  'nqo',
  'mid',
  'myz',
  'sam',
  'smp',
  'rhg',
  // The rest of CLDR's right-to-left languages (likely subtags, CLDR 48): rarer languages, 3-letter forms of the
  // codes above (ara, fas, heb, urd, ...) and Hazaragi (haz). Checked against the platform's CLDR in direction.test.ts.
  ...(
    'ae aee aeq aib aij aiq ajt aju amw ara ask atn auj avd ave ayh ayn ayp bdz bej bft bgp bhe bhm bhn ' +
    'bjf bjm brk bsh bsk chg cja clh czk dcc def deh dgl div dmk dml drw ecy esh fas fay faz fia fub gbz ' +
    'ggg gha ghr gig gjk gju glh grr gwc gwf gwt gzi haz hbo heb hkh hnd hno hoh hrt hrz hss huy isk itk ' +
    'jad jat jbe jbn jdg jnd jog jpa jye kas kbu kby kcy kfm klj kmz kqd ktl kvx kxp kzh lah lhs lki lrk ' +
    'lrl lsa lsd lss luv mby mde mey mfa mfi mhj mki mnj mve mvy mzb nli nlm ntz nyq oar obm odk oru otk ' +
    'oui pal per pgd phl phn phr phv plk pmu prc prd prx psh psi pst pus qxq rdb rmt sbn scl sdb sdf sdg ' +
    'sds sgl sgr sgy shd shm shv siy siz smy snd sog sqo sqt srh srz sts swb syc syn tjo tks tmr tnf tov ' +
    'tra trg trm trw uig urd ush uzs vaf vgr vmh wbk wlo wne wni wsv xco xhe xka xkc xkj xkp xld xly xmn ' +
    'xmr xna xpr xsa xvi ydg yhd yid yud zba zdj zrp zum'
  ).split(' '),
]);

/** Language+region pairs whose likely script differs from the language's default one (every such pair in CLDR 48). */
const REGION_DIR: Record<string, Dir> = {
  'pa-pk': 'rtl',
  'uz-af': 'rtl',
  'az-ir': 'rtl',
  'az-iq': 'rtl',
  'sd-in': 'ltr',
  // Kurdish: Sorani in the Arabic script in Iraq, Iran and Lebanon; Kurmanji (ku, ku-TR) in the Latin script.
  'ku-iq': 'rtl',
  'ku-ir': 'rtl',
  'ku-lb': 'rtl',
  'ha-cm': 'rtl',
  'ha-sd': 'rtl',
  'kk-af': 'rtl',
  'kk-cn': 'rtl',
  'kk-ir': 'rtl',
  'kk-mn': 'rtl',
  'ky-cn': 'rtl',
  'ms-cc': 'rtl',
  'tg-pk': 'rtl',
  'mey-sn': 'ltr',
  'ug-kz': 'ltr',
  'ug-mn': 'ltr',
};

/** Right-to-left when the tag's script (explicit, or the language's usual one) is written right to left; else left-to-right. */
export function directionOf(lang: string): Dir {
  const parts = lang.trim().toLowerCase().split(/[-_]/);
  const language = parts[0] ?? '';
  let i = 1;
  // Skip extended language subtags (e.g. "ar-aao"): three letters right after the language.
  while (i < parts.length && i <= 3 && /^[a-z]{3}$/.test(parts[i]!)) i++;
  const script = parts[i] !== undefined && /^[a-z]{4}$/.test(parts[i]!) ? parts[i] : undefined;
  if (script !== undefined) return RTL_SCRIPTS.has(script) ? 'rtl' : 'ltr';
  const region = parts[i];
  if (region !== undefined && /^(?:[a-z]{2}|\d{3})$/.test(region)) {
    const byRegion = REGION_DIR[`${language}-${region}`];
    if (byRegion) return byRegion;
  }
  // An extended language subtag names the real language ("zh-yue", "ar-arz"); the macrolanguage decides otherwise.
  const extlang = i > 1 ? parts[1] : undefined;
  if (extlang !== undefined && RTL_LANGUAGES.has(extlang)) return 'rtl';
  return RTL_LANGUAGES.has(language) ? 'rtl' : 'ltr';
}
