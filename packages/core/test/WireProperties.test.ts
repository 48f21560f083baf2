import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import fc from "fast-check"
import { NulSplitter, splitFrame } from "../src/Framing.ts"
import { printValue } from "../src/Printer.ts"
import { readObject, readObjectSlowly, readValue } from "../src/Reader.ts"
import { defineClass, intern, keyword, lichat, NIL, type Sym, T } from "../src/Symbol.ts"
import type { Value } from "../src/Value.ts"

const symbols = [
  defineClass(lichat("message")),
  keyword("id"),
  keyword("text"),
  keyword("update-id"),
  intern("shirakumo", "backfill"),
  NIL,
  T,
  lichat("+"),
  lichat("-")
]

/** Integers as the reader returns them: `number` when safe, `bigint` beyond. */
const integer = fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map((n) =>
  n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n
)
const decimal = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0) && !Number.isInteger(d))
const text = fc.string({ unit: "binary", maxLength: 40 }).map((s) => s.replace(/\u0000/g, ""))

const { value } = fc.letrec<{ value: Value; list: Array<Value> }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    text,
    integer,
    decimal,
    fc.constantFrom(...symbols),
    tie("list")
  ),
  list: fc.array(tie("value"), { maxLength: 5 })
}))

const message = `(message :id 12 :clock 3900000000 :from "ana" :channel "lobby" :text "hi \\"there\\"" :rich ((1 2) "x"))`

describe("wire properties", () => {
  it("read(print(v)) is v for arbitrary values", () => {
    fc.assert(
      fc.property(value, (v) => {
        const read = readValue(printValue(v))
        assert.isTrue(Result.isSuccess(read))
        if (Result.isSuccess(read)) assert.deepStrictEqual(read.success, v)
      }),
      { numRuns: 500 }
    )
  })

  it("printing never emits a NUL, even for strings holding NULs", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => !printValue([s, s]).includes("\u0000")),
      { numRuns: 300 }
    )
  })

  it("the reader returns a result for any string at all", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (s) => {
        const result = readObject(s)
        return Result.isSuccess(result) || typeof result.failure._tag === "string"
      }),
      { numRuns: 2000 }
    )
  })

  it("the reader returns a result for truncated and mutated updates", () => {
    const mutated = fc
      .tuple(fc.nat(message.length), fc.nat(message.length), fc.string({ unit: "binary", maxLength: 3 }))
      .map(([at, cut, insert]) => message.slice(0, at) + insert + message.slice(Math.min(at + (cut % 4), message.length)))
    fc.assert(
      fc.property(fc.oneof(mutated, fc.nat(message.length).map((n) => message.slice(0, n))), (s) => {
        const result = readObject(s)
        return Result.isSuccess(result) || typeof result.failure._tag === "string"
      }),
      { numRuns: 3000 }
    )
  })

  it("reading an object in one pass gives what reading it whole and then checking its shape gives", () => {
    // Objects of every shape: known and unknown classes, keywords and other
    // symbols as keys, missing values, repeated keys, nested values; then
    // cut, spliced with stray characters, and read under tight limits.
    const head = fc.oneof(fc.constantFrom<Value>(...symbols, lichat("nonesuch")), integer, text)
    const pair = fc.tuple(fc.constantFrom<Value>(...symbols.slice(1, 5), keyword("nonesuch"), lichat("id")), value)
    const object = fc.tuple(head, fc.array(pair, { maxLength: 5 }), fc.boolean()).map(([h, pairs, odd]) => {
      const list: Array<Value> = [h, ...pairs.flat()]
      return printValue(odd ? [...list, keyword("id")] : list)
    })
    const stray = fc.constantFrom("(", ")", "\"", ":", " ", "\\", "\u0000", "a", "1", "keyword:id ", "lichat:")
    const edited = fc
      .tuple(object, fc.nat(), fc.nat(4), fc.array(stray, { maxLength: 2 }))
      .map(([o, at, cut, insert]) => {
        const i = at % (o.length + 1)
        return o.slice(0, i) + insert.join("") + o.slice(Math.min(i + cut, o.length))
      })
    const outcome = (result: ReturnType<typeof readObject>) =>
      Result.isSuccess(result)
        ? { type: result.success.type as Sym | string, fields: [...result.success.fields] }
        : { type: "failure", fields: [result.failure._tag, JSON.stringify(result.failure, (_, v) => typeof v === "bigint" ? `${v}n` : v)] }
    fc.assert(
      fc.property(
        fc.oneof(object, edited, fc.constant(message)),
        fc.option(fc.integer({ min: 0, max: 4 })),
        fc.option(fc.nat(120)),
        (s, maxDepth, maxLength) => {
          const options = { maxDepth: maxDepth ?? undefined, maxLength: maxLength ?? undefined }
          assert.deepStrictEqual(outcome(readObject(s, options)), outcome(readObjectSlowly(s, options)), s)
        }
      ),
      { numRuns: 5000 }
    )
  })

  it("honours the length and depth limits", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 300 }), fc.integer({ min: 0, max: 299 }), (s, limit) => {
        const result = readValue(s, { maxLength: limit })
        return s.length <= limit || (Result.isFailure(result) && result.failure._tag === "TooLong")
      })
    )
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 100 }), (depth, limit) => {
        const result = readValue("(".repeat(depth) + ")".repeat(depth), { maxDepth: limit })
        return depth <= limit ? Result.isSuccess(result) : Result.isFailure(result) && result.failure._tag === "TooDeep"
      })
    )
  })

  it("a stream split anywhere yields the same updates as one frame", () => {
    const updates = fc.array(fc.constantFrom("(ping :id 1)", message, "(pong :id 2)"), { minLength: 1, maxLength: 6 })
    fc.assert(
      fc.property(updates, fc.array(fc.nat(), { maxLength: 8 }), (list, cuts) => {
        const stream = list.map((u) => u + "\u0000").join("")
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b)
        const splitter = new NulSplitter(1000)
        const out: Array<string | object> = []
        let last = 0
        for (const p of [...points, stream.length]) {
          out.push(...splitter.feed(stream.slice(last, p)))
          last = p
        }
        assert.deepStrictEqual(out, list)
        assert.deepStrictEqual(splitFrame(stream), list)
      })
    )
  })
})
