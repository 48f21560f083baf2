import { assert, describe, it } from "@effect/vitest"
import { Arbitrary, Effect, Schema } from "effect"
import fc from "fast-check"
import { isMixedScript, isValidName, MAX_NAME_LENGTH, nameKey, normaliseName, sameName } from "../src/Names.ts"

/** Single code points of every allowed category, in several cases and scripts. */
const nameChars = [
  "a", "Z", "m", "Ä", "ä", "ß", "ẞ", "Σ", "σ", "ς", "ж", "Ж", "日", "ｱ", "ǅ", // L
  "\u0301", "\u0903", // M
  "0", "9", "٣", "Ⅻ", "½", // N
  "!", "-", "_", "(", "«", "¿", "、", // P
  "+", "$", "€", "©", "😀", "🦀", // S
  " "
] as const

/** Valid names of arbitrary Unicode graphemes, in whatever normal form the generator gives. */
const unicodeName = fc.string({ unit: "grapheme", minLength: 1, maxLength: MAX_NAME_LENGTH }).filter(isValidName)

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
    ["32 code points with combining marks", "x\u0301".repeat(16)],
    ["40 NFD code points that are 20 in NFC", "e\u0301".repeat(20)],
    ["32 Hangul syllables spelt as 96 jamo (NFD)", "한".normalize("NFD").repeat(32)],
    ["the Angstrom sign", "\u212b"]
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
    ["33 code points with combining marks", "x\u0301".repeat(16) + "x"],
    ["33 code points in NFC, spelt decomposed", "e\u0301".repeat(33)],
    ["17 code points that are 34 in NFC", "\u0344".repeat(17)], // U+0344 → U+0308 U+0301
    ["a long string of combining marks", "\u0301".repeat(1000)],
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

  it.effect.prop("judges the NFC form of a name", [validName], ([name]) =>
    Effect.sync(() => {
      const nfd = name.normalize("NFD")
      assert.isTrue(isValidName(nfd), JSON.stringify(nfd))
      assert.isTrue(isValidName(normaliseName(name)))
    }))

  it("gives the same verdict for every normal form", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (s) => {
        const verdict = isValidName(s)
        assert.strictEqual(isValidName(s.normalize("NFD")), verdict, JSON.stringify(s))
        assert.strictEqual(isValidName(s.normalize("NFC")), verdict, JSON.stringify(s))
      })
    )
  })

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
    ["A😀", "a😀"],
    ["jos\u00e9", "jose\u0301"], // precomposed é and e + combining acute
    ["JOS\u00c9", "jose\u0301"],
    ["\u00c5", "A\u030a"], // Å, A + combining ring
    ["\u212b", "\u00c5"], // Angstrom sign, Å
    ["\u212b", "a\u030a"],
    ["H\u0331", "\u1e96"], // H + macron below, ẖ (which has no upper-case letter)
    ["J\u030c", "\u01f0"], // J + caron, ǰ
    ["ı\u0301", "I\u0301"], // dotless i + acute, Í
    ["\u0130", "I\u0307"] // İ and its NFD: NFC comes before folding
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
    ["e\u0301", "è"],
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

  it.effect.prop("a key has as many code points as the name's NFC form", [validName], ([name]) =>
    Effect.sync(() => {
      assert.strictEqual([...nameKey(name)].length, [...normaliseName(name)].length)
    }))

  it("canonically equivalent names have the same key", () => {
    fc.assert(
      fc.property(unicodeName, (name) => {
        const key = nameKey(name)
        assert.strictEqual(nameKey(name.normalize("NFD")), key, JSON.stringify(name))
        assert.strictEqual(nameKey(name.normalize("NFC")), key, JSON.stringify(name))
        assert.strictEqual(nameKey(key), key, JSON.stringify(name))
        assert.isTrue(sameName(name, name.normalize("NFD")))
      })
    )
  })

  it("a key is in NFC", () => {
    fc.assert(
      fc.property(unicodeName, (name) => {
        const key = nameKey(name)
        assert.strictEqual(key.normalize("NFC"), key, JSON.stringify(name))
      })
    )
  })

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

