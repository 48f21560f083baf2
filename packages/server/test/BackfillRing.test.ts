/**
 * The backfill history ring against a plain array model: the same updates
 * kept, in the same order, with the same text, whatever the sizes, bounds
 * and wrap-arounds.
 */
import { assert, describe, it } from "@effect/vitest"
import * as fc from "fast-check"
import { BackfillRing, type HistoryEntry } from "../src/extensions/backfill/BackfillRing.ts"

interface Kept {
  readonly seq: number
  readonly clock: number
  readonly fromKey: string | undefined
  readonly isJoin: boolean
  readonly frame: string
}

const contents = (history: BackfillRing): Array<Kept> => {
  const out: Array<Kept> = []
  history.forEach((entry: HistoryEntry) => {
    out.push({ seq: entry.seq, clock: entry.clock, fromKey: entry.fromKey, isJoin: entry.isJoin, frame: entry.frame })
  })
  return out
}

/** What the history should hold: the newest updates within both bounds, oversized ones never kept. */
const model = (limit: number, maxBytes: number, added: ReadonlyArray<Kept>): Array<Kept> => {
  const kept: Array<Kept> = []
  let bytes = 0
  for (const entry of added) {
    const size = Buffer.byteLength(entry.frame)
    if (size > maxBytes) continue
    while (kept.length > 0 && (kept.length >= limit || bytes + size > maxBytes)) bytes -= Buffer.byteLength(kept.shift()!.frame)
    kept.push(entry)
    bytes += size
  }
  return kept
}

const frame = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 20 }))

describe("BackfillRing", () => {
  it("keeps the last updates within its count and byte bounds, text intact across wrap-arounds and growth", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 1, max: 64 }),
        fc.array(fc.tuple(frame, fc.option(fc.constantFrom("ana", "bo", "cy"), { nil: undefined }), fc.boolean()), { maxLength: 120 }),
        (limit, maxBytes, firstBytes, updates) => {
          const history = new BackfillRing(limit, maxBytes, firstBytes)
          const added = updates.map(([text, fromKey, isJoin], i): Kept => ({ seq: i + 1, clock: 1000 + i, fromKey, isJoin, frame: text }))
          for (const entry of added) history.add(entry, entry.frame)
          const expected = model(limit, maxBytes, added)
          const actual = contents(history)
          // A plain comparison: a failing run is then reported (and shrunk) without diffing long texts.
          return actual.length === expected.length &&
            actual.every((entry, i) => JSON.stringify(entry) === JSON.stringify(expected[i])) &&
            history.size === expected.length &&
            history.byteSize === expected.reduce((sum, entry) => sum + Buffer.byteLength(entry.frame), 0)
        }
      ),
      { numRuns: 1000 }
    )
  })

  it("holds long frames across growth of its default-sized ring", () => {
    const history = new BackfillRing(3, 1_000_000)
    const frames = ["a".repeat(3000), "ü".repeat(2500), "b".repeat(10), "c".repeat(9000)]
    frames.forEach((text, i) => history.add({ seq: i, clock: i, fromKey: undefined, isJoin: false }, text))
    assert.deepStrictEqual(contents(history).map((entry) => entry.frame.length), [2500, 10, 9000])
    assert.isTrue(contents(history)[0]!.frame === frames[1])
    assert.strictEqual(history.byteSize, 5000 + 10 + 9000)
  })

  it("writes after the newest bytes when the oldest kept update is empty", () => {
    // Found by the property above: an empty frame's offset says nothing about where the bytes are.
    const history = new BackfillRing(3, 2, 1)
    ;[" ", "", " ", "!"].forEach((text, i) => history.add({ seq: i, clock: i, fromKey: undefined, isJoin: false }, text))
    assert.deepStrictEqual(contents(history).map((entry) => entry.frame), ["", " ", "!"])
  })

  it("drops the oldest update when full, and never keeps a frame over the byte bound", () => {
    const history = new BackfillRing(2, 10)
    history.add({ seq: 1, clock: 1, fromKey: "ana", isJoin: true }, "one")
    history.add({ seq: 2, clock: 2, fromKey: "ana", isJoin: false }, "two")
    history.add({ seq: 3, clock: 3, fromKey: undefined, isJoin: false }, "three")
    history.add({ seq: 4, clock: 4, fromKey: undefined, isJoin: false }, "far too long")
    assert.deepStrictEqual(contents(history).map((entry) => entry.frame), ["two", "three"])
    // 8 bytes: "three" must go too, for the byte bound
    history.add({ seq: 5, clock: 5, fromKey: undefined, isJoin: false }, "ünïcö")
    assert.deepStrictEqual(contents(history).map((entry) => [entry.seq, entry.frame]), [[5, "ünïcö"]])
  })
})
