/**
 * The channel's behaviour without its host: messages handed straight to
 * `Channel.behaviour`, no actor, no socket; members are records whose
 * connections keep what they are given. What a channel does is a function
 * of its state and the messages it takes, so the same messages replayed
 * into a fresh channel give the same deliveries. Time is the TestClock's.
 */
import { Leave, Message, Pause } from "@lichat/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import type { ChannelMessage, ConnectionHandle, User } from "../src/Model.ts"
import { bareChannel, join, member, post, shape } from "./support/BareChannel.ts"
import { services } from "./support/Services.ts"

describe("channel behaviour, without its actor", () => {
  it.effect("enters, posts, refuses a non-member, departs: each message's deliveries", () =>
    Effect.gen(function*() {
      const ana = member("ana")
      const bob = member("bob")
      const eve = member("eve")
      const { receive, state } = yield* bareChannel("garden", "ana")
      yield* receive({ _tag: "Enter", user: ana.user, join: join(ana.user, "garden") })
      yield* receive({ _tag: "Enter", user: bob.user, join: join(bob.user, "garden") })
      yield* receive(post(ana, new Message({ id: 2, clock: 0, from: "ana", channel: "garden", text: "hi" })))
      yield* receive(post(eve, new Message({ id: 3, clock: 0, from: "eve", channel: "garden", text: "let me in" })))
      yield* receive({ _tag: "Depart", user: bob.user, leave: new Leave({ id: 4, clock: 0, from: "bob", channel: "garden" }) })
      assert.deepStrictEqual(shape(ana.inbox), [
        ["join", "ana", undefined],
        ["join", "bob", undefined],
        ["message", "ana", "hi"],
        ["leave", "bob", undefined]
      ])
      // The leaver sees its own leave too (§5.4.2).
      assert.deepStrictEqual(shape(bob.inbox), [["join", "bob", undefined], ["message", "ana", "hi"], ["leave", "bob", undefined]])
      assert.deepStrictEqual(eve.inbox.map((u) => u._tag), ["not-in-channel"])
      assert.deepStrictEqual(Array.from(state.members.keys()), ["ana"])
      assert.isFalse(bob.user.channels.has("garden"))
    }).pipe(Effect.provide(services())))

  it.effect("the same messages replayed into a fresh channel give the same deliveries", () =>
    Effect.gen(function*() {
      const script = (ana: User, bob: User, anaAt: ConnectionHandle, bobAt: ConnectionHandle): ReadonlyArray<ChannelMessage> => [
        { _tag: "Enter", user: ana, join: join(ana, "garden") },
        post({ user: bob, connection: bobAt }, new Message({ id: 5, clock: 0, from: "bob", channel: "garden", text: "early" })),
        { _tag: "Enter", user: bob, join: join(bob, "garden") },
        post({ user: ana, connection: anaAt }, new Pause({ id: 6, clock: 0, from: "ana", channel: "garden", by: 0 })),
        post({ user: bob, connection: bobAt }, new Message({ id: 7, clock: 0, from: "bob", channel: "garden", text: "late" })),
        { _tag: "Close", clock: 0 }
      ]
      const run = Effect.gen(function*() {
        const ana = member("ana")
        const bob = member("bob")
        const { receive, state } = yield* bareChannel("garden", "ana")
        for (const message of script(ana.user, bob.user, ana.connection, bob.connection)) yield* receive(message)
        assert.strictEqual(state.members.size, 0)
        return [shape(ana.inbox), shape(bob.inbox)]
      })
      const first = yield* run
      const second = yield* run
      assert.deepStrictEqual(second, first)
      assert.deepStrictEqual(first[1], [
        ["not-in-channel", "Clocked", "You are not in garden."],
        ["join", "bob", undefined],
        ["pause", "ana", undefined],
        ["message", "bob", "late"],
        ["leave", "ana", undefined],
        ["leave", "bob", undefined]
      ])
    }).pipe(Effect.provide(services())))

  it.effect("a paused channel holds a member to one update per pause, on the channel's clock", () =>
    Effect.gen(function*() {
      const ana = member("ana")
      const bob = member("bob")
      const { receive } = yield* bareChannel("garden", "ana")
      // The TestClock starts at the epoch; a real one is far past it.
      yield* TestClock.adjust("1 hour")
      for (const who of [ana, bob]) yield* receive({ _tag: "Enter", user: who.user, join: join(who.user, "garden") })
      yield* receive(post(ana, new Pause({ id: 2, clock: 0, from: "ana", channel: "garden", by: 10 })))
      const say = (id: number, text: string) =>
        receive(post(bob, new Message({ id, clock: 0, from: "bob", channel: "garden", text })))
      yield* say(3, "one")
      yield* TestClock.adjust("9 seconds")
      yield* say(4, "too soon")
      yield* TestClock.adjust("1 second")
      yield* say(5, "two")
      assert.deepStrictEqual(shape(bob.inbox), [
        ["join", "bob", undefined],
        ["pause", "ana", undefined],
        ["message", "bob", "one"],
        ["too-many-updates", "Clocked", "garden is paused: one update per 10 seconds."],
        ["message", "bob", "two"]
      ])
      // The registrant is never held back.
      yield* receive(post(ana, new Message({ id: 6, clock: 0, from: "ana", channel: "garden", text: "a" })))
      yield* receive(post(ana, new Message({ id: 7, clock: 0, from: "ana", channel: "garden", text: "b" })))
      assert.deepStrictEqual(shape(ana.inbox).slice(-2), [["message", "ana", "a"], ["message", "ana", "b"]])
    }).pipe(Effect.provide(services())))
})
