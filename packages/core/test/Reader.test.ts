import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import * as fc from "fast-check"
import { readObject, readValue } from "../src/Reader.ts"
import { defineClass, findBare, findOrPlaceholder, isKnownPackage, intern, keyword, KEYWORD, LICHAT, lichat, NIL, T, UnknownKeyword, UnknownSymbol } from "../src/Symbol.ts"
import type { Value } from "../src/Value.ts"

const MESSAGE = defineClass(lichat("message"))
const BACKFILL = defineClass(intern("shirakumo", "backfill"))
const ID = keyword("id")
const TEXT = keyword("text")
const CHANNEL = keyword("channel")

const ok = (text: string): Value => {
  const result = readValue(text)
  if (Result.isFailure(result)) assert.fail(`${text}: ${result.failure._tag}`)
  return result.success
}
const error = (text: string, options?: Parameters<typeof readValue>[1]): string => {
  const result = readValue(text, options)
  if (Result.isSuccess(result)) assert.fail(`${text} should not read`)
  return result.failure._tag
}

describe("Reader: values", () => {
  it("reads strings with backslash escapes", () => {
    assert.strictEqual(ok(`"hi"`), "hi")
    assert.strictEqual(ok(`"a\\"b"`), `a"b`)
    assert.strictEqual(ok(`"a\\\\b"`), `a\\b`)
    assert.strictEqual(ok(`"\\n"`), "n")
    assert.strictEqual(ok(`""`), "")
    assert.strictEqual(ok(`"ünï ✓ 😀"`), "ünï ✓ 😀")
  })

  it("reads integers of any size exactly", () => {
    assert.strictEqual(ok("0"), 0)
    assert.strictEqual(ok("42"), 42)
    assert.strictEqual(ok("3900000000"), 3900000000)
    assert.strictEqual(ok("9007199254740991"), 9007199254740991)
    assert.strictEqual(ok("9007199254740993"), 9007199254740993n)
    assert.strictEqual(ok("123456789012345678901234567890"), 123456789012345678901234567890n)
    assert.strictEqual(ok("-42"), -42)
    assert.strictEqual(ok("007"), 7)
    assert.ok(Object.is(ok("-0"), -0))
    assert.strictEqual(ok("-999999999999999"), -999999999999999)
    assert.strictEqual(ok("-9007199254740993"), -9007199254740993n)
  })

  it("reads every integer as the number its digits spell, with any sign and leading zeros", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.nat({ max: 3 }), fc.maxSafeNat(), (negative, zeros, n) => {
        const text = `${negative ? "-" : ""}${"0".repeat(zeros)}${n}`
        assert.ok(Object.is(ok(text), negative ? -n : n), text)
      })
    )
  })

  it("reads decimals", () => {
    assert.strictEqual(ok("1.5"), 1.5)
    assert.strictEqual(ok(".5"), 0.5)
    assert.strictEqual(ok("2."), 2)
  })

  it("reads symbols with packages, case-insensitively", () => {
    assert.strictEqual(ok("message"), MESSAGE)
    assert.strictEqual(ok("MeSsAgE"), MESSAGE)
    assert.strictEqual(ok("lichat:message"), MESSAGE)
    assert.strictEqual(ok("LICHAT:MESSAGE"), MESSAGE)
    assert.strictEqual(ok(":text"), TEXT)
    assert.strictEqual(ok("keyword:text"), TEXT)
    assert.strictEqual(ok("shirakumo:backfill"), BACKFILL)
    assert.strictEqual(ok("Shirakumo:BACKFILL"), BACKFILL)
    assert.strictEqual(ok("nil"), NIL)
    assert.strictEqual(ok("T"), T)
  })

  it("never creates symbols: unknown ones are placeholders", () => {
    assert.strictEqual(ok("no-such-thing-here"), UnknownSymbol)
    assert.strictEqual(ok(":no-such-keyword-here"), UnknownKeyword)
    assert.strictEqual(ok("nopkg:never-defined"), UnknownSymbol)
    assert.strictEqual(ok("shirakumo:never-defined"), UnknownSymbol)
    assert.strictEqual(ok("keyword:never-defined"), UnknownKeyword)
    assert.isFalse(isKnownPackage("nopkg"))
  })

  it("passes over a package that does not hold the name (lichat-js:, lichat-protocol:, #:)", () => {
    assert.strictEqual(ok("nopkg:message"), MESSAGE)
    assert.strictEqual(ok("LICHAT-PROTOCOL:MESSAGE"), MESSAGE)
    assert.strictEqual(ok("#:message"), MESSAGE)
    // A keyword is never a bare name's meaning, nor the other way round.
    const key = keyword("message")
    assert.strictEqual(ok("keyword:message"), key)
  })

  it("reads escaped symbol names", () => {
    assert.strictEqual(ok("mess\\age"), MESSAGE)
  })

  it("finds a symbol by its name as Unicode folds its case", () => {
    const kick = lichat("kick")
    const kickKey = keyword("kick")
    // The Kelvin sign lower-cases to an ASCII k.
    assert.strictEqual(ok("\u212Aick"), kick)
    assert.strictEqual(ok(":\u212Aick"), kickKey)
    assert.strictEqual(ok("ÿid"), UnknownSymbol)
  })

  it("reads any name as the symbol found for it, or the placeholder", () => {
    const known = ["message", "id", "text", "channel", "nil", "t", "kick", "update-id", "+", "-"]
    for (const name of known) {
      lichat(name)
      keyword(name)
    }
    // Known names with their letters' case changed and a character replaced now and then.
    const name = fc
      .tuple(fc.constantFrom(...known), fc.array(fc.boolean(), { maxLength: 10 }), fc.option(fc.tuple(fc.nat(), fc.constantFrom("a", "Z", "-", "é", "\u212A", "1"))))
      .map(([base, upper, swap]) => {
        let out = [...base].map((c, i) => upper[i] ? c.toUpperCase() : c).join("")
        if (swap !== null) {
          const at = swap[0] % out.length
          out = out.slice(0, at) + swap[1] + out.slice(at + 1)
        }
        return out
      })
      .filter((n) => !/^[-+]?[0-9.]/.test(n))
    fc.assert(
      fc.property(name, (n) => {
        assert.strictEqual(ok(n), findOrPlaceholder(LICHAT, n) === UnknownSymbol ? findBare(n) ?? UnknownSymbol : findOrPlaceholder(LICHAT, n), n)
        assert.strictEqual(ok(`:${n}`), findOrPlaceholder(KEYWORD, n), n)
      }),
      { numRuns: 2000 }
    )
  })

  it("reads nested lists", () => {
    assert.deepStrictEqual(ok(`(1 "a" (b (c)) ())`), [1, "a", [UnknownSymbol, [UnknownSymbol]], []])
    assert.deepStrictEqual(ok(`  ( 1\t2\n3 )  `), [1, 2, 3])
  })

  it("fails with typed errors, never throwing", () => {
    assert.strictEqual(error(""), "Incomplete")
    assert.strictEqual(error("   "), "Incomplete")
    assert.strictEqual(error(`"abc`), "Incomplete")
    assert.strictEqual(error(`(1 2`), "Incomplete")
    assert.strictEqual(error(`)`), "MalformedInput")
    assert.strictEqual(error(`(1))`), "MalformedInput")
    assert.strictEqual(error(`12abc`), "MalformedInput")
    assert.strictEqual(error(`1 2`), "MalformedInput")
    assert.strictEqual(error(`:`), "MalformedInput")
    assert.strictEqual(error(`a:b:c`), "MalformedInput")
    assert.strictEqual(error(`"a\u0000b"`), "StrayNul")
    assert.strictEqual(error(`(a)\u0000`), "StrayNul")
    assert.strictEqual(error(`"${"x".repeat(100)}"`, { maxLength: 50 }), "TooLong")
    assert.strictEqual(error(`((((((1))))))`, { maxDepth: 5 }), "TooDeep")
    assert.deepStrictEqual(readValue(`((((((1))))))`, { maxDepth: 6 }), Result.succeed([[[[[[1]]]]]]))
  })

  it("reads numbers of up to 512 characters; a longer one is malformed, read or object", () => {
    assert.strictEqual(ok("9".repeat(512)), 10n ** 512n - 1n)
    assert.strictEqual(ok("-" + "1".repeat(511)), -(10n ** 511n - 1n) / 9n)
    assert.strictEqual(error("9".repeat(513)), "MalformedInput")
    assert.strictEqual(error("0." + "5".repeat(511)), "MalformedInput")
    const object = readObject(`(ping :id ${"7".repeat(8_000_000)})`)
    assert.isTrue(Result.isFailure(object) && object.failure._tag === "MalformedInput")
  })

  it("survives 100k nested parentheses and 10 MB strings", () => {
    assert.strictEqual(error("(".repeat(100_000) + ")".repeat(100_000)), "TooDeep")
    assert.strictEqual(error("(".repeat(100_000)), "TooDeep")
    const big = `"${"x".repeat(10 * 1024 * 1024)}"`
    assert.strictEqual(error(big), "TooLong")
    const read = readValue(big, { maxLength: 11 * 1024 * 1024 })
    assert.isTrue(Result.isSuccess(read) && (read.success as string).length === 10 * 1024 * 1024)
  })
})

