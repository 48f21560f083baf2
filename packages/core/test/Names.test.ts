import { assert, describe, it } from "@effect/vitest"
import { Arbitrary, Effect, Schema } from "effect"
import { isValidName, MAX_NAME_LENGTH, nameKey, sameName } from "../src/Names.ts"

/** Single code points of every allowed category, in several cases and scripts. */
const nameChars = [
  "a", "Z", "m", "Ä", "ä", "ß", "ẞ", "Σ", "σ", "ς", "ж", "Ж", "日", "ｱ", "ǅ", // L
  "\u0301", "\u0903", // M
  "0", "9", "٣", "Ⅻ", "½", // N
  "!", "-", "_", "(", "«", "¿", "、", // P
  "+", "$", "€", "©", "😀", "🦀", // S
  " "
] as const

/** Valid names built from the pool above, spaces tidied so the name is valid. */
const validName = Arbitrary.array(Arbitrary.schema(Schema.Literals(nameChars)), {
  minLength: 1,
  maxLength: MAX_NAME_LENGTH
}).pipe(
  Arbitrary.map((chars) => {
    let name = ""
    for (const c of chars) if (c !== " " || (name.length > 0 && !name.endsWith(" "))) name += c
    name = name.trimEnd()
    return name.length === 0 ? "x" : name
  })
)

describe("isValidName", () => {
  it.effect.each([
    ["letters", "ana"],
    ["upper-case letters", "ANA"],
    ["title-case letter", "ǅemal"],
    ["non-Latin letters", "日本語"],
    ["Cyrillic", "Жанна"],
    ["combining mark after a letter", "e\u0301"],
    ["lone combining mark", "\u0301"],
    ["spacing mark", "क\u0903"],
    ["digits", "1234"],
    ["other numbers", "Ⅻ½٣"],
    ["punctuation", "!?-_.,;:'\"()[]{}«»¿、"],
    ["symbols", "+$€©<>=^`|~"],
    ["emoji", "😀🦀"],
    ["single spaces inside", "a b c"],
    ["single character", "x"],
    ["exactly 32 ASCII characters", "a".repeat(32)],
    ["exactly 32 emoji (64 UTF-16 units)", "😀".repeat(32)],
    ["32 code points with combining marks", "e\u0301".repeat(16)]
  ] as const)("accepts %s", ([, name]) =>
    Effect.sync(() => {
      assert.isTrue(isValidName(name), JSON.stringify(name))
    }))

  it.effect.each([
    ["the empty string", ""],
    ["a single space", " "],
    ["a leading space", " ana"],
    ["a trailing space", "ana "],
    ["two consecutive spaces", "a  b"],
    ["33 ASCII characters", "a".repeat(33)],
    ["33 emoji", "😀".repeat(33)],
    ["33 code points with combining marks", "e\u0301".repeat(16) + "e"],
    ["NUL", "a\u0000b"],
    ["a tab", "a\tb"],
    ["a newline", "a\nb"],
    ["DEL", "a\u007fb"],
    ["a C1 control", "a\u0085b"],
    ["a no-break space (Zs)", "a\u00a0b"],
    ["an ideographic space (Zs)", "a\u3000b"],
    ["a line separator (Zl)", "a\u2028b"],
    ["a zero-width joiner (Cf)", "a\u200db"],
    ["a private-use character (Co)", "a\ue000b"],
    ["an unassigned code point (Cn)", "a\u0378b"],
    ["a lone high surrogate (Cs)", "a\ud800b"],
    ["a lone low surrogate (Cs)", "a\udc00"]
  ] as const)("rejects %s", ([, name]) =>
    Effect.sync(() => {
      assert.isFalse(isValidName(name), JSON.stringify(name))
    }))

  it.effect.prop("accepts every tidy name of 1–32 allowed code points", [validName], ([name]) =>
    Effect.sync(() => {
      assert.isTrue(isValidName(name), JSON.stringify(name))
    }))

  it.effect.prop("rejects any name with a control character", [validName, Schema.Int], ([name, n]) =>
    Effect.sync(() => {
      const control = String.fromCharCode(Math.abs(n) % 0x20)
      const cut = Math.abs(n) % (name.length + 1)
      assert.isFalse(isValidName(name.slice(0, cut) + control + name.slice(cut)))
    }))
})

describe("nameKey and sameName", () => {
  it.effect.each([
    ["ANA", "ana"],
    ["Ana", "aNA"],
    ["ÄRGER", "ärger"],
    ["ЖАННА", "жанна"],
    ["ΣΊΣΥΦΟΣ", "σίσυφος"],
    ["final sigma", "FINAL SIGMA"],
    ["ς", "Σ"],
    ["ẞ", "ß"],
    ["\u212a", "k"], // Kelvin sign
    ["ǅ", "ǆ"],
    ["Ǆ", "ǅ"],
    ["日本", "日本"],
    ["A😀", "a😀"]
  ] as const)("%s matches %s", ([a, b]) =>
    Effect.sync(() => {
      assert.strictEqual(nameKey(a), nameKey(b))
      assert.isTrue(sameName(a, b))
      assert.isTrue(sameName(b, a))
    }))

  it.effect.each([
    ["ana", "anna"],
    ["ana", "ana "],
    ["ä", "a"],
    ["e\u0301", "é"], // same glyph, different code points: not the same name
    ["ß", "ss"], // same under full case folding, but not code point by code point
    ["İ", "i"]
  ] as const)("%s differs from %s", ([a, b]) =>
    Effect.sync(() => {
      assert.notStrictEqual(nameKey(a), nameKey(b))
      assert.isFalse(sameName(a, b))
    }))

  it.effect("keys work as Map keys", () =>
    Effect.sync(() => {
      const users = new Map<string, string>()
      users.set(nameKey("ÄRGER"), "first")
      assert.strictEqual(users.get(nameKey("ärger")), "first")
      assert.strictEqual(users.get(nameKey("Ärger")), "first")
      assert.isUndefined(users.get(nameKey("arger")))
    }))

  it.effect.prop("a key has as many code points as the name", [validName], ([name]) =>
    Effect.sync(() => {
      assert.strictEqual([...nameKey(name)].length, [...name].length)
    }))

  it.effect.prop("upper- and lower-casing a name keeps its key", [validName], ([name]) =>
    Effect.sync(() => {
      // Case-map code point by code point, as the spec compares them.
      const upper = [...name].map((c) => ([...c.toUpperCase()].length === 1 ? c.toUpperCase() : c)).join("")
      const lower = [...name].map((c) => ([...c.toLowerCase()].length === 1 ? c.toLowerCase() : c)).join("")
      assert.isTrue(sameName(name, upper), `${name} / ${upper}`)
      assert.isTrue(sameName(name, lower), `${name} / ${lower}`)
    }))

  it.effect.prop("the key is idempotent", [validName], ([name]) =>
    Effect.sync(() => {
      assert.strictEqual(nameKey(nameKey(name)), nameKey(name))
    }))
})
