/**
 * When an actor handles what it is told: in the same event-loop turn as
 * the `tell` (its mailbox wakes it in a microtask), yet never so eagerly
 * that a busy actor keeps the event loop from its timers and sockets.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Actor from "../src/Actor.ts"

/** Resolves in the event loop's next check phase, after pending I/O and microtasks. */
const nextTurn = Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))

describe("Actor", () => {
  it.live("a command told from a plain callback is handled before the callback's microtasks end", () =>
    Effect.gen(function*() {
      const handled: Array<string> = []
      const actor = yield* Actor.make<string, never>({
        name: "recorder",
        capacity: 16,
        handle: (command) => Effect.sync(() => void handled.push(command))
      })
      yield* nextTurn // the actor's fiber has started and waits on its mailbox
      // As a socket callback would: tell, then look once the microtasks queued so far have run.
      const seen = yield* Effect.promise(() =>
        new Promise<ReadonlyArray<string>>((resolve) => {
          assert.isTrue(actor.tell("hello"))
          void Promise.resolve().then(() => Promise.resolve()).then(() => resolve([...handled]))
        })
      )
      assert.deepStrictEqual(seen, ["hello"])
    }).pipe(Effect.scoped))

  it.live("an actor that keeps telling itself still lets the event loop turn", () =>
    Effect.gen(function*() {
      const limit = 100_000
      let spins = 0
      const self: { actor?: Actor.Actor<"spin"> } = {}
      self.actor = yield* Actor.make<"spin", never>({
        name: "spinner",
        capacity: 16,
        handle: () =>
          Effect.sync(() => {
            if (++spins < limit) self.actor!.tell("spin")
          })
      })
      self.actor.tell("spin")
      // An actor that kept the loop to itself would finish all its spins first.
      yield* nextTurn
      const spinsAtTurn = spins
      assert.isAbove(spinsAtTurn, 0)
      assert.isBelow(spinsAtTurn, limit)
    }).pipe(Effect.scoped))
})
