// Case mapping as Prometheus's templates do it: Go's strings.ToUpper/ToLower (simple, per-rune mappings) and
// cases.Title(language.AmericanEnglish, cases.NoLower) from golang.org/x/text.

/** Runes whose simple mapping JS cannot express through toUpperCase/toLowerCase of a single rune. */
const SIMPLE_LOWER: Record<string, string> = { '\u0130': 'i' };

function simpleMap(ch: string, mapped: string, special: Record<string, string>): string {
  const s = special[ch];
  if (s !== undefined) return s;
  // A multi-rune result means there is no simple mapping (e.g. ß → SS); Go leaves the rune alone.
  return Array.from(mapped).length === 1 ? mapped : ch;
}

/** toUpper is strings.ToUpper. */
export function toUpper(s: string): string {
  let out = '';
  for (const ch of s) out += simpleMap(ch, ch.toUpperCase(), {});
  return out;
}

/** toLower is strings.ToLower. */
export function toLower(s: string): string {
  let out = '';
  for (const ch of s) out += simpleMap(ch, ch.toLowerCase(), SIMPLE_LOWER);
  return out;
}

const TITLE_SPECIAL: Record<string, string> = {
  ß: 'Ss',
  ǆ: 'ǅ',
  Ǆ: 'ǅ',
  ǉ: 'ǈ',
  Ǉ: 'ǈ',
  ǌ: 'ǋ',
  Ǌ: 'ǋ',
  ǳ: 'ǲ',
  Ǳ: 'ǲ',
  ﬀ: 'Ff',
  ﬁ: 'Fi',
  ﬂ: 'Fl',
  ﬃ: 'Ffi',
  ﬄ: 'Ffl',
  ﬅ: 'St',
  ﬆ: 'St',
};

const CASED = /^\p{Cased}$/u;
// x/text approximates UAX #29: "Mid" runes (Format, MidLetter, MidNumLet, Single_Quote) join letters unless two
// come in a row; letters, digits, marks and connectors continue a word; anything else breaks it.
const MID =
  /^[\p{Cf}'.:\u00b7\u0387\u055f\u05f4\u2018\u2019\u2024\u2027\ufe13\ufe52\ufe55\uff07\uff0e\uff1a]$/u;
const WORDISH = /^[\p{L}\p{N}\p{M}\p{Pc}]$/u;

/** title upper-cases the first letter of each word and leaves the rest alone (x/text cases.Title, NoLower). */
export function title(s: string): string {
  let out = '';
  let midWord = false;
  let prevMid = false;
  for (const ch of s) {
    const isMid = MID.test(ch);
    if (prevMid && isMid) midWord = false;
    if (CASED.test(ch)) {
      if (!midWord) {
        out += TITLE_SPECIAL[ch] ?? ch.toUpperCase();
        midWord = true;
      } else {
        out += ch;
      }
    } else {
      out += ch;
      if (!isMid && !WORDISH.test(ch)) midWord = false;
    }
    prevMid = isMid;
  }
  return out;
}
