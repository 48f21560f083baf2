import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import { print, printNumber, printObject, printString, printValue } from "../src/Printer.ts"
import { defineClass, intern, keyword, lichat, NIL, Sym, T } from "../src/Symbol.ts"
import type { Value } from "../src/Value.ts"

describe("Printer", () => {
  it("prints strings quoted and escaped, without NULs", () => {
    assert.strictEqual(printString("hi"), `"hi"`)
    assert.strictEqual(printString(`a"b\\c`), `"a\\"b\\\\c"`)
    assert.strictEqual(printString("a\u0000b\u0000"), `"ab"`)
  })

  it("prints symbols canonically", () => {
    assert.strictEqual(printValue(lichat("message")), "message")
    assert.strictEqual(printValue(keyword("update-id")), ":update-id")
    // Extension classes print bare, as lichat-js, ex-lichat and the Lisp library read them.
    assert.strictEqual(printValue(defineClass(intern("Shirakumo", "Backfill"))), "backfill")
    // Other extension symbols keep their package, as lichat-js compares them.
    assert.strictEqual(printValue(intern("shirakumo", "ip")), "shirakumo:ip")
    assert.strictEqual(printValue(NIL), "nil")
    assert.strictEqual(printValue(T), "t")
    assert.strictEqual(printValue(intern("x-test", "a b")), "x-test:a\\ b")
  })

  it("writes a class's package only where its bare name would read as another symbol", () => {
    const first = defineClass(intern("x-first", "zork"))
    const second = defineClass(intern("x-second", "zork"))
    const shadow = defineClass(intern("x-test", "message"))
    assert.strictEqual(printValue(first), "zork")
    assert.strictEqual(printValue(second), "x-second:zork")
    assert.strictEqual(printValue(shadow), "x-test:message")
    assert.strictEqual(printValue(lichat("message")), "message")
  })

  it("escapes what ends a token for lichat-js and the Lisp reader", () => {
    assert.strictEqual(printValue(keyword("h264")), ":h\\2\\6\\4")
    assert.strictEqual(printValue(lichat("a.b#c")), "a\\.b\\#c")
  })

  it("prints numbers in full, never with an exponent", () => {
    assert.strictEqual(printNumber(0), "0")
    assert.strictEqual(printNumber(-0), "0")
    assert.strictEqual(printNumber(3900000000), "3900000000")
    assert.strictEqual(printNumber(123456789012345678901234567890n), "123456789012345678901234567890")
    assert.strictEqual(printNumber(1.5), "1.5")
    assert.strictEqual(printNumber(1e21), "1000000000000000000000")
    assert.strictEqual(printNumber(1e-7), "0.0000001")
  })

  it("prints lists", () => {
    assert.strictEqual(printValue([1, "a", [lichat("t"), []]]), `(1 "a" (t ()))`)
  })

  it("prints objects", () => {
    const message = defineClass(lichat("message"))
    const fields = new Map<Sym, Value>([[keyword("id"), 1], [keyword("text"), "hi"]])
    assert.deepStrictEqual(printObject({ type: message, fields }), Result.succeed(`(message :id 1 :text "hi")`))
  })

  it("refuses symbols containing NUL and non-finite numbers", () => {
    const bad = new Sym("lichat", "a\u0000b", false)
    const result = print([1, bad])
    assert.isTrue(Result.isFailure(result) && result.failure._tag === "UnprintableSymbol")
    const nan = print(Number.NaN)
    assert.isTrue(Result.isFailure(nan) && nan.failure._tag === "UnprintableNumber")
    // The unchecked printer never emits a NUL.
    assert.notInclude(printValue(bad), "\u0000")
  })
})

describe("Printer: decimals", () => {
  it("keeps the shortest digits of small decimals", () => {
    assert.strictEqual(printNumber(1.2345e-7), "0.00000012345")
    assert.strictEqual(printNumber(-2.5e-9), "-0.0000000025")
  })
})
