/**
 * Extensions that shape what members exchange in a channel: backfill,
 * data, edit, typing, reactions, replies, markup, sign, bridge, last-read,
 * and the `connect` advertisement.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { destroyAsOperator, room } from "../support/Room.ts"
import { id, login, type TestClient } from "../support/TestClient.ts"
import { SERVER_NAME, start } from "../support/TestServer.ts"

const say = (client: TestClient, text: string, extra = "") =>
  client.send(`(message :id ${id()} :channel "room" :text "${text}"${extra})`)

describe("advertised extensions", () => {
  it.live("connect replies list every enabled extension, and none that is disabled", () =>
    Effect.gen(function*() {
      const all = yield* login((yield* start()).url, "ana")
      for (const name of ["shirakumo-backfill", "shirakumo-data", "shirakumo-emotes", "shirakumo-edit", "shirakumo-typing"]) {
        assert.include([...all.extensions], name)
      }
      const fewer = yield* login((yield* start({ disabledExtensions: ["shirakumo-typing"] })).url, "ana")
      assert.notInclude([...fewer.extensions], "shirakumo-typing")
      // A disabled extension's updates are unknown to the server.
      yield* fewer.send(`(shirakumo:typing :id ${id()} :channel "${SERVER_NAME}")`)
      yield* fewer.expect("invalid-update")
    }))

  it.live("an extension the peers name otherwise is advertised under both names, and either name disables it", () =>
    Effect.gen(function*() {
      const all = yield* login((yield* start()).url, "ana")
      assert.includeMembers([...all.extensions], ["shirakumo-emotes", "shirakumo-emote", "shirakumo-icon", "shirakumo-icons"])
      for (const name of ["shirakumo-emote", "shirakumo-emotes"]) {
        const fewer = yield* login((yield* start({ disabledExtensions: [name] })).url, "ana")
        assert.notInclude([...fewer.extensions], "shirakumo-emotes")
        assert.notInclude([...fewer.extensions], "shirakumo-emote")
        yield* fewer.send(`(emotes :id ${id()} :channel "${SERVER_NAME}")`)
        yield* fewer.expect("invalid-update")
      }
    }))
})

describe("shirakumo-backfill", () => {
  it.live("replays what the channel distributed since the user joined, not before, never its own join", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const { ana, bob } = yield* room(server.url)
      yield* say(ana, "before carol")
      yield* bob.expect("message", (m) => m.text === "before carol")
      const carol = yield* login(server.url, "carol")
      yield* carol.send(`(join :id ${id()} :channel "room")`)
      yield* carol.expect("join", (j) => j.channel === "room")
      yield* say(bob, "after carol")
      yield* carol.expect("message", (m) => m.text === "after carol")
      const request = id()
      yield* carol.send(`(shirakumo:backfill :id ${request} :channel "room")`)
      const replayed = yield* carol.expect("message", (m) => m.text === "after carol")
      assert.strictEqual(replayed.from, "bob")
      yield* carol.expect("backfill", (b) => b.id === request)
      const rest = carol.inbox()
      assert.isFalse(rest.some((u) => u._tag === "message" && u.text === "before carol"), "nothing from before the join")
      assert.isFalse(rest.some((u) => u._tag === "join" && u.from === "carol"), "not its own join")
      // ana sees everything since she created the room.
      const anaRequest = id()
      yield* ana.send(`(shirakumo:backfill :id ${anaRequest} :channel "room")`)
      yield* ana.expect("message", (m) => m.text === "before carol")
      yield* ana.expect("backfill", (b) => b.id === anaRequest)
    }))

  it.live("a non-member gets not-in-channel", () =>
    Effect.gen(function*() {
      const server = yield* start()
      yield* room(server.url)
      const eve = yield* login(server.url, "eve")
      yield* eve.send(`(shirakumo:backfill :id ${id()} :channel "room")`)
      yield* eve.expect("not-in-channel")
    }))
})

describe("shirakumo-data", () => {
  it.live("distributes accepted payloads, refuses other content types with the allowed list", () =>
    Effect.gen(function*() {
      const server = yield* start({ disabledExtensions: ["shirakumo-link"] })
      const { ana, bob } = yield* room(server.url)
      yield* ana.send(`(shirakumo:data :id ${id()} :channel "room" :content-type "image/png" :filename "a.png" :payload "iVBORw0KGgo=")`)
      const got = yield* bob.expect("data")
      assert.strictEqual(got.contentType, "image/png")
      assert.strictEqual(got.payload, "iVBORw0KGgo=")
      const bad = id()
      yield* ana.send(`(shirakumo:data :id ${bad} :channel "room" :content-type "application/x-evil" :payload "AAAA")`)
      const failure = yield* ana.expect("bad-content-type")
      assert.strictEqual(failure.updateId, bad)
      assert.include([...failure.allowedContentTypes], "image/png")
    }))
})

describe("shirakumo-link", () => {
  it.live("stores a payload and sends a message with an unguessable URL serving it", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const { ana, bob } = yield* room(server.url)
      const bytes = Buffer.from("GIF89a-pretend-image")
      yield* ana.send(`(shirakumo:data :id ${id()} :channel "room" :content-type "image/gif" :filename "x.gif" :payload "${bytes.toString("base64")}")`)
      const linked = yield* bob.expect("message", (m) => m.link !== undefined)
      assert.strictEqual(linked.link, "image/gif")
      assert.match(linked.text, /\/link\/[A-Za-z0-9_-]{32}$/)
      const url = new URL(linked.text)
      const response = yield* Effect.promise(() => fetch(`http://127.0.0.1:${server.port}${url.pathname}`))
      assert.strictEqual(response.status, 200)
      assert.strictEqual(response.headers.get("content-type"), "image/gif")
      const body = Buffer.from(yield* Effect.promise(() => response.arrayBuffer()))
      assert.isTrue(body.equals(bytes))
      const guess = yield* Effect.promise(() => fetch(`http://127.0.0.1:${server.port}/link/${"A".repeat(32)}`))
      assert.strictEqual(guess.status, 404)
      // Destroying... the room's payloads go with it: when everyone leaves, the room expires later; here, check a missing channel.
    }))
})

describe("shirakumo-edit, typing, reactions, replies, markup", () => {
  it.live("are distributed to the channel with their fields intact", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const { ana, bob } = yield* room(server.url)
      yield* ana.send(`(shirakumo:edit :id 77 :channel "room" :text "fixed")`)
      const edit = yield* bob.expect("edit")
      assert.strictEqual(edit.text, "fixed")
      assert.strictEqual(edit.id, 77)
      yield* ana.send(`(shirakumo:typing :id ${id()} :channel "room")`)
      yield* bob.expect("typing", (t) => t.from === "ana")
      yield* bob.send(`(shirakumo:react :id ${id()} :channel "room" :target "ana" :update-id 77 :emote "👍")`)
      const reaction = yield* ana.expect("react")
      assert.strictEqual(reaction.emote, "👍")
      yield* bob.send(`(shirakumo:react :id ${id()} :channel "room" :target "ana" :update-id 77 :emote "not an emoji")`)
      yield* bob.expect("malformed-update")
      yield* say(bob, "re", ` :reply-to ("ana" 77) :rich ("**re**") :bridge nil`)
      const reply = yield* ana.expect("message", (m) => m.text === "re")
      assert.deepStrictEqual(reply.replyTo, ["ana", 77])
      assert.deepStrictEqual(reply.rich, ["**re**"])
    }))

  it.live("edits are not allowed in the primary channel", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const ana = yield* login(server.url, "ana")
      yield* ana.send(`(shirakumo:edit :id 1 :channel "${SERVER_NAME}" :text "x")`)
      yield* ana.expect("insufficient-permissions")
    }))
})

describe("shirakumo-sign", () => {
  it.live("a signed update keeps its clock; without from or clock it is malformed", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const { ana, bob } = yield* room(server.url)
      yield* ana.send(`(message :id ${id()} :clock 1234 :from "ana" :channel "room" :text "signed" :signature "SIG")`)
      const signed = yield* bob.expect("message", (m) => m.text === "signed")
      assert.strictEqual(signed.clock, 1234)
      assert.strictEqual(signed.signature, "SIG")
      yield* ana.send(`(message :id ${id()} :channel "room" :text "unsigned clock" :signature "SIG")`)
      yield* ana.expect("malformed-update")
    }))
})

describe("shirakumo-bridge", () => {
  it.live("the registrant may bridge a message in on behalf of an outside user; others may not", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const { ana, bob } = yield* room(server.url)
      yield* say(ana, "from irc", ` :bridge "ircuser"`)
      const bridged = yield* bob.expect("message", (m) => m.text === "from irc")
      assert.strictEqual(bridged.from, "ircuser")
      assert.strictEqual(bridged.bridge, "ana")
      yield* say(bob, "fake", ` :bridge "someone"`)
      yield* bob.expect("insufficient-permissions")
      yield* ana.send(`(shirakumo:bridge :id ${id()} :channel "room")`)
      yield* ana.expect("bridge")
    }))
})

describe("shirakumo-last-read", () => {
  it.live("stores the mark and gives it back to every connection of the user", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const { ana } = yield* room(server.url)
      yield* ana.send(`(shirakumo:last-read :id ${id()} :channel "room" :target "bob" :update-id 42)`)
      yield* ana.expect("last-read", (l) => l.updateId === 42)
      const ask = id()
      yield* ana.send(`(shirakumo:last-read :id ${ask} :channel "room")`)
      const mark = yield* ana.expect("last-read", (l) => l.id === ask)
      assert.strictEqual(mark.updateId, 42)
      assert.strictEqual(mark.target, "bob")
    }))
})

describe("shirakumo-last-read on join", () => {
  it.live("a member without a mark gets its own join as the mark", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const { bob } = yield* room(server.url)
      const ask = id()
      yield* bob.send(`(shirakumo:last-read :id ${ask} :channel "room")`)
      const mark = yield* bob.expect("last-read", (l) => l.id === ask)
      assert.strictEqual(mark.target, "bob")
      assert.isDefined(mark.updateId)
    }))
})

describe("shirakumo-link removal", () => {
  it.live("a destroyed channel's payloads are gone", () =>
    Effect.gen(function*() {
      const server = yield* start({ operators: ["boss"] })
      const { ana, bob } = yield* room(server.url)
      yield* ana.send(`(shirakumo:data :id ${id()} :channel "room" :content-type "image/png" :payload "iVBORw0KGgo=")`)
      const linked = yield* bob.expect("message", (m) => m.link !== undefined)
      const path = new URL(linked.text).pathname
      const before = yield* Effect.promise(() => fetch(`http://127.0.0.1:${server.port}${path}`))
      assert.strictEqual(before.status, 200)
      yield* destroyAsOperator(server.url, "room")
      const after = yield* Effect.promise(() => fetch(`http://127.0.0.1:${server.port}${path}`))
      assert.strictEqual(after.status, 404)
    }))
})
