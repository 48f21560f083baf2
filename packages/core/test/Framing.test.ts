import { assert, describe, it } from "@effect/vitest"
import { NulSplitter, splitFrame } from "../src/Framing.ts"

describe("splitFrame", () => {
  it("reads a frame with or without its NUL, and several updates per frame", () => {
    assert.deepStrictEqual(splitFrame("(ping :id 1)"), ["(ping :id 1)"])
    assert.deepStrictEqual(splitFrame("(ping :id 1)\u0000"), ["(ping :id 1)"])
    assert.deepStrictEqual(splitFrame("(ping :id 1)\u0000(pong :id 2)\u0000"), ["(ping :id 1)", "(pong :id 2)"])
    assert.deepStrictEqual(splitFrame("(ping :id 1)\u0000\u0000 \n\u0000(pong :id 2)"), ["(ping :id 1)", "(pong :id 2)"])
    assert.deepStrictEqual(splitFrame(""), [])
    assert.deepStrictEqual(splitFrame("  \u0000"), [])
  })
})

describe("NulSplitter", () => {
  it("joins updates split across chunks", () => {
    const splitter = new NulSplitter(100)
    assert.deepStrictEqual(splitter.feed("(ping "), [])
    assert.deepStrictEqual(splitter.feed(":id 1)\u0000(po"), ["(ping :id 1)"])
    assert.deepStrictEqual(splitter.feed("ng :id 2)\u0000"), ["(pong :id 2)"])
    assert.strictEqual(splitter.pending, 0)
  })

  it("cuts an over-long update once and resynchronises at the next NUL", () => {
    const splitter = new NulSplitter(10)
    const first = splitter.feed("x".repeat(8))
    assert.deepStrictEqual(first, [])
    const second = splitter.feed("x".repeat(8))
    assert.strictEqual(second.length, 1)
    assert.strictEqual((second[0] as { _tag: string })._tag, "TooLong")
    assert.isAtMost(splitter.pending, 10)
    assert.deepStrictEqual(splitter.feed("x".repeat(1000)), [])
    assert.strictEqual(splitter.pending, 0)
    assert.deepStrictEqual(splitter.feed("yyy\u0000(ok)\u0000"), ["(ok)"])
  })

  it("cuts an over-long update that ends inside one chunk", () => {
    const splitter = new NulSplitter(5)
    const out = splitter.feed("abcdefgh\u0000(a)\u0000")
    assert.strictEqual(out.length, 2)
    assert.strictEqual((out[0] as { _tag: string })._tag, "TooLong")
    assert.strictEqual(out[1], "(a)")
  })
})
