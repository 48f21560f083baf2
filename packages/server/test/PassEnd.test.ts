/**
 * The end of a pass: every barrier (the store's commit) runs before every
 * flush (the sockets' uncork), whatever order they were asked in, once.
 */
import { assert, describe, it } from "@effect/vitest"
import * as PassEnd from "../src/PassEnd.ts"

describe("PassEnd", () => {
  it("runs the barriers before the flushes, once each, at the end of the pass", async () => {
    const order: Array<string> = []
    PassEnd.flush(() => order.push("uncork a"))
    PassEnd.beforeFlush(() => order.push("commit"))
    PassEnd.flush(() => order.push("uncork b"))
    assert.deepStrictEqual(order, [])
    await new Promise<void>((resolve) => setImmediate(resolve))
    assert.deepStrictEqual(order, ["commit", "uncork a", "uncork b"])
    PassEnd.flush(() => order.push("next pass"))
    await new Promise<void>((resolve) => setImmediate(resolve))
    assert.deepStrictEqual(order, ["commit", "uncork a", "uncork b", "next pass"])
  })
})
