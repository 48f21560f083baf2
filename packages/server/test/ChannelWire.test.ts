/**
 * The channel's messages can cross a process: each kind, encoded by its
 * Schema to JSON and decoded on the other side (references resolved in a
 * directory there), is handled to the same deliveries as the message
 * itself; what is not a channel message is refused on decoding.
 */
import { Kick, Leave, Message, Pause } from "@lichat/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { type Directory, fromWire, toWire, WireMessage } from "../src/actors/ChannelWire.ts"
import type { ChannelMessage, User } from "../src/Model.ts"
import { bareChannel, join, member, post, shape } from "./support/BareChannel.ts"
import { services } from "./support/Services.ts"

type Member = ReturnType<typeof member>

/** The messages of a short life of a channel, among `ana`, `bob` and `cat`. */
const script = (ana: Member, bob: Member, cat: Member): ReadonlyArray<ChannelMessage> => [
  { _tag: "Enter", user: ana.user, join: join(ana.user, "garden") },
  { _tag: "Enter", user: bob.user, join: join(bob.user, "garden") },
  { _tag: "Enter", user: cat.user, join: join(cat.user, "garden") },
  post(ana, new Message({ id: 2, clock: 0, from: "ana", channel: "garden", text: "hi (with \"quotes\")" })),
  post(ana, new Pause({ id: 3, clock: 0, from: "ana", channel: "garden", by: 5 })),
  post(ana, new Kick({ id: 8, clock: 0, from: "ana", channel: "garden", target: "cat" }), cat.user),
  { _tag: "Depart", user: bob.user, leave: new Leave({ id: 4, clock: 0, from: "bob", channel: "garden" }) },
  { _tag: "Close", clock: 0 }
]

const encode = Schema.encodeSync(WireMessage)
const decode = Schema.decodeUnknownSync(WireMessage)

/** A directory of the given members, as a process on the other side would keep one. */
const directoryOf = (...members: ReadonlyArray<User>): Directory => ({
  user: (name) => members.find((m) => m.name === name),
  connection: (user, id) => Array.from(user.connections).find((c) => c.id === id)
})

describe("channel messages on the wire", () => {
  it.effect("each kind survives JSON and is handled to the same deliveries", () =>
    Effect.gen(function*() {
      const direct = yield* Effect.gen(function*() {
        const ana = member("ana", 1)
        const bob = member("bob", 2)
        const cat = member("cat", 3)
        const { receive } = yield* bareChannel("garden", "ana")
        for (const message of script(ana, bob, cat)) yield* receive(message)
        return [shape(ana.inbox), shape(bob.inbox), shape(cat.inbox)]
      })
      const crossed = yield* Effect.gen(function*() {
        // One side makes the messages; the other has its own records of the same users.
        const sent = script(member("ana", 1), member("bob", 2), member("cat", 3))
        const ana = member("ana", 1)
        const bob = member("bob", 2)
        const cat = member("cat", 3)
        const directory = directoryOf(ana.user, bob.user, cat.user)
        const { receive } = yield* bareChannel("garden", "ana")
        for (const message of sent) {
          const json = JSON.stringify(encode(toWire(message)))
          const arrived = fromWire(decode(JSON.parse(json)), directory)
          assert.isDefined(arrived, json)
          if (arrived !== undefined) yield* receive(arrived)
        }
        return [shape(ana.inbox), shape(bob.inbox), shape(cat.inbox)]
      })
      assert.deepStrictEqual(crossed, direct)
      assert.deepStrictEqual(direct[0]?.map((entry) => entry[0]), [
        "join",
        "join",
        "join",
        "message",
        "pause",
        "kick",
        "leave", // cat's, after the kick
        "leave", // bob's
        "leave" // ana's, as the channel closes
      ])
    }).pipe(Effect.provide(services())))

  it("an update travels as its wire text, and a user by name", () => {
    const ana = member("ana", 7)
    const wire = encode(toWire(script(ana, member("bob"), member("cat"))[3] as ChannelMessage))
    assert.deepStrictEqual(wire, {
      _tag: "Post",
      sender: { user: "ana", connection: 7 },
      update: `(message :id 2 :clock 0 :from "ana" :channel "garden" :text "hi (with \\"quotes\\")")`
    })
  })

  it("refuses what is not a channel message, and references to nobody", () => {
    assert.throws(() => decode({ _tag: "Post", sender: { user: "ana", connection: 1 }, update: "(not-an-update" }))
    assert.throws(() => decode({ _tag: "Enter", user: "ana", join: `(message :id 1 :channel "garden" :text "x")` }))
    assert.throws(() => decode({ _tag: "Shout", text: "hi" }))
    const gone = decode({ _tag: "Depart", user: "zed", leave: `(leave :id 1 :from "zed" :channel "garden")` })
    assert.isUndefined(fromWire(gone, directoryOf(member("ana").user)))
  })
})
