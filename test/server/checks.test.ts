/**
 * The general update checks (spec §5.1), in order, over a real socket, and
 * bad input of every kind.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { id, login, open } from "../support/TestClient.ts"
import { SERVER_NAME, start } from "../support/TestServer.ts"

describe("update checks §5.1", () => {
  it.live("1. malformed updates get malformed-update and the connection goes on", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const ana = yield* login(server.url, "ana")
      for (const garbage of ["(message :id", "\"just a string\"", "(1 2 3)", "(message :id 1 :text)", "(message id 1)", ")))"]) {
        yield* ana.send(garbage)
        yield* ana.expect("malformed-update")
      }
      const ping = id()
      yield* ana.send(`(ping :id ${ping})`)
      yield* ana.expect("pong", (p) => p.id === ping)
    }))

  it.live("1. a missing required slot or a slot of the wrong type is malformed", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const ana = yield* login(server.url, "ana")
      yield* ana.send(`(message :id ${id()} :channel "${SERVER_NAME}")`)
      yield* ana.expect("malformed-update")
      yield* ana.send(`(message :id ${id()} :channel 12 :text "x")`)
      yield* ana.expect("malformed-update")
    }))

  it.live("2. an update longer than the limit gets update-too-long", () =>
    Effect.gen(function*() {
      const server = yield* start({ maxUpdateSize: 1000 })
      const ana = yield* login(server.url, "ana")
      yield* ana.send(`(message :id ${id()} :channel "x" :text "${"y".repeat(2000)}")`)
      yield* ana.expect("update-too-long")
      yield* ana.send(`(ping :id ${id()})`)
      yield* ana.expect("pong")
    }))

  it.live("3. an unknown class gets invalid-update naming the update id", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const ana = yield* login(server.url, "ana")
      const sent = id()
      yield* ana.send(`(frobnicate :id ${sent} :channel "x")`)
      const failure = yield* ana.expect("invalid-update")
      assert.strictEqual(failure.updateId, sent)
      // A known class that the server does not accept from clients (a failure).
      yield* ana.send(`(no-such-user :id ${id()} :update-id 1 :text "x")`)
      yield* ana.expect("invalid-update")
    }))

  it.live("4. bad names in from, channel or target", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const ana = yield* login(server.url, "ana")
      yield* ana.send(`(join :id ${id()} :channel " bad")`)
      yield* ana.expect("bad-name")
      yield* ana.send(`(user-info :id ${id()} :target "${"n".repeat(40)}")`)
      yield* ana.expect("bad-name")
      yield* ana.send(`(ping :id ${id()} :from "a  b")`)
      yield* ana.expect("bad-name")
    }))

  it.live("5. from must be the connection's user", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const ana = yield* login(server.url, "ana")
      yield* login(server.url, "bob")
      const sent = id()
      yield* ana.send(`(message :id ${sent} :from "bob" :channel "${SERVER_NAME}" :text "hi")`)
      const failure = yield* ana.expect("username-mismatch")
      assert.strictEqual(failure.updateId, sent)
      // The same name in another case is the same user.
      yield* ana.send(`(ping :id ${id()} :from "ANA")`)
      yield* ana.expect("pong")
    }))

  it.live("6. 7. missing channel, missing target", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const ana = yield* login(server.url, "ana")
      yield* ana.send(`(join :id ${id()} :channel "nowhere")`)
      yield* ana.expect("no-such-channel")
      yield* ana.send(`(user-info :id ${id()} :target "nobody")`)
      yield* ana.expect("no-such-user")
    }))

  it.live("8. permissions: nobody but the server may message the primary channel", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const ana = yield* login(server.url, "ana")
      const sent = id()
      yield* ana.send(`(message :id ${sent} :channel "${SERVER_NAME}" :text "hello all")`)
      const failure = yield* ana.expect("insufficient-permissions")
      assert.strictEqual(failure.updateId, sent)
      assert.strictEqual(failure.from, SERVER_NAME)
    }))
})

describe("bad input", () => {
  it.live("binary frames close the connection", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const ana = yield* login(server.url, "ana")
      yield* ana.sendBinary(new Uint8Array([1, 2, 3]))
      const closed = yield* ana.closed()
      assert.strictEqual(closed.code, 1003)
    }))

  it.live("a 20 MB frame is refused without harming the server", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const ana = yield* login(server.url, "ana")
      yield* ana.send(`(message :id 1 :channel "x" :text "${"z".repeat(20 * 1024 * 1024)}")`)
      yield* ana.expect("update-too-long", undefined, 15_000)
      yield* ana.send(`(ping :id ${id()})`)
      yield* ana.expect("pong")
      const bob = yield* login(server.url, "bob")
      yield* bob.send(`(ping :id ${id()})`)
      yield* bob.expect("pong")
    }))

  it.live("a frame far beyond the update limit closes the connection (1009)", () =>
    Effect.gen(function*() {
      const server = yield* start({ maxUpdateSize: 1000 })
      const ana = yield* login(server.url, "ana")
      yield* ana.send(`(ping :id 1 :x "${"z".repeat(1024 * 1024)}")`)
      const closed = yield* ana.closed()
      assert.strictEqual(closed.code, 1009)
    }))

  it.live("an update within the limit in characters passes the frame limit in bytes, in any script", () =>
    Effect.gen(function*() {
      const server = yield* start({ maxUpdateSize: 1000 })
      const ana = yield* login(server.url, "ana")
      yield* ana.send(`(create :id ${id()} :channel "wide")`)
      yield* ana.expect("join")
      // 950 units: 2,850 bytes of UTF-8 for CJK, 1,900 for 475 emoji (two units each).
      for (const text of ["中".repeat(900), "😀".repeat(450)]) {
        yield* ana.send(`(message :id ${id()} :channel "wide" :text "${text}")`)
        const echo = yield* ana.expect("message", (m) => m.from === "ana")
        assert.strictEqual(echo.text, text)
      }
    }))

  it.live("several updates in one frame, with and without NULs, are all handled", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const ana = yield* login(server.url, "ana")
      yield* ana.send(`(ping :id 101)\u0000(ping :id 102)\u0000(ping :id 103)`)
      yield* ana.expect("pong", (p) => p.id === 101)
      yield* ana.expect("pong", (p) => p.id === 102)
      yield* ana.expect("pong", (p) => p.id === 103)
    }))

  it.live("a deeply nested update is refused as malformed, not a crash", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const ana = yield* login(server.url, "ana")
      yield* ana.send(`(ping :id 1 :x ${"(".repeat(100_000)}${")".repeat(100_000)})`)
      yield* ana.expect("malformed-update")
      yield* ana.send(`(ping :id ${id()})`)
      yield* ana.expect("pong")
    }))

  it.live("garbage before the handshake is answered and the connection closed", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const client = yield* open(server.url)
      yield* client.send("\u0001\u0002 not lisp at all ((((")
      yield* client.expect("malformed-update")
      yield* client.closed()
    }))
})
