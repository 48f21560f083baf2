/**
 * When an actor handles what it is told: in the same event-loop turn as
 * the `tell` (its mailbox wakes it in a microtask), yet never so eagerly
 * that a busy actor keeps the event loop from its timers and sockets. And
 * its mailbox: replies, a failing message, a full mailbox, and stopping
 * with its scope.
 */
import { assert, describe, it } from "@effect/vitest"
import { Deferred, Effect, Exit, Fiber, Option, References, Request, Scope } from "effect"
import * as Actor from "../src/actors/Actor.ts"

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

  it.live("answers each call with its handler's reply; a message that dies fails its own call and the next is still handled", () =>
    Effect.gen(function*() {
      const seen: Array<string> = []
      const actor = yield* Actor.make<Keep | Count, never>({
        name: "keeper",
        capacity: 16,
        handle: Actor.byTag<Keep | Count, never>({
          Keep: ({ text }) => text === "die" ? Effect.die("broken") : Effect.sync(() => seen.push(text)),
          Count: () => Effect.sync(() => `${seen.length} kept`)
        })
      })
      const keep = (text: string) => Effect.forkChild(actor.call(new Keep({ text })))
      const first = yield* keep("a")
      const broken = yield* keep("die")
      const third = yield* keep("b")
      assert.strictEqual(yield* Fiber.join(first), 1)
      const failed = yield* Fiber.await(broken)
      assert.isTrue(Exit.isFailure(failed))
      assert.deepStrictEqual(Exit.findErrorOption(failed), Option.some(new Actor.ActorStopped({ actor: "keeper" })))
      assert.strictEqual(yield* Fiber.join(third), 2)
      const count: string = yield* actor.call(new Count())
      assert.strictEqual(count, "2 kept")
      assert.deepStrictEqual(seen, ["a", "b"])
    }).pipe(Effect.scoped, Effect.provideService(References.MinimumLogLevel, "None")))

  it.live("a full mailbox refuses tell; send waits for room and keeps its place", () =>
    Effect.gen(function*() {
      const gate = yield* Deferred.make<void>()
      const handled: Array<string> = []
      const actor = yield* Actor.make<string, never>({
        name: "narrow",
        capacity: 2,
        handle: (command) =>
          Effect.andThen(command === "block" ? Deferred.await(gate) : Effect.void, Effect.sync(() => void handled.push(command)))
      })
      assert.isTrue(actor.tell("block"))
      yield* nextTurn // the actor has taken "block" and waits on the gate
      assert.isTrue(actor.tell("a"))
      assert.isTrue(actor.tell("b"))
      assert.isFalse(actor.tell("c"))
      const sent = yield* Effect.forkChild(actor.send("d"))
      yield* nextTurn
      assert.isUndefined(sent.pollUnsafe())
      yield* Deferred.succeed(gate, undefined)
      yield* Fiber.join(sent)
      yield* nextTurn
      assert.deepStrictEqual(handled, ["block", "a", "b", "d"])
    }).pipe(Effect.scoped))

  it.live("closing its scope interrupts the message under way, fails the calls waiting and closes the mailbox", () =>
    Effect.gen(function*() {
      const scope = yield* Scope.make()
      let interrupted = false
      const actor = yield* Actor.make<"stick" | "pass", never>({
        name: "closing",
        capacity: 16,
        handle: (message) =>
          message === "stick" ? Effect.never.pipe(Effect.onInterrupt(() => Effect.sync(() => void (interrupted = true)))) : Effect.void
      }).pipe(Scope.provide(scope))
      const stuck = yield* Effect.forkChild(actor.call("stick"))
      const waiting = yield* Effect.forkChild(actor.call("pass"))
      yield* nextTurn
      yield* Scope.close(scope, Exit.void)
      assert.isTrue(interrupted)
      for (const fiber of [stuck, waiting]) {
        assert.deepStrictEqual(Exit.findErrorOption(yield* Fiber.await(fiber)), Option.some(new Actor.ActorStopped({ actor: "closing" })))
      }
      assert.isFalse(actor.tell("pass"))
    }))
})

/** Keeps a text; replies with how many are kept. */
class Keep extends Request.TaggedClass("Keep")<{ readonly text: string }, number> {}
/** Replies with a summary of what is kept. */
class Count extends Request.TaggedClass("Count")<{}, string> {}
