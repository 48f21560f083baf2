/**
 * Package resolution of class names and field keys, for every known class
 * and field: lichat-js writes `(BACKFILL :ID 5 …)`, the spec writes
 * `shirakumo:backfill`; both must read as the same class, whatever the
 * case, and what the server prints must read back in lichat-js's and the
 * Lisp library's way (the name alone, no package).
 */
import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import fc from "fast-check"
import { descriptors, findBare, printSymbol, printUpdate, readObject, type Descriptor, UnknownSymbol } from "../src/index.ts"

const all = descriptors()
const extensionClasses = all.filter((d) => d.pkg !== "lichat")

/** A name with each letter's case chosen by `upper`. */
const recase = (name: string, upper: ReadonlyArray<boolean>): string =>
  [...name].map((c, i) => (upper[i % Math.max(1, upper.length)] ? c.toUpperCase() : c.toLowerCase())).join("")

/** An object of the class with every slot present, as text, the class written `head`. */
const objectText = (d: Descriptor, head: string, upper: ReadonlyArray<boolean>): string =>
  `(${head}${d.slots.map((slot, i) => ` :${recase(slot.name, upper.slice(i))} ${i}`).join("")})`

const caseFlags = fc.array(fc.boolean(), { minLength: 1, maxLength: 12 })

describe("package resolution", () => {
  it("knows extension classes, so the test below is about something", () => {
    assert.isAbove(extensionClasses.length, 40)
    assert.isTrue(extensionClasses.some((d) => d.tag === "backfill"))
  })

  it("reads every class and field written bare, qualified or in any case as the same", () => {
    fc.assert(
      fc.property(fc.constantFrom(...all), caseFlags, fc.boolean(), (d, upper, qualified) => {
        const head = qualified ? `${recase(d.pkg, upper)}:${recase(d.tag, upper)}` : recase(d.tag, upper)
        const read = readObject(objectText(d, head, upper))
        assert.isTrue(Result.isSuccess(read), head)
        const object = Result.getOrThrow(read)
        assert.strictEqual(object.type, d.symbol, head)
        assert.deepStrictEqual([...object.fields.keys()], d.slots.map((slot) => slot.key), head)
        assert.deepStrictEqual([...object.fields.values()], d.slots.map((_, i) => i), head)
      }),
      { numRuns: 3000 }
    )
  })

  it("prints every class head bare, and the bare name reads back as the class", () => {
    for (const d of all) {
      assert.strictEqual(printSymbol(d.symbol), d.tag, d.tag)
      assert.strictEqual(findBare(d.tag.toUpperCase()), d.symbol, d.tag)
      for (const slot of d.slots) assert.strictEqual(printSymbol(slot.key), `:${slot.name}`)
    }
  })

  it("prints updates in the form lichat-js writes them itself, lower case aside", () => {
    // lichat-js master's printer: the class name, then `:KEY value` pairs, no package anywhere.
    const backfill = all.find((d) => d.tag === "backfill")!
    const read = Result.getOrThrow(readObject(`(BACKFILL :ID 12 :CLOCK 3900000000 :FROM "ana" :CHANNEL "lobby")`))
    assert.strictEqual(read.type, backfill.symbol)
    const printed = printUpdate(new (backfill.cls as unknown as new(f: object) => never)({ id: 12, channel: "lobby" }))
    assert.strictEqual(printed, `(backfill :id 12 :channel "lobby")`)
  })

  it("reads an unknown name, bare or in any package, as the placeholder", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z-]{0,20}$/), fc.constantFrom("", "shirakumo:", "lichat:", "x:"), (name, pkg) => {
        fc.pre(findBare(name) === undefined)
        const read = readObject(`(${pkg}${name} :id 1)`)
        assert.isTrue(Result.isFailure(read) && read.failure._tag === "UnknownClass")
        assert.strictEqual(findBare(name), undefined)
        assert.notStrictEqual(findBare(name), UnknownSymbol)
      })
    )
  })
})
