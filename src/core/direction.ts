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
]);

/** Language+region pairs whose likely script differs from the language's default one. */
const REGION_DIR: Record<string, Dir> = {
  'pa-pk': 'rtl',
  'uz-af': 'rtl',
  'az-ir': 'rtl',
  'sd-in': 'ltr',
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
