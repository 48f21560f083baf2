/**
 * The channel's behaviour without its host: messages handed straight to
 * `Channel.behaviour`, no actor, no socket; members are records whose
 * connections keep what they are given. What a channel does is a function
 * of its state and the messages it takes, so the same messages replayed
 * into a fresh channel give the same deliveries. Time is the TestClock's.
 */
import {
  decodeUpdate,
  Join,
  Leave,
  Message,
  nameKey,
  Pause,
  readObject,
  regularChannelRules,
  splitFrame,
  type Update
} from "@lichat/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Result } from "effect"
import { TestClock } from "effect/testing"
import * as Actor from "../src/actors/Actor.ts"
import * as Channel from "../src/actors/Channel.ts"
import * as ChannelState from "../src/actors/ChannelState.ts"
import { Registry } from "../src/actors/Registry.ts"
import { ServerConfig } from "../src/config/ServerConfig.ts"
import * as Extensions from "../src/extensions/Extensions.ts"
import { channelSteps } from "../src/handlers/index.ts"
import type { ChannelHandle, ChannelMessage, ConnectionHandle, User } from "../src/Model.ts"
import type { OutFrame } from "../src/transport/FrameSocket.ts"
import { services } from "./support/Services.ts"

/** What one member's connection was given, read back as updates. */
type Inbox = Array<Update>

const read = (frame: OutFrame): Array<Update> =>
  splitFrame(typeof frame === "string" ? frame : frame.text).flatMap((text) => {
    const object = readObject(text)
    if (Result.isFailure(object)) return []
    const update = decodeUpdate(object.success)
    return Result.isSuccess(update) ? [update.success] : []
  })

/** A user with one connection that keeps every frame it is given. */
const member = (name: string): { readonly user: User; readonly connection: ConnectionHandle; readonly inbox: Inbox } => {
  const inbox: Inbox = []
  const connection: ConnectionHandle = {
    id: 0,
    address: "127.0.0.1",
    clientExtensions: new Set(),
    deliver: (frame) => void inbox.push(...read(frame)),
    close: () => undefined,
    connectedAt: 0
  }
  const user: User = { name, key: nameKey(name), connections: new Set([connection]), channels: new Map(), registered: false, blocked: new Set() }
  return { user, connection, inbox }
}

/** A channel's state and behaviour, with no mailbox: its handle's actor is never used here. */
const bareChannel = (name: string, registrant: string) =>
  Effect.gen(function*() {
    const registry = yield* Registry
    const config = yield* ServerConfig
    const handle: ChannelHandle = { name, key: nameKey(name), kind: "regular", actor: unusedActor }
    const state = ChannelState.makeState({
      handle,
      registrant,
      rules: regularChannelRules(registrant, Extensions.ruleTables(config)),
      historyLimit: 0,
      archive: undefined
    })
    const behaviour = Actor.byTag(Channel.behaviour(state, { steps: channelSteps, registry, config }))
    return { state, receive: (message: ChannelMessage) => Effect.asVoid(behaviour(message)) }
  })

const unusedActor: Actor.Actor<ChannelMessage> = {
  name: "unused",
  tell: () => false,
  send: () => Effect.die("the behaviour is driven directly"),
  call: () => Effect.die("the behaviour is driven directly")
}

/** The shape of what an inbox got: type, sender and text, without ids and clocks. */
const shape = (inbox: Inbox) =>
  inbox.map((u) => [u._tag, "from" in u ? u.from : undefined, "text" in u ? u.text : undefined] as const)

const join = (who: User, channel: string) => new Join({ id: 1, clock: 0, from: who.name, channel })

describe("channel behaviour, without its actor", () => {
  it.effect("enters, posts, refuses a non-member, departs: each message's deliveries", () =>
    Effect.gen(function*() {
      const ana = member("ana")
      const bob = member("bob")
      const eve = member("eve")
      const { receive, state } = yield* bareChannel("garden", "ana")
      yield* receive({ _tag: "Enter", user: ana.user, join: join(ana.user, "garden") })
      yield* receive({ _tag: "Enter", user: bob.user, join: join(bob.user, "garden") })
      yield* receive({ _tag: "Post", sender: ana, update: new Message({ id: 2, clock: 0, from: "ana", channel: "garden", text: "hi" }) })
      yield* receive({ _tag: "Post", sender: eve, update: new Message({ id: 3, clock: 0, from: "eve", channel: "garden", text: "let me in" }) })
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
        { _tag: "Post", sender: { user: bob, connection: bobAt }, update: new Message({ id: 5, clock: 0, from: "bob", channel: "garden", text: "early" }) },
        { _tag: "Enter", user: bob, join: join(bob, "garden") },
        { _tag: "Post", sender: { user: ana, connection: anaAt }, update: new Pause({ id: 6, clock: 0, from: "ana", channel: "garden", by: 0 }) },
        { _tag: "Post", sender: { user: bob, connection: bobAt }, update: new Message({ id: 7, clock: 0, from: "bob", channel: "garden", text: "late" }) },
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
      yield* receive({ _tag: "Post", sender: ana, update: new Pause({ id: 2, clock: 0, from: "ana", channel: "garden", by: 10 }) })
      const say = (id: number, text: string) =>
        receive({ _tag: "Post", sender: bob, update: new Message({ id, clock: 0, from: "bob", channel: "garden", text }) })
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
      yield* receive({ _tag: "Post", sender: ana, update: new Message({ id: 6, clock: 0, from: "ana", channel: "garden", text: "a" }) })
      yield* receive({ _tag: "Post", sender: ana, update: new Message({ id: 7, clock: 0, from: "ana", channel: "garden", text: "b" }) })
      assert.deepStrictEqual(shape(ana.inbox).slice(-2), [["message", "ana", "a"], ["message", "ana", "b"]])
    }).pipe(Effect.provide(services())))
})
