/**
 * User and channel names (spec §2.2.1, §2.4.4).
 *
 * A name is 1 to 32 characters — Unicode code points, not UTF-16 code units —
 * each of general category Letter, Mark, Number, Punctuation or Symbol, or the
 * space U+0020. It neither begins nor ends with a space and never holds two
 * spaces in a row. Two names are the same when they have the same length and
 * each code point matches case-insensitively.
 *
 * @since 0.1.0
 */

/** The most code points a name may hold. */
export const MAX_NAME_LENGTH = 32

const SPACE = 0x20
const nameChar = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u
const ascii = /^[\x00-\x7f]*$/

/**
 * Whether a string is a valid user or channel name (spec §2.2.1): 1–32 code
 * points of category L, M, N, P or S or U+0020, with no leading, trailing or
 * doubled space. Control characters, NUL, separators other than U+0020,
 * unassigned code points and lone surrogates are all rejected.
 */
export const isValidName = (name: string): boolean => {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH * 2) return false
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
 * The key is built code point by code point (see the fold described on the
 * private `foldChar`: lower case of the upper case, locale-independent), so it
 * always has as many code points as the name and two names have the same key
 * exactly when each of their code points matches case-insensitively — the
 * rule of spec §2.2.1. Whole-string `toLowerCase()` is not used because it
 * can change the length (`"İ"` becomes two code points). ASCII names take a
 * fast path that gives the same result.
 */
export const nameKey = (name: string): string => {
  if (ascii.test(name)) return name.toLowerCase()
  let key = ""
  for (const char of name) key += foldChar(char)
  return key
}

/** Whether two names denote the same user or channel (spec §2.2.1). */
export const sameName = (a: string, b: string): boolean => a === b || nameKey(a) === nameKey(b)
