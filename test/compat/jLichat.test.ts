/**
 * Every update Shirakumo's Java client jLichat sends, in the exact frames
 * it prints over raw TCP (its release classes and master's spec-generated
 * ones: see JLichatFrames), against a real server; each test asserts what
 * that client's user sees, and every frame the server sent must pass a
 * re-typed check of jLichat's reader (a frame it could not read would
 * throw out of its read loop and drop the connection).
 */
import { assert, describe, it } from "@effect/vitest"
import type { ServerOptionsInput } from "@lichat/server"
import { Effect, type Scope } from "effect"
import { type Dialect, DIALECTS, type JSym, open, type Peer, readUpdate } from "../support/JLichatFrames.ts"
import { id, login } from "../support/TestClient.ts"
import { perDialect, readableToTheEnd } from "../support/Dialects.ts"
import { SERVER_NAME, start } from "../support/TestServer.ts"

interface Scene {
  readonly url: string
  /** Connects as jLichat does: its connect frame, the reply within its 100 ms read timeout, then its emotes request. */
  readonly connect: (name: string, password?: string) => Effect.Effect<Peer, Error, Scope.Scope>
  /** Opens a socket without the handshake. */
  readonly open: (name: string) => Effect.Effect<Peer, Error, Scope.Scope>
}

const sceneFor = (dialect: Dialect, options: ServerOptionsInput = {}): Effect.Effect<Scene, unknown, Scope.Scope> =>
  Effect.gen(function*() {
    const server = yield* start(options)
    const track = yield* readableToTheEnd<Peer>("jLichat")
    const openPeer = (name: string) => Effect.flatMap(open(server.port, dialect, name), track)
    const connect = (name: string, password?: string) =>
      Effect.gen(function*() {
        const peer = yield* openPeer(name)
        const hello = peer.frames.connect(password)
        yield* peer.send(hello)
        // jLichat sleeps 0.1 s, then reads with a 0.1 s socket timeout: a later reply loses the connection.
        const reply = yield* peer.tcp.expect("connect", (c) => c.id === hello.id, 200)
        assert.strictEqual(reply.from, name)
        yield* peer.tcp.expect("join", (j) => j.channel === SERVER_NAME && j.from === name)
        yield* peer.tcp.expect("message", (m) => m.channel === SERVER_NAME)
        // The release client asks for emotes when the server lists shirakumo-emotes (master's Emotes throws).
        if (dialect === "release" && reply.extensions?.includes("shirakumo-emotes")) {
          const emotes = peer.frames.emotes()
          yield* peer.send(emotes)
          yield* peer.tcp.expect("emotes", (e) => e.id === emotes.id)
        }
        return peer
      })
    return { url: server.url, connect, open: openPeer }
  })

/** One test per dialect. */
const each = perDialect(DIALECTS, sceneFor)

/** A WebSocket user "ana" in `room`, which she created, and the jLichat user who joined it. */
const room = (scene: Scene, name: string) =>
  Effect.gen(function*() {
    const ana = yield* login(scene.url, "ana")
    yield* ana.send(`(create :id ${id()} :channel "room")`)
    yield* ana.expect("join", (j) => j.channel === "room")
    const peer = yield* scene.connect(name)
    const join = peer.frames.join("room")
    yield* peer.send(join)
    yield* peer.tcp.expect("join", (j) => j.id === join.id && j.channel === "room" && j.from === name)
    yield* ana.expect("join", (j) => j.channel === "room" && j.from === name)
    return { ana, peer }
  })

