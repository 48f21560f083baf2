/**
 * Properties over arbitrary instances of every update class: encoding then
 * decoding, and printing then reading then decoding, give the update back.
 */
import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import fc from "fast-check"
import {
  decodeUpdate,
  descriptors,
  encodeUpdate,
  intern,
  keyword,
  lichat,
  printUpdate,
  readObject,
  type Descriptor,
  type Sym,
  type Update,
  type Value
} from "../src/index.ts"

const symbols: ReadonlyArray<Sym> = [lichat("message"), lichat("join"), keyword("text"), intern("shirakumo", "backfill")]
const sym = fc.constantFrom(...symbols)
const text = fc.string({ unit: "binary", maxLength: 20 }).map((s) => s.replace(/\u0000/g, ""))
const integer = fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((n) =>
  n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n
)
const natural = fc.bigInt({ min: 0n, max: 2n ** 70n }).map((n) => n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n)
const { value } = fc.letrec<{ value: Value; list: Array<Value> }>((tie) => ({
  value: fc.oneof({ depthSize: "small" }, text, integer, fc.constantFrom(...symbols, lichat("nil"), lichat("t")), tie("list")),
  list: fc.array(tie("value"), { maxLength: 4 })
}))
const list = fc.array(value, { maxLength: 4 })

const arbitraryOf = (type: string): fc.Arbitrary<unknown> => {
  switch (type) {
    case "id":
      return fc.oneof(natural, text)
    case "integer":
      return natural
    case "string":
      return text
    case "symbol":
      return sym
    case "boolean":
      return fc.boolean()
    case "list":
      return list
    case "(list string)":
      return fc.array(text, { maxLength: 4 })
    case "(list symbol)":
      return fc.array(sym, { maxLength: 4 })
    case "(list list)":
      return fc.array(list, { maxLength: 3 })
    case "(list (list string))":
      return fc.array(fc.array(text, { maxLength: 3 }), { maxLength: 3 })
    case "(list (list list))":
      return fc.array(fc.array(list, { maxLength: 2 }), { maxLength: 2 })
    case "(or (list symbol) t)":
      return fc.oneof(fc.constant(true), fc.array(sym, { maxLength: 3 }))
    default:
      throw new Error(`no arbitrary for ${type}`)
  }
}

/** Arbitrary instances of one class, built with its Schema constructor (which validates them). */
const instances = (d: Descriptor): fc.Arbitrary<Update> => {
  const model: Record<string, fc.Arbitrary<unknown>> = {}
  const required: Array<string> = []
  for (const slot of d.slots) {
    model[slot.field] = arbitraryOf(slot.type)
    if (!slot.optional) required.push(slot.field)
  }
  const Cls = d.cls as unknown as new(props: Record<string, unknown>) => Update
  return fc.record(model, { requiredKeys: required }).map((props) => new Cls(props))
}

const every = fc.oneof(...descriptors().map(instances))

describe("update properties", () => {
  it("covers every class", () => {
    assert.strictEqual(descriptors().length, 98)
  })

  it("decode(encode(u)) is u, for every class", () => {
    fc.assert(
      fc.property(every, (u) => {
        const decoded = decodeUpdate(encodeUpdate(u))
        if (Result.isFailure(decoded)) return assert.fail(`${u._tag}: ${decoded.failure.text}`)
        assert.deepStrictEqual({ ...decoded.success }, { ...u })
        assert.strictEqual(Object.getPrototypeOf(decoded.success), Object.getPrototypeOf(u))
      }),
      { numRuns: 2000 }
    )
  })

  it("decode(read(print(u))) is u, for every class", () => {
    fc.assert(
      fc.property(every, (u) => {
        const read = readObject(printUpdate(u))
        if (Result.isFailure(read)) return assert.fail(`${u._tag}: ${read.failure._tag}`)
        const decoded = decodeUpdate(read.success)
        if (Result.isFailure(decoded)) return assert.fail(`${u._tag}: ${decoded.failure.text}`)
        assert.deepStrictEqual({ ...decoded.success }, { ...u })
      }),
      { numRuns: 2000 }
    )
  })
})
