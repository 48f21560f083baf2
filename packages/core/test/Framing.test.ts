import { assert, describe, it } from "@effect/vitest"
import * as fc from "fast-check"
import { FRAME_OVERFLOW, FrameQueue, NulSplitter, splitFrame } from "../src/Framing.ts"

/** Everything a queue gives until it is empty. */
const drain = (queue: FrameQueue): Array<string | typeof FRAME_OVERFLOW> => {
  const out: Array<string | typeof FRAME_OVERFLOW> = []
  for (let next = queue.next(); next !== undefined; next = queue.next()) out.push(next)
  return out
}

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

describe("FrameQueue", () => {
  it("gives what splitFrame gives, frame after frame, and holds nothing once read", () => {
    const piece = fc.oneof(fc.constantFrom("", " ", "\n\t"), fc.string({ maxLength: 6 }).map((s) => s.replace(/\u0000/g, "")))
    const frame = fc.array(piece, { maxLength: 8 }).chain((pieces) => fc.boolean().map((nul) => pieces.join("\u0000") + (nul ? "\u0000" : "")))
    fc.assert(
      fc.property(fc.array(frame, { maxLength: 6 }), (frames) => {
        const queue = new FrameQueue(100)
        for (const f of frames) queue.push(f)
        assert.deepStrictEqual(drain(queue), frames.flatMap(splitFrame))
        assert.strictEqual(queue.frameCount, 0)
        assert.strictEqual(queue.characters, 0)
      })
    )
  })

  it("cuts a frame of more pieces than allowed (blank ones count) and goes on with the next", () => {
    const queue = new FrameQueue(3)
    queue.push("a\u0000b\u0000c\u0000d\u0000e")
    queue.push("\u0000\u0000\u0000\u0000\u0000(x)")
    queue.push("f\u0000g\u0000h\u0000")
    assert.deepStrictEqual(drain(queue), ["a", "b", "c", FRAME_OVERFLOW, FRAME_OVERFLOW, "f", "g", "h"])
  })

  it("takes a million updates of one frame, releasing the frame at its end", () => {
    const queue = new FrameQueue(2_000_000)
    queue.push("ab\u0000".repeat(1_000_000))
    assert.strictEqual(queue.characters, 3_000_000)
    let count = 0
    while (queue.next() !== undefined) count++
    assert.strictEqual(count, 1_000_000)
    assert.strictEqual(queue.characters, 0)
  })

  it("keeps order over many frames queued and taken in turns", () => {
    const queue = new FrameQueue(10)
    const taken: Array<string | typeof FRAME_OVERFLOW> = []
    for (let i = 0; i < 5_000; i++) {
      queue.push(`${i}\u0000`)
      if (i % 3 === 0) taken.push(...drain(queue))
    }
    taken.push(...drain(queue))
    assert.deepStrictEqual(taken, Array.from({ length: 5_000 }, (_, i) => String(i)))
  })
})
