/**
 * User and channel names (spec §2.2.1, §2.4.4).
 *
 * A name is 1 to 32 characters — Unicode code points, not UTF-16 code units —
 * each of general category Letter, Mark, Number, Punctuation or Symbol, or the
 * space U+0020. It neither begins nor ends with a space and never holds two
 * spaces in a row. Names are judged in Unicode Normalisation Form C, so
 * canonically equivalent spellings (`é` and `e` + U+0301) are the same name.
 * Two names are the same when their NFC forms have the same length and each
 * code point matches case-insensitively.
 *
 * @since 0.1.0
 */

/** The most code points a name may hold. */
export const MAX_NAME_LENGTH = 32

const SPACE = 0x20
const nameChar = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u
const ascii = /^[\x00-\x7f]*$/

/** The form a name is stored and shown in: its NFC normalisation. */
export const normaliseName = (name: string): string => name.normalize("NFC")

/**
 * Whether a string is a valid user or channel name (spec §2.2.1): 1–32 code
 * points of category L, M, N, P or S or U+0020, with no leading, trailing or
 * doubled space. Control characters, NUL, separators other than U+0020,
 * unassigned code points and lone surrogates are all rejected. The NFC form
 * is judged, so `e` + U+0301 counts as one code point.
 */
export const isValidName = (input: string): boolean => {
  // A code point decomposes to at most 4, so an NFC form of at most 32 code
  // points comes from at most 128 (256 UTF-16 units): skip longer strings.
  if (input.length === 0 || input.length > MAX_NAME_LENGTH * 8) return false
  const name = ascii.test(input) ? input : normaliseName(input)
  if (name.length > MAX_NAME_LENGTH * 2) return false
  let count = 0
  let previousSpace = true // a leading space counts as "after a space"
  for (const char of name) {
    count++
    if (count > MAX_NAME_LENGTH) return false
    const space = char.codePointAt(0) === SPACE
    if (space) {
      if (previousSpace) return false
    } else if (!nameChar.test(char)) {
      return false
    }
    previousSpace = space
  }
  return !previousSpace
}

/** A string of exactly one code point. */
const isSingleCodePoint = (s: string): boolean => {
  const cp = s.codePointAt(0)
  return cp !== undefined && s.length === (cp > 0xffff ? 2 : 1)
}

/**
 * Folds one code point to a canonical case, always to exactly one code point:
 * `toLowerCase(toUpperCase(c))` when both steps keep a single code point
 * (so `ς`, `σ` and `Σ` meet at `σ`, `ſ` and `S` at `s`, the Kelvin sign at
 * `k`, `ẞ` and `ß` at `ß`); otherwise `toLowerCase(c)` when that is a single
 * code point; otherwise `c` itself (for instance `İ`, whose lower case is two
 * code points, stays as it is). Locale-independent.
 */
const foldChar = (char: string): string => {
  const upper = char.toUpperCase()
  if (isSingleCodePoint(upper)) {
    const lower = upper.toLowerCase()
    if (isSingleCodePoint(lower)) return lower
  }
  const lower = char.toLowerCase()
  return isSingleCodePoint(lower) ? lower : char
}

/**
 * The case-insensitive identity of a name, for use as a `Map` key.
 *
 * The name is brought to NFC, so canonically equivalent names share a key,
 * and the key is then built code point by code point (see the fold described
 * on the private `foldChar`: lower case of the upper case, locale-independent).
 * So the key has as many code points as the name's NFC form, and two names
 * have the same key exactly when each code point of their NFC forms matches
 * case-insensitively — the rule of spec §2.2.1. The one exception: the folded
 * string is brought to NFC again, because folding can make a composition
 * possible (`H` + U+0331 folds to `h` + U+0331, whose NFC is the single `ẖ`);
 * this keeps such a name equal to its lower-case spelling and the key
 * idempotent. Whole-string `toLowerCase()` is not used because it can change
 * the length (`"İ"` becomes two code points). ASCII names take a fast path
 * that gives the same result.
 */
export const nameKey = (name: string): string => {
  if (ascii.test(name)) return name.toLowerCase()
  let key = ""
  for (const char of normaliseName(name)) key += foldChar(char)
  return normaliseName(key)
}