describe("Reader: objects", () => {
  it("reads an update object with its keyword fields", () => {
    const result = readObject(`(message :id 7 :channel "lobby" :text "hi")`)
    assert.isTrue(Result.isSuccess(result))
    if (Result.isFailure(result)) return
    assert.strictEqual(result.success.type, MESSAGE)
    assert.strictEqual(result.success.fields.get(ID), 7)
    assert.strictEqual(result.success.fields.get(CHANNEL), "lobby")
    assert.strictEqual(result.success.fields.get(TEXT), "hi")
  })

  it("keeps the first of duplicate keys and unknown keys as placeholders", () => {
    const result = readObject(`(message :id 1 :text "a" :text "b" :whatever-key 5)`)
    if (Result.isFailure(result)) return assert.fail(result.failure._tag)
    assert.strictEqual(result.success.fields.get(TEXT), "a")
    assert.strictEqual(result.success.fields.get(UnknownKeyword), 5)
  })

  it("rejects malformed objects (§1.2)", () => {
    const tag = (text: string) => {
      const result = readObject(text)
      return Result.isFailure(result) ? result.failure._tag : "ok"
    }
    assert.strictEqual(tag(`"string"`), "MalformedInput")
    assert.strictEqual(tag(`()`), "MalformedInput")
    assert.strictEqual(tag(`(1 :id 2)`), "MalformedInput")
    assert.strictEqual(tag(`(message :id)`), "MalformedInput")
    assert.strictEqual(tag(`(message id 2)`), "MalformedInput")
    assert.strictEqual(tag(`(message "id" 2)`), "MalformedInput")
    assert.strictEqual(tag(`(nonsense-class :id 2 :x)`), "MalformedInput")
    assert.strictEqual(tag(`(nil :id 2)`), "UnknownClass")
  })

  it("reports an unknown class with its name and id", () => {
    const result = readObject(`(Frobnicate :id 99 :text "x")`)
    if (Result.isSuccess(result) || result.failure._tag !== "UnknownClass") return assert.fail("expected UnknownClass")
    assert.strictEqual(result.failure.name, "frobnicate")
    assert.strictEqual(result.failure.id, 99)
  })
})
