/**
 * The Lichat wire printer (spec §1): values and objects to canonical text.
 *
 * Canonical output: symbols in lower case, keywords as `:name`, `lichat`
 * symbols bare. An update class of another package is bare too when its
 * bare name reads back as it (`backfill`, not `shirakumo:backfill`: the one
 * form that lichat-js, ex-lichat and the Lisp library all read, and the
 * one lichat-js needs in `capabilities`, where it compares symbols of its
 * `lichat` package); any other symbol keeps its package (`shirakumo:ip`,
 * which lichat-js compares with its own `shirakumo:ip`);
 * in names the characters that end a token in those readers (digits, `.`,
 * `#`, space, `:`, quotes, parentheses) are escaped; strings quoted with
 * `"` and `\` escaped; NUL characters removed from strings (§1.3); lists separated by
 * single spaces. Text never contains a NUL, so the caller appends the one
 * that terminates the update.
 *
 * Two layers: `print`/`printObject` check everything and return a `Result`
 * (a symbol holding a NUL, or a number that is not finite, cannot be put on
 * the wire); `printValue`, `printString`, `printSymbol` and `printNumber`
 * are the unchecked fast path for values the program built itself from
 * interned symbols — they drop NULs and print non-finite numbers as `0`
 * rather than fail.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import { bareNamesRevision, isBare, isClass, KEYWORD, LICHAT, type Sym } from "./Symbol.ts"
import type { Value, ValueList, WireObject } from "./Value.ts"
import { type PrintError, UnprintableNumber, UnprintableSymbol } from "./WireError.ts"

const NEEDS_ESCAPE = /["\\\u0000]/
const ESCAPED = /["\\]/g
const NULS = /\u0000/g

/** A string as wire text: quoted, `"` and `\` escaped, NULs removed. */
export const printString = (s: string): string =>
  NEEDS_ESCAPE.test(s) ? `"${s.replace(NULS, "").replace(ESCAPED, "\\$&")}"` : `"${s}"`

/**
 * Characters of a symbol name that must be escaped: whitespace, `\`, and
 * what ends a token for lichat-js and the Lisp reader (`"():.#` and digits).
 */
const NAME_ESCAPE = /[\s:"().#0-9\\]/g

const printName = (name: string): string => name.replace(NULS, "").replace(NAME_ESCAPE, "\\$&")

let symbolTexts = new WeakMap<Sym, string>()
let textsRevision = bareNamesRevision()

/** A symbol as canonical wire text (cached per symbol). */
export const printSymbol = (sym: Sym): string => {
  if (textsRevision !== bareNamesRevision()) {
    symbolTexts = new WeakMap()
    textsRevision = bareNamesRevision()
  }
  let text = symbolTexts.get(sym)
  if (text === undefined) {
    const name = printName(sym.name.toLowerCase())
    text = sym.pkg === KEYWORD
      ? `:${name}`
      : sym.pkg === LICHAT || (isClass(sym) && isBare(sym))
      ? name
      : `${printName(sym.pkg.toLowerCase())}:${name}`
    symbolTexts.set(sym, text)
  }
  return text
}

/**
 * A number as wire text: integers in full (bigints included), decimals in
 * positional notation, never with an exponent.
 */
export const printNumber = (n: number | bigint): string => {
  if (typeof n === "bigint") return n.toString()
  if (!Number.isFinite(n)) return "0"
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? (n === 0 ? "0" : String(n)) : BigInt(n).toString()
  const text = String(n)
  return text.includes("e") ? positional(n) : text
}

/**
 * A decimal that `String` prints with an exponent (`1.5e-7`), rewritten in
 * positional notation with the same shortest round-trip digits.
 */
const positional = (n: number): string => {
  const [mantissa, exponentText] = String(Math.abs(n)).split("e") as [string, string]
  const exponent = Number(exponentText)
  const [whole, fraction = ""] = mantissa.split(".") as [string, string?]
  const digits = whole + fraction
  const point = whole.length + exponent
  const sign = n < 0 ? "-" : ""
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`
  if (point >= digits.length) return sign + digits + "0".repeat(point - digits.length)
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
}

/** Any value as wire text, unchecked (see the module comment). */
export const printValue = (value: Value): string => {
  switch (typeof value) {
    case "string":
      return printString(value)
    case "number":
    case "bigint":
      return printNumber(value)
    default:
      if (Array.isArray(value)) {
        let out = "("
        let first = true
        for (const item of value as ValueList) {
          if (!first) out += " "
          first = false
          out += printValue(item)
        }
        return out + ")"
      }
      return printSymbol(value as Sym)
  }
}

/** The first thing in a value that cannot be put on the wire, if any. */
const unprintable = (value: Value): PrintError | undefined => {
  if (typeof value === "number") return Number.isFinite(value) ? undefined : new UnprintableNumber({ value })
  if (typeof value !== "object") return undefined
  if (Array.isArray(value)) {
    for (const item of value) {
      const error = unprintable(item)
      if (error !== undefined) return error
    }
    return undefined
  }
  const sym = value as Sym
  return sym.name.length === 0 || sym.name.includes("\u0000") || sym.pkg.length === 0 || sym.pkg.includes("\u0000")
    ? new UnprintableSymbol({ symbol: `${sym.pkg}:${sym.name}`.replace(NULS, "\\0") })
    : undefined
}

/** Any value as wire text, or why it cannot be printed. */
export const print = (value: Value): Result.Result<string, PrintError> => {
  const error = unprintable(value)
  return error === undefined ? Result.succeed(printValue(value)) : Result.fail(error)
}

/** An object as wire text `(type :key value …)`, or why it cannot be printed. */
export const printObject = (object: WireObject): Result.Result<string, PrintError> => {
  const list: Array<Value> = [object.type]
  for (const [key, value] of object.fields) list.push(key, value)
  return print(list)
}