/** Whether two names denote the same user or channel (spec §2.2.1). */
export const sameName = (a: string, b: string): boolean => a === b || nameKey(a) === nameKey(b)

/** Characters of script Common or Inherited (and no other): ignored. */
const ignored = String.raw`\p{scx=Zyyy}\p{scx=Zinh}`

/** Matches strings whose every character shares a script with `scripts` or is ignored. */
const coveredBy = (scripts: ReadonlyArray<string>): RegExp =>
  new RegExp(`^[${ignored}${scripts.map((s) => String.raw`\p{scx=${s}}`).join("")}]*$`, "u")

/** UTS #39 "Highly Restrictive" mixes: Japanese, Chinese and Korean with Latin. */
const allowedMixes = [
  coveredBy(["Latn", "Hani", "Hira", "Kana"]),
  coveredBy(["Latn", "Hani", "Bopo"]),
  coveredBy(["Latn", "Hani", "Hang"])
]

/**
 * ISO 15924 codes of every Unicode 17 script but Common, Inherited and
 * Unknown. Only names: the engine's own Unicode data says which character is
 * in which script.
 */
const scriptCodes =
  "Adlm Aghb Ahom Arab Armi Armn Avst Bali Bamu Bass Batk Beng Berf Bhks Bopo Brah Brai Bugi Buhd " +
  "Cakm Cans Cari Cham Cher Chrs Copt Cpmn Cprt Cyrl Deva Diak Dogr Dsrt Dupl Egyp Elba Elym Ethi " +
  "Gara Geor Glag Gong Gonm Goth Gran Grek Gujr Gukh Guru Hang Hani Hano Hatr Hebr Hira Hluw Hmng " +
  "Hmnp Hung Ital Java Kali Kana Kawi Khar Khmr Khoj Kits Knda Krai Kthi Lana Laoo Latn Lepc Limb " +
  "Lina Linb Lisu Lyci Lydi Mahj Maka Mand Mani Marc Medf Mend Merc Mero Mlym Modi Mong Mroo Mtei " +
  "Mult Mymr Nagm Nand Narb Nbat Newa Nkoo Nshu Ogam Olck Onao Orkh Orya Osge Osma Ougr Palm Pauc " +
  "Perm Phag Phli Phlp Phnx Plrd Prti Rjng Rohg Runr Samr Sarb Saur Sgnw Shaw Shrd Sidd Sidt Sind " +
  "Sinh Sogd Sogo Sora Soyo Sund Sunu Sylo Syrc Tagb Takr Tale Talu Taml Tang Tavt Tayo Telu Tfng " +
  "Tglg Thaa Thai Tibt Tirh Tnsa Todr Tols Toto Tutg Ugar Vaii Vith Wara Wcho Xpeo Xsux Yezi Yiii " +
  "Zanb"

let singleScripts: ReadonlyArray<RegExp> | undefined

/** One pattern per script, built on first use; scripts the engine does not know are left out. */
const singleScriptPatterns = (): ReadonlyArray<RegExp> => {
  if (singleScripts === undefined) {
    const patterns: Array<RegExp> = []
    for (const code of scriptCodes.split(" ")) {
      try {
        patterns.push(coveredBy([code]))
      } catch {
        // An older engine: it has no characters of this script either.
      }
    }
    singleScripts = patterns
  }
  return singleScripts
}

/**
 * Whether a name mixes scripts, as `аdmin` with a Cyrillic `а` does (UTS #39
 * mixed-script detection at the "Highly Restrictive" level). Characters of
 * script Common or Inherited (digits, punctuation, symbols, emoji, spaces,
 * most combining marks) are ignored; a character used by several scripts
 * (Script_Extensions, such as the prolonged sound mark U+30FC of Hiragana and
 * Katakana) fits any of them. The name is not mixed when its characters share
 * one script or fit Latin + Han + Hiragana + Katakana, Latin + Han + Bopomofo
 * or Latin + Han + Hangul.
 */
export const isMixedScript = (input: string): boolean => {
  if (ascii.test(input)) return false // ASCII letters are all Latin
  // Judged in NFC, the form names are kept in: normalising can change a character's scripts (U+0374 → U+02B9).
  const name = normaliseName(input)
  if (allowedMixes.some((pattern) => pattern.test(name))) return false
  return !singleScriptPatterns().some((pattern) => pattern.test(name))
}
