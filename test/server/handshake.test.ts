/**
 * The connection handshake (spec §4.1), step by step, over a real socket.
 */
import { Connect, Message, Ping } from "@lichat/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { id, login, open } from "../support/TestClient.ts"
import { SERVER_NAME, start } from "../support/TestServer.ts"

const connect = (fields: { from?: string; version?: string; password?: string; extensions?: Array<string> } = {}) =>
  new Connect({ id: id(), clock: 0, version: fields.version ?? "2.0", extensions: fields.extensions ?? [], ...fields })

describe("handshake §4.1", () => {
  it.live("selects the lichat subprotocol, and serves clients that offer none", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const withProtocol = yield* open(server.url, { protocols: ["lichat"] })
      assert.strictEqual(withProtocol.protocol(), "lichat")
      const without = yield* open(server.url)
      assert.strictEqual(without.protocol(), "")
      yield* without.send(connect({ from: "plain" }))
      const reply = yield* without.expect("connect")
      assert.strictEqual(reply.from, "plain")
    }))

  it.live("a connect without :extensions (bots, older clients) is served, with no extensions of its own", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const client = yield* open(server.url)
      const request = id()
      yield* client.send(`(CONNECT :ID ${request} :VERSION "2.0" :FROM "bot")`)
      const reply = yield* client.expect("connect")
      assert.strictEqual(reply.id, request)
      assert.strictEqual(reply.from, "bot")
      yield* client.expect("join")
      yield* client.expect("message")
    }))

  it.live("steps 9–14: connect reply with the same id, join to the primary channel, welcome message", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const client = yield* open(server.url, { protocols: ["lichat"] })
      const request = connect({ from: "Ana" })
      yield* client.send(request)
      const reply = yield* client.expect("connect")
      assert.strictEqual(reply.id, request.id)
      assert.strictEqual(reply.from, "Ana")
      assert.strictEqual(reply.version, "2.0")
      const join = yield* client.expect("join")
      assert.strictEqual(join.channel, SERVER_NAME)
      assert.strictEqual(join.from, "Ana")
      const welcome = yield* client.expect("message")
      assert.strictEqual(welcome.channel, SERVER_NAME)
      assert.strictEqual(welcome.from, SERVER_NAME)
      const order = [reply, join, welcome].map((u) => u._tag)
      assert.deepStrictEqual(order, ["connect", "join", "message"])
    }))

  it.live("step 1: too many connections", () =>
    Effect.gen(function*() {
      const server = yield* start({ connectionLimit: 1 })
      yield* login(server.url, "first")
      const second = yield* open(server.url)
      yield* second.send(connect({ from: "second" }))
      yield* second.expect("too-many-connections")
      yield* second.closed()
    }))

  it.live("step 2: incompatible version, with the compatible versions; older versions are accepted", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const client = yield* open(server.url)
      const request = connect({ from: "old", version: "0.9" })
      yield* client.send(request)
      const failure = yield* client.expect("incompatible-version")
      assert.strictEqual(failure.updateId, request.id)
      assert.includeMembers([...failure.compatibleVersions], ["1.0", "2.0"])
      yield* client.closed()
      const legacy = yield* open(server.url)
      yield* legacy.send(connect({ from: "legacy", version: "1.5" }))
      yield* legacy.expect("connect")
    }))

  it.live("step 3: a missing from gets a random free name", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const a = yield* open(server.url)
      yield* a.send(new Connect({ id: id(), version: "2.0", extensions: [] }))
      const replyA = yield* a.expect("connect")
      const b = yield* open(server.url)
      yield* b.send(new Connect({ id: id(), version: "2.0", extensions: [] }))
      const replyB = yield* b.expect("connect")
      assert.isString(replyA.from)
      assert.notStrictEqual(replyA.from, replyB.from)
    }))

  it.live("step 4: bad name", () =>
    Effect.gen(function*() {
      const server = yield* start()
      for (const name of [" lead", "trail ", "two  spaces", "x".repeat(33), "tab\there"]) {
        const client = yield* open(server.url)
        yield* client.send(connect({ from: name }))
        yield* client.expect("bad-name")
        yield* client.closed()
      }
    }))

  it.live("step 5: a name in use, or registered, is taken (case-insensitively)", () =>
    Effect.gen(function*() {
      const server = yield* start()
      yield* login(server.url, "Bob")
      const client = yield* open(server.url)
      yield* client.send(connect({ from: "BOB" }))
      yield* client.expect("username-taken")
      yield* client.closed()
      const serverName = yield* open(server.url)
      yield* serverName.send(connect({ from: SERVER_NAME }))
      yield* serverName.expect("username-taken")
    }))

  it.live("steps 6–7: passwords need a profile and must match; steps 8 and 12 for a second connection", () =>
    Effect.gen(function*() {
      const server = yield* start({ connectionsPerUser: 2 })
      const noProfile = yield* open(server.url)
      yield* noProfile.send(connect({ from: "carol", password: "secret1" }))
      yield* noProfile.expect("no-such-profile")
      yield* noProfile.closed()

      const carol = yield* login(server.url, "carol")
      const register = { id: id(), password: "secret1" }
      yield* carol.send(`(register :id ${register.id} :password "${register.password}")`)
      const echoed = yield* carol.expect("register")
      assert.strictEqual(echoed.id, register.id)

      const wrong = yield* open(server.url)
      yield* wrong.send(connect({ from: "carol", password: "wrong-password" }))
      yield* wrong.expect("invalid-password")
      yield* wrong.closed()

      // Step 12: a second connection of a present user gets a join per channel, primary first.
      yield* carol.send(`(create :id ${id()} :channel "garden")`)
      yield* carol.expect("join", (j) => j.channel === "garden")
      const second = yield* open(server.url)
      yield* second.send(connect({ from: "Carol", password: "secret1" }))
      const reply = yield* second.expect("connect")
      assert.strictEqual(reply.from, "carol")
      const first = yield* second.expect("join")
      assert.strictEqual(first.channel, SERVER_NAME)
      yield* second.expect("join", (j) => j.channel === "garden")

      // Step 8: the per-user limit.
      const third = yield* open(server.url)
      yield* third.send(connect({ from: "carol", password: "secret1" }))
      yield* third.expect("too-many-connections")
      yield* third.closed()
    }))

  it.live("the first update must be connect; a second connect gets already-connected", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const client = yield* open(server.url)
      yield* client.send(new Ping({ id: id() }))
      yield* client.expect("invalid-update")
      yield* client.closed()
      const ana = yield* login(server.url, "ana")
      const again = connect({ from: "ana" })
      yield* ana.send(again)
      const failure = yield* ana.expect("already-connected")
      assert.strictEqual(failure.updateId, again.id)
    }))

  it.live("a connection that never says connect is closed after the handshake timeout", () =>
    Effect.gen(function*() {
      const server = yield* start({ handshakeTimeout: "300 millis" })
      const client = yield* open(server.url)
      yield* client.closed(3_000)
    }))

  it.live("the welcome message comes from the server user", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const client = yield* open(server.url)
      yield* client.send(connect({ from: "dan" }))
      const welcome = yield* client.expect("message")
      assert.instanceOf(welcome, Message)
      assert.strictEqual(welcome.from, SERVER_NAME)
    }))
})