describe("jLichat over raw TCP", () => {
  describe("its reader, re-typed", () => {
    it("reads what the server prints, and would throw on what it cannot", () => {
      const read = readUpdate(`(message :id 4 :clock 4005220185 :from "TestServer" :channel "TestServer" :text "a \\"b\\"")`)
      assert.strictEqual(read.type, "message")
      assert.strictEqual(read.fields["text"], "a \"b\"")
      assert.strictEqual(read.fields["id"], 4n)
      // Symbols are upper-cased; a bare one is LICHAT-PROTOCOL's.
      assert.deepStrictEqual(readUpdate(`(join :id 1 :channel "x" :from nil)`).fields["from"], { pkg: "LICHAT-PROTOCOL", name: "NIL" } satisfies JSym)
      // What it cannot read: an unknown package, an unknown class, a number beyond a long, a key that is no keyword.
      assert.throws(() => readUpdate(`(join :id 1 :channel "x" :bridge shirakumo:x)`), /NullPointerException/)
      assert.throws(() => readUpdate(`(typing :id 1 :channel "x")`), /NoSuchClass/)
      assert.throws(() => readUpdate(`(join :id 99999999999999999999 :channel "x")`), /NumberFormatException/)
      assert.throws(() => readUpdate(`(join id 1 :channel "x")`), /MalformedWireObject/)
    })
  })

  each("logs in: the connect reply in time, the primary channel's join, the welcome", (scene, dialect) =>
    Effect.gen(function*() {
      const peer = yield* scene.connect("Lion")
      const read = peer.read()
      const reply = read.find((u) => u.type === "connect")!
      assert.strictEqual(reply.fields["version"], "2.0")
      assert.include(reply.fields["extensions"] as ReadonlyArray<string>, "shirakumo-backfill")
      assert.isTrue(read.some((u) => u.type === "join" && u.fields["channel"] === SERVER_NAME))
      assert.isTrue(read.some((u) => u.type === "message" && u.fields["from"] === SERVER_NAME))
      if (dialect === "release") assert.isTrue(read.some((u) => u.type === "emotes"))
    }))

  each("logs in with the password of an account it registered; a wrong one is refused", (scene) =>
    Effect.gen(function*() {
      const first = yield* scene.connect("Lion")
      const register = first.frames.register("hunter22")
      yield* first.send(register)
      yield* first.tcp.expect("register", (r) => r.id === register.id)
      yield* first.send(first.frames.disconnect())
      yield* first.tcp.closed()
      const again = yield* scene.connect("Lion", "hunter22")
      assert.isTrue(again.read().some((u) => u.type === "connect"))
      const wrong = yield* scene.open("Lion")
      yield* wrong.send(wrong.frames.connect("not-it"))
      yield* wrong.tcp.expect("invalid-password")
      yield* wrong.tcp.closed()
      assert.isTrue(wrong.read().some((u) => u.type === "invalid-password"))
    }))

  each("creates a channel, a WebSocket user joins it, and their messages cross", (scene, dialect) =>
    Effect.gen(function*() {
      const peer = yield* scene.connect("Lion")
      const create = peer.frames.create("den")
      yield* peer.send(create)
      yield* peer.tcp.expect("join", (j) => j.id === create.id && j.channel === "den" && j.from === "Lion")
      // On its own join the client asks for the backlog and every channel info.
      const backfill = peer.frames.backfill("den")
      yield* peer.send(backfill)
      yield* peer.tcp.expect("backfill", (b) => b.id === backfill.id)
      const info = peer.frames.channelInfo("den")
      yield* peer.send(info)
      const topic = yield* peer.tcp.expect("set-channel-info", (s) => s.id === info.id && s.key.name === "topic")
      assert.strictEqual(topic.channel, "den")
      const ana = yield* login(scene.url, "ana")
      yield* ana.send(`(join :id ${id()} :channel "den")`)
      yield* ana.expect("join", (j) => j.channel === "den" && j.from === "ana")
      yield* peer.tcp.expect("join", (j) => j.channel === "den" && j.from === "ana")
      const text = `say "hi" \\ to ${dialect}: é ☃`
      const message = peer.frames.message("den", text)
      yield* peer.send(message)
      const seen = yield* ana.expect("message", (m) => m.channel === "den")
      assert.strictEqual(seen.text, text)
      assert.strictEqual(seen.from, "Lion")
      yield* peer.tcp.expect("message", (m) => m.id === message.id && m.text === text)
      yield* ana.send(`(message :id ${id()} :channel "den" :text "back at you")`)
      yield* peer.tcp.expect("message", (m) => m.channel === "den" && m.from === "ana" && m.text === "back at you")
      assert.isTrue(peer.read().some((u) => u.type === "message" && u.fields["text"] === "back at you"))
    }))

  each("joins a WebSocket user's channel and lists its users and the channels", (scene, dialect) =>
    Effect.gen(function*() {
      const { peer } = yield* room(scene, "Lion")
      const users = peer.frames.users("room")
      yield* peer.send(users)
      const listed = yield* peer.tcp.expect("users", (u) => u.id === users.id)
      assert.sameMembers([...(listed.users ?? [])], ["ana", "Lion"])
      const channels = peer.frames.channels("room")
      yield* peer.send(channels)
      const reply = yield* peer.tcp.expect("channels", (c) => c.id === channels.id)
      // master's frame carries `:channel "room"`, so it asks for room's children (none).
      if (dialect === "release") assert.includeMembers([...(reply.channels ?? [])], [SERVER_NAME, "room"])
      else assert.deepStrictEqual(reply.channels ?? [], [])
    }))

  each("pings and gets a pong; answers the server's ping with its pong", (scene) =>
    Effect.gen(function*() {
      const peer = yield* scene.connect("Lion")
      const ping = peer.frames.ping()
      yield* peer.send(ping)
      yield* peer.tcp.expect("pong", (p) => p.id === ping.id)
      yield* peer.tcp.expect("ping", undefined, 3_000)
      yield* peer.send(peer.frames.pong())
      const after = yield* peer.tcp.drain(300)
      assert.deepStrictEqual(after.filter((u) => u._tag !== "ping" && u._tag !== "pong").map((u) => u._tag), [])
      assert.isTrue(peer.read().some((u) => u.type === "ping"))
    }), { pingInterval: "500 millis", idleTimeout: "120 seconds" })

  each("leaves a channel: it and the WebSocket member see the leave", (scene) =>
    Effect.gen(function*() {
      const { ana, peer } = yield* room(scene, "Lion")
      const leave = peer.frames.leave("room")
      yield* peer.send(leave)
      yield* peer.tcp.expect("leave", (l) => l.id === leave.id && l.channel === "room")
      yield* ana.expect("leave", (l) => l.channel === "room" && l.from === "Lion")
    }))

  each("disconnects: the server answers disconnect and closes; members see it leave", (scene) =>
    Effect.gen(function*() {
      const { ana, peer } = yield* room(scene, "Lion")
      yield* peer.send(peer.frames.disconnect())
      yield* peer.tcp.expect("disconnect")
      yield* peer.tcp.closed()
      yield* ana.expect("leave", (l) => l.channel === "room" && l.from === "Lion")
    }))
})
