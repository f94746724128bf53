// Names accepted in \p{...} (Go 1.25's regexp/syntax: general categories, their aliases, scripts, Any, ASCII,
// Assigned), mapped to JavaScript property escapes, and the code points (?i) adds to them.
import { foldOrbit, foldableCodePoints, MAX_RUNE, type Ranges } from './regexp-charclass';

const CATEGORIES =
  'C Cc Cf Cn Co Cs L LC Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs';

// unicode.CategoryAliases, keyed as Go looks them up (case, spaces, '_' and '-' ignored).
const CATEGORY_ALIASES: Readonly<Record<string, string>> = {
  other: 'C',
  control: 'Cc',
  cntrl: 'Cc',
  format: 'Cf',
  unassigned: 'Cn',
  privateuse: 'Co',
  surrogate: 'Cs',
  letter: 'L',
  casedletter: 'LC',
  lowercaseletter: 'Ll',
  modifierletter: 'Lm',
  otherletter: 'Lo',
  titlecaseletter: 'Lt',
  uppercaseletter: 'Lu',
  mark: 'M',
  combiningmark: 'M',
  spacingmark: 'Mc',
  enclosingmark: 'Me',
  nonspacingmark: 'Mn',
  number: 'N',
  decimalnumber: 'Nd',
  digit: 'Nd',
  letternumber: 'Nl',
  othernumber: 'No',
  punctuation: 'P',
  punct: 'P',
  connectorpunctuation: 'Pc',
  dashpunctuation: 'Pd',
  closepunctuation: 'Pe',
  finalpunctuation: 'Pf',
  initialpunctuation: 'Pi',
  otherpunctuation: 'Po',
  openpunctuation: 'Ps',
  symbol: 'S',
  currencysymbol: 'Sc',
  modifiersymbol: 'Sk',
  mathsymbol: 'Sm',
  othersymbol: 'So',
  separator: 'Z',
  lineseparator: 'Zl',
  paragraphseparator: 'Zp',
  spaceseparator: 'Zs',
};

const SCRIPTS = `Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak Bengali
Bhaiksuki Bopomofo Brahmi Braille Buginese Buhid Canadian_Aboriginal Carian Caucasian_Albanian Chakma Cham
Cherokee Chorasmian Common Coptic Cuneiform Cypriot Cypro_Minoan Cyrillic Deseret Devanagari Dives_Akuru Dogra
Duployan Egyptian_Hieroglyphs Elbasan Elymaic Ethiopic Garay Georgian Glagolitic Gothic Grantha Greek Gujarati
Gunjala_Gondi Gurmukhi Gurung_Khema Han Hangul Hanifi_Rohingya Hanunoo Hatran Hebrew Hiragana Imperial_Aramaic
Inherited Inscriptional_Pahlavi Inscriptional_Parthian Javanese Kaithi Kannada Katakana Kawi Kayah_Li Kharoshthi
Khitan_Small_Script Khmer Khojki Khudawadi Kirat_Rai Lao Latin Lepcha Limbu Linear_A Linear_B Lisu Lycian Lydian
Mahajani Makasar Malayalam Mandaic Manichaean Marchen Masaram_Gondi Medefaidrin Meetei_Mayek Mende_Kikakui
Meroitic_Cursive Meroitic_Hieroglyphs Miao Modi Mongolian Mro Multani Myanmar Nabataean Nag_Mundari Nandinagari
New_Tai_Lue Newa Nko Nushu Nyiakeng_Puachue_Hmong Ogham Ol_Chiki Ol_Onal Old_Hungarian Old_Italic
Old_North_Arabian Old_Permic Old_Persian Old_Sogdian Old_South_Arabian Old_Turkic Old_Uyghur Oriya Osage Osmanya
Pahawh_Hmong Palmyrene Pau_Cin_Hau Phags_Pa Phoenician Psalter_Pahlavi Rejang Runic Samaritan Saurashtra Sharada
Shavian Siddham SignWriting Sinhala Sogdian Sora_Sompeng Soyombo Sundanese Sunuwar Syloti_Nagri Syriac Tagalog
Tagbanwa Tai_Le Tai_Tham Tai_Viet Takri Tamil Tangsa Tangut Telugu Thaana Thai Tibetan Tifinagh Tirhuta Todhri
Toto Tulu_Tigalari Ugaritic Vai Vithkuqi Wancho Warang_Citi Yezidi Yi Zanabazar_Square`;

/** A resolved \p name: explicit ranges, or a union of JavaScript property names (`L`, `Script=Greek`) maybe negated. */
export type UnicodeClass =
  { kind: 'ranges'; ranges: Ranges } | { kind: 'properties'; properties: string[]; negated: boolean };

function key(name: string): string {
  return name.replace(/[_\- ]/g, '').toLowerCase();
}

function supported(property: string): boolean {
  try {
    new RegExp(`\\p{${property}}`, 'u');
    return true;
  } catch {
    return false;
  }
}

let table: Map<string, UnicodeClass> | undefined;

function buildTable(): Map<string, UnicodeClass> {
  const t = new Map<string, UnicodeClass>();
  const prop = (property: string, negated = false): UnicodeClass => ({
    kind: 'properties',
    properties: [property],
    negated,
  });
  for (const c of CATEGORIES.split(' ')) t.set(key(c), prop(c));
  for (const [alias, c] of Object.entries(CATEGORY_ALIASES)) t.set(alias, prop(c));
  for (const s of SCRIPTS.split(/\s+/)) {
    const property = `Script=${s}`;
    if (!t.has(key(s)) && supported(property)) t.set(key(s), prop(property));
  }
  t.set('any', { kind: 'ranges', ranges: [[0, MAX_RUNE]] });
  t.set('ascii', { kind: 'ranges', ranges: [[0, 0x7f]] });
  t.set('assigned', prop('Cn', true));
  return t;
}

/** unicodeClass resolves a \p name the way Go's regexp/syntax does (case, spaces, '_' and '-' ignored). */
export function unicodeClass(name: string): UnicodeClass | undefined {
  table ??= buildTable();
  return table.get(key(name));
}

const foldExtras = new Map<string, Ranges>();

/**
 * propertyFoldExtras lists the code points outside the properties' union that fold to a code point inside it:
 * what Go's unicode.FoldCategory / FoldScript add under (?i) (`(?i)\p{Lu}` also matches `a`, not `ĸ`).
 */
export function propertyFoldExtras(properties: readonly string[]): Ranges {
  const cacheKey = properties.join(',');
  const cached = foldExtras.get(cacheKey);
  if (cached) return cached;
  const inside = new RegExp(`^[${properties.map((p) => `\\p{${p}}`).join('')}]$`, 'u');
  const has = (cp: number): boolean => inside.test(String.fromCodePoint(cp));
  const extras: Ranges = [];
  for (const cp of foldableCodePoints()) {
    if (!has(cp) && foldOrbit(cp).some(has)) extras.push([cp, cp]);
  }
  foldExtras.set(cacheKey, extras);
  return extras;
}