describe("normaliseName", () => {
  it.effect.each([
    ["jose\u0301", "jos\u00e9"],
    ["A\u030a", "\u00c5"],
    ["\u212b", "\u00c5"],
    ["한".normalize("NFD"), "한"],
    ["admin", "admin"]
  ] as const)("turns %s into %s", ([name, nfc]) =>
    Effect.sync(() => {
      assert.strictEqual(normaliseName(name), nfc)
    }))

  it.effect.prop("is idempotent and keeps the key", [validName], ([name]) =>
    Effect.sync(() => {
      const nfc = normaliseName(name.normalize("NFD"))
      assert.strictEqual(normaliseName(nfc), nfc)
      assert.strictEqual(nameKey(nfc), nameKey(name))
    }))
})

describe("isMixedScript", () => {
  it.effect.each([
    ["plain ASCII", "admin"],
    ["ASCII punctuation and digits", "x_123-!"],
    ["Latin with diacritics", "Ærøskøbing"],
    ["Latin in NFD", "jose\u0301"],
    ["Han", "山田太郎"],
    ["Han and Hiragana", "山田たろう"],
    ["Katakana, the prolonged sound mark and Hiragana", "カタカナーです"],
    ["the prolonged sound mark alone", "ー"],
    ["Latin and Han", "Tokyo東京"],
    ["Latin, Han and Katakana", "Sony ソニー 東京"],
    ["Hangul and Latin", "서울Seoul"],
    ["Hangul and Han", "한국韓國"],
    ["Bopomofo, Han and Latin", "ㄓㄨˋ音 abc"],
    ["Greek", "Ελληνικά"],
    ["Cyrillic", "Русский"],
    ["Cyrillic and digits", "Иван_1990"],
    ["Arabic with tatweel", "مـرحبا"],
    ["Hebrew", "שלום"],
    ["Devanagari with a danda", "नमस्ते।"],
    ["emoji only", "😀🦀"],
    ["symbols only", "+$€©"],
    ["a combining mark between Latin letters", "ab\u0361c"],
    ["a lone combining mark", "\u0301"],
    ["the Angstrom sign and Latin", "\u212bngstrom"]
  ] as const)("%s is not mixed", ([, name]) =>
    Effect.sync(() => {
      assert.isFalse(isMixedScript(name), JSON.stringify(name))
    }))

  it.effect.each([
    ["Cyrillic а with Latin", "\u0430dmin"],
    ["Greek Α with Latin", "\u0391dmin"],
    ["Cyrillic then Latin", "Русскийabc"],
    ["Greek ο inside Latin", "g\u03bfogle"],
    ["Cyrillic and Greek", "Ивαн"],
    ["Hiragana and Hangul", "かな한국"],
    ["Bopomofo and Katakana", "ㄅカ"],
    ["Hangul and Cyrillic", "서울Москва"],
    ["Arabic and Latin", "مرحباabc"],
    ["Latin and the Greek ohm sign", "\u2126hm"],
    ["Devanagari danda in a Latin name", "abc।"],
    ["Latin and a Braille pattern", "a\u2801"]
  ] as const)("%s is mixed", ([, name]) =>
    Effect.sync(() => {
      assert.isTrue(isMixedScript(name), JSON.stringify(name))
    }))

  it("no single character is mixed", () => {
    // Also shows that every script the engine knows is listed.
    const mixed: Array<string> = []
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue
      const char = String.fromCodePoint(cp)
      if (isValidName(char) && isMixedScript(char)) mixed.push(cp.toString(16))
    }
    assert.deepStrictEqual(mixed, [])
  })

  it("judges the NFC form: U+0374 (Greek) normalises to U+02B9 (Common)", () => {
    assert.isFalse(isMixedScript("\u0374A"))
    assert.isFalse(isMixedScript("\u02b9A"))
  })

  it("a name and its NFD form are judged alike", () => {
    fc.assert(
      fc.property(unicodeName, (name) => {
        assert.strictEqual(isMixedScript(name.normalize("NFD")), isMixedScript(name), JSON.stringify(name))
      })
    )
  })

  it("adding Cyrillic to a Latin letter makes a name mixed", () => {
    const latin = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_ -]{0,20}$/)
    const cyrillic = fc.stringMatching(/^[\u0410-\u044f]{1,5}$/)
    fc.assert(
      fc.property(latin, cyrillic, fc.boolean(), (l, c, before) => {
        assert.isFalse(isMixedScript(l))
        assert.isFalse(isMixedScript(c))
        assert.isTrue(isMixedScript(before ? c + l : l + c))
      })
    )
  })
})
