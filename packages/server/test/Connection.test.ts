/**
 * The connection actor under `TestClock`: the handshake timeout, the ping
 * after `pingInterval` of silence, the idle timeout and the flood window,
 * with no real sleeping and no network (an in-memory socket); and how it
 * takes updates from its socket (back-pressure, updates left when the peer
 * hangs up).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber } from "effect"
import { TestClock } from "effect/testing"
import * as Connection from "../src/connection/Connection.ts"
import * as MemorySocket from "./support/MemorySocket.ts"
import { services } from "./support/Services.ts"


/** Starts a connection on a memory socket and completes the handshake as `name`. */
const connected = (name: string) =>
  Effect.gen(function*() {
    const peer = yield* MemorySocket.make
    const fiber = yield* Effect.forkChild(Connection.serve(peer.socket))
    yield* peer.push(`(connect :id 1 :version "2.0" :from "${name}" :extensions ())`)
    assert.strictEqual((yield* peer.next)._tag, "connect")
    assert.strictEqual((yield* peer.next)._tag, "join")
    assert.strictEqual((yield* peer.next)._tag, "message")
    return { peer, fiber }
  })

describe("Connection actor (TestClock)", () => {
  it.effect("closes a connection that sends nothing within the first-update timeout", () =>
    Effect.gen(function*() {
      const peer = yield* MemorySocket.make
      const fiber = yield* Effect.forkChild(Connection.serve(peer.socket))
      yield* peer.reading
      yield* TestClock.adjust("9 seconds")
      assert.isUndefined(peer.closedWith())
      yield* TestClock.adjust("2 seconds")
      yield* Fiber.join(fiber)
      assert.strictEqual(peer.closedWith(), 1008)
    }).pipe(Effect.provide(services({ firstUpdateTimeout: "10 seconds", handshakeTimeout: "30 seconds" }))))

  it.effect("at the handshake limit drops the oldest socket in its handshake, not an established one", () =>
    Effect.gen(function*() {
      const ana = yield* connected("ana")
      const idle = [yield* MemorySocket.makeFrom("10.0.0.1"), yield* MemorySocket.makeFrom("10.0.0.2")]
      for (const peer of idle) {
        yield* Effect.forkChild(Connection.serve(peer.socket))
        yield* peer.reading
      }
      const late = yield* MemorySocket.makeFrom("10.0.0.3")
      yield* Effect.forkChild(Connection.serve(late.socket))
      yield* late.reading
      // The oldest idle socket made room (1013: try again later); the others wait.
      assert.strictEqual(idle[0]!.closedWith(), 1013)
      assert.isUndefined(idle[1]!.closedWith())
      assert.isUndefined(ana.peer.closedWith())
      yield* late.push(`(connect :id 1 :version "2.0" :from "bob")`)
      assert.strictEqual((yield* late.next)._tag, "connect")
    }).pipe(Effect.provide(services({ handshakeLimit: 2 }))))

  it.effect("refuses a socket whose address has too many in their handshake; others are still admitted", () =>
    Effect.gen(function*() {
      const first = yield* MemorySocket.makeFrom("10.0.0.1")
      yield* Effect.forkChild(Connection.serve(first.socket))
      yield* first.reading
      const second = yield* MemorySocket.makeFrom("10.0.0.1")
      yield* Fiber.join(yield* Effect.forkChild(Connection.serve(second.socket)))
      assert.strictEqual(second.closedWith(), 1013)
      assert.isUndefined(first.closedWith())
      const other = yield* MemorySocket.makeFrom("10.0.0.2")
      yield* Effect.forkChild(Connection.serve(other.socket))
      yield* other.push(`(connect :id 1 :version "2.0" :from "bob")`)
      assert.strictEqual((yield* other.next)._tag, "connect")
      // Once the first completes its handshake, its address may start another.
      yield* first.push(`(connect :id 1 :version "2.0" :from "carl")`)
      assert.strictEqual((yield* first.next)._tag, "connect")
      const third = yield* MemorySocket.makeFrom("10.0.0.1")
      yield* Effect.forkChild(Connection.serve(third.socket))
      yield* third.push(`(connect :id 1 :version "2.0" :from "dora")`)
      assert.strictEqual((yield* third.next)._tag, "connect")
    }).pipe(Effect.provide(services({ handshakesPerAddress: 1 }))))

  it.effect("pings after the ping interval of silence, and not before", () =>
    Effect.gen(function*() {
      const { peer } = yield* connected("ana")
      yield* TestClock.adjust("59 seconds")
      assert.deepStrictEqual(yield* peer.written, [])
      yield* TestClock.adjust("1 second")
      const ping = yield* peer.next
      assert.strictEqual(ping._tag, "ping")
      assert.strictEqual(ping.from, "Clocked")
      // An answer resets the silence: no second ping within the interval.
      yield* peer.push(`(pong :id 5)`)
      yield* TestClock.adjust("59 seconds")
      assert.deepStrictEqual(yield* peer.written, [])
      yield* TestClock.adjust("1 second")
      assert.strictEqual((yield* peer.next)._tag, "ping")
    }).pipe(Effect.provide(services({ pingInterval: "60 seconds", idleTimeout: "120 seconds" }))))

  it.effect("drops an idle connection with connection-unstable after the idle timeout", () =>
    Effect.gen(function*() {
      const { peer, fiber } = yield* connected("ana")
      yield* TestClock.adjust("60 seconds")
      assert.strictEqual((yield* peer.next)._tag, "ping")
      yield* TestClock.adjust("59 seconds")
      assert.isUndefined(peer.closedWith())
      yield* TestClock.adjust("1 second")
      assert.strictEqual((yield* peer.next)._tag, "connection-unstable")
      yield* Fiber.join(fiber)
      assert.strictEqual(peer.closedWith(), 1001)
    }).pipe(Effect.provide(services({ pingInterval: "60 seconds", idleTimeout: "120 seconds" }))))

  it.effect("flood window: too-many-updates once, the excess dropped, then open again", () =>
    Effect.gen(function*() {
      const { peer } = yield* connected("ana")
      for (let i = 1; i <= 45; i++) yield* peer.push(`(ping :id ${100 + i})`)
      const replies: Array<string> = []
      for (let i = 0; i < 41; i++) replies.push((yield* peer.next)._tag)
      assert.strictEqual(replies.filter((t) => t === "pong").length, 40)
      assert.strictEqual(replies.filter((t) => t === "too-many-updates").length, 1)
      assert.deepStrictEqual(yield* peer.written, [])
      // Still within the window: dropped silently.
      yield* TestClock.adjust("10 seconds")
      yield* peer.push(`(ping :id 900)`)
      yield* TestClock.adjust("1 millis")
      assert.deepStrictEqual(yield* peer.written, [])
      // After the window passes, updates are handled again.
      yield* TestClock.adjust("21 seconds")
      yield* peer.push(`(ping :id 901)`)
      const pong = yield* peer.next
      assert.strictEqual(pong._tag, "pong")
      assert.strictEqual(pong.id, 901)
    }).pipe(Effect.provide(services({ floodFrame: "30 seconds", floodLimit: 40 }))))

  it.effect("stops reading from the peer while many updates wait, and reads again once they are handled", () =>
    Effect.gen(function*() {
      const { peer } = yield* connected("ana")
      // 70 frames of one create each: each waits for the registry and its channel.
      const names = Array.from({ length: 70 }, (_, i) => `room${i}`)
      for (const [i, name] of names.entries()) yield* peer.push(`(create :id ${10 + i} :channel "${name}")`)
      assert.deepStrictEqual(peer.flow(), ["pause"])
      const joined: Array<unknown> = []
      for (let i = 0; i < names.length; i++) {
        const update = yield* peer.next
        joined.push(update._tag === "join" ? update.channel : update._tag)
      }
      assert.deepStrictEqual(joined, names)
      assert.deepStrictEqual(peer.flow(), ["pause", "resume"])
      // A few updates at a time never pause it.
      yield* peer.push(`(create :id 200 :channel "few")\u0000(ping :id 201)`)
      assert.strictEqual((yield* peer.next).id, 200)
      assert.strictEqual((yield* peer.next).id, 201)
      assert.deepStrictEqual(peer.flow(), ["pause", "resume"])
    }).pipe(Effect.provide(services({ floodLimit: 1000, channelsPerUser: 1000, channelCreations: 1000 }))))

  it.effect("a user may create channelCreations channels per window; leaving gives none back, time does", () =>
    Effect.gen(function*() {
      const { peer } = yield* connected("ana")
      for (const name of ["a", "b"]) {
        yield* peer.push(`(create :id 10 :channel "${name}")`)
        assert.strictEqual((yield* peer.next)._tag, "join")
        yield* peer.push(`(leave :id 11 :channel "${name}")`)
        assert.strictEqual((yield* peer.next)._tag, "leave")
      }
      yield* peer.push(`(create :id 12 :channel "c")`)
      const refused = yield* peer.next
      assert.strictEqual(refused._tag, "too-many-updates")
      assert.include(refused._tag === "too-many-updates" ? refused.text : "", "try again in 60 seconds")
      // Anonymous channels count too.
      yield* peer.push(`(create :id 13)`)
      assert.strictEqual((yield* peer.next)._tag, "too-many-updates")
      yield* TestClock.adjust("61 seconds")
      yield* peer.push(`(create :id 14 :channel "c")`)
      assert.strictEqual((yield* peer.next)._tag, "join")
      const bob = yield* connected("bob")
      yield* bob.peer.push(`(create :id 15 :channel "d")`)
      assert.strictEqual((yield* bob.peer.next)._tag, "join")
    }).pipe(Effect.provide(services({ channelCreations: 2, channelCreationWindow: "1 minute", pingInterval: "100 seconds", idleTimeout: "200 seconds" }))))

  it.effect("handles the updates that arrived before the peer hung up, then closes", () =>
    Effect.gen(function*() {
      const ana = yield* connected("ana")
      const bob = yield* connected("bob")
      yield* ana.peer.written // bob's join of the primary channel
      yield* ana.peer.push(`(create :id 2 :channel "room")`)
      assert.strictEqual((yield* ana.peer.next)._tag, "join")
      yield* bob.peer.push(`(join :id 2 :channel "room")`)
      assert.strictEqual((yield* bob.peer.next)._tag, "join")
      // The socket ends while the first update (a create, which waits) is being handled.
      yield* ana.peer.push(`(create :id 3 :channel "other")\u0000(message :id 4 :channel "room" :text "a")\u0000(message :id 5 :channel "room" :text "b")`)
      yield* ana.peer.hangUp
      const seen: Array<string> = []
      for (let i = 0; i < 3; i++) {
        const update = yield* bob.peer.next
        seen.push(update._tag === "message" ? `${update.from}: ${update.text}` : `${update._tag} ${update.from}`)
      }
      assert.deepStrictEqual(seen, ["ana: a", "ana: b", "leave ana"])
      yield* Fiber.join(ana.fiber)
      assert.strictEqual(ana.peer.closedWith(), 1000)
    }).pipe(Effect.provide(services())))
})
