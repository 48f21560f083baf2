/**
 * A fiber on demand: one run of the work at a time, started again by the
 * next wake once it went idle, and stopped with its scope.
 */
import { assert, describe, it } from "@effect/vitest"
import { Deferred, Effect, Exit, Scope } from "effect"
import * as Drain from "../src/actors/Drain.ts"

describe("Drain", () => {
  it.live("runs the work at once inside wake; wakes while it runs start nothing more", () =>
    Effect.gen(function*() {
      const gate = yield* Deferred.make<void>()
      const waiting: Array<string> = ["a", "b"]
      const runs: Array<ReadonlyArray<string>> = []
      let current: Array<string> = []
      const drain = yield* Drain.make((drain) =>
        Effect.gen(function*() {
          current = []
          runs.push(current)
          while (true) {
            const item = waiting.shift()
            if (item === undefined) return drain.idle()
            current.push(item)
            if (item === "a") yield* Deferred.await(gate)
          }
        }), { inMicrotask: false })
      drain.wake()
      // Waiting after "a": a second wake (with "c" waiting) starts no second run.
      assert.isTrue(drain.running())
      waiting.push("c")
      drain.wake()
      assert.deepStrictEqual(runs, [["a"]])
      yield* Deferred.succeed(gate, undefined)
      yield* Effect.yieldNow
      assert.isFalse(drain.running())
      assert.deepStrictEqual(runs, [["a", "b", "c"]])
      // Idle: the next wake runs the work afresh, here to the end inside wake.
      waiting.push("d")
      drain.wake()
      assert.isFalse(drain.running())
      assert.deepStrictEqual(runs, [["a", "b", "c"], ["d"]])
    }).pipe(Effect.scoped))

  it.live("in a microtask: the waker's step finishes first", () =>
    Effect.gen(function*() {
      const seen: Array<string> = []
      const drain = yield* Drain.make((drain) => Effect.sync(() => {
        seen.push("work")
        drain.idle()
      }), { inMicrotask: true })
      const order = yield* Effect.promise(() =>
        new Promise<ReadonlyArray<string>>((resolve) => {
          drain.wake()
          seen.push("waker")
          queueMicrotask(() => resolve([...seen]))
        })
      )
      assert.deepStrictEqual(order, ["waker", "work"])
    }).pipe(Effect.scoped))

  it.live("closing its scope interrupts the work under way; later wakes do nothing", () =>
    Effect.gen(function*() {
      const scope = yield* Scope.make()
      let runs = 0
      let interrupted = false
      const stuck = yield* Drain.make(() =>
        Effect.never.pipe(Effect.onInterrupt(() => Effect.sync(() => void (interrupted = true)))), { inMicrotask: false }).pipe(
          Scope.provide(scope)
        )
      const quick = yield* Drain.make((drain) => Effect.sync(() => {
        runs++
        drain.idle()
      }), { inMicrotask: false }).pipe(Scope.provide(scope))
      stuck.wake()
      quick.wake()
      assert.strictEqual(runs, 1)
      yield* Scope.close(scope, Exit.void)
      assert.isTrue(interrupted)
      quick.wake()
      assert.strictEqual(runs, 1)
    }))
})
