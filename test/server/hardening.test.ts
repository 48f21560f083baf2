/**
 * One client cannot stall or crowd out the others (issue 15): frames of
 * many updates, long numbers and ids, silent sockets, password guessing,
 * lookalike names and echoes of long input — each against a real server,
 * at sizes the server before these bounds mishandled.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { id, login, open } from "../support/TestClient.ts"
import { start } from "../support/TestServer.ts"

const connect = (from: string, extra = "") => `(connect :id ${id()} :clock 0 :version "2.0" :from "${from}"${extra})\u0000`

describe("hardening", () => {
  it.live("a frame of 10,000 updates is cut after 256: the rest is dropped with one too-many-updates", () =>
    Effect.gen(function*() {
      const server = yield* start({ floodLimit: 100_000 })
      const ana = yield* login(server.url, "ana")
      yield* ana.send(Array.from({ length: 10_000 }, (_, i) => `(ping :id ${i})\u0000`).join(""))
      const failure = yield* ana.expect("too-many-updates", undefined, 10_000)
      assert.include(failure.text, "256")
      yield* ana.send(`(ping :id ${id()} :clock 0)`)
      yield* ana.expect("pong", (p) => p.id !== undefined && Number(p.id) > 10_000)
      const pongs = (yield* ana.drain(100)).filter((u) => u._tag === "pong").length
      // The 256 pongs came before the failure (taken by expect's search) or are in the inbox.
      assert.isAtMost(pongs, 256)
    }))

  it.live("junk after a connect in the same frame costs the others nothing and is not read past the bound", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const bob = yield* login(server.url, "bob")
      const flooder = yield* open(server.url)
      yield* flooder.send(connect("flooder") + "ab\u0000".repeat(100_000))
      yield* flooder.expect("connect")
      yield* flooder.expect("too-many-updates")
      yield* bob.send(`(ping :id ${id()} :clock 0)`)
      yield* bob.expect("pong")
      // At most the flood limit (40) of the junk was read and answered.
      const malformed = (yield* flooder.drain(200)).filter((u) => u._tag === "malformed-update").length
      assert.isAtMost(malformed, 40)
    }))

  it.live("an integer of 1,000 digits is malformed, and the reply does not repeat it", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const digits = "7".repeat(1_000)
      const stranger = yield* open(server.url)
      yield* stranger.send(`(ping :id ${digits})`)
      const failure = yield* stranger.expect("malformed-update")
      assert.notInclude(failure.text, "7777777")
      const ana = yield* login(server.url, "ana")
      yield* ana.send(`(ping :id ${digits} :clock 0)`)
      yield* ana.expect("malformed-update")
      assert.isFalse(ana.inbox().some((u) => u._tag === "pong"))
    }))

  it.live("a 100,000-character id is refused, not echoed; long names are quoted short", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const ana = yield* login(server.url, "ana")
      const frames: Array<string> = []
      ana.socket.on("message", (data) => frames.push(String(data)))
      yield* ana.send(`(ping :id "${"x".repeat(100_000)}" :clock 0)`)
      yield* ana.expect("malformed-update")
      yield* ana.send(`(create :id ${id()} :clock 0 :from "ana" :channel "${"c".repeat(50_000)}")`)
      const badName = yield* ana.expect("bad-name")
      assert.isAtMost(badName.text.length, 120)
      assert.isTrue(frames.every((frame) => frame.length < 1_000), `longest reply: ${Math.max(...frames.map((f) => f.length))}`)
    }))

  it.live("sockets that never send connect do not lock out a real login", () =>
    Effect.gen(function*() {
      const server = yield* start({ connectionLimit: 3, handshakeLimit: 4, handshakesPerAddress: 100 })
      const idle = yield* Effect.forEach(Array.from({ length: 6 }), () => open(server.url))
      const ana = yield* login(server.url, "ana")
      yield* ana.send(`(ping :id ${id()} :clock 0)`)
      yield* ana.expect("pong")
      // The oldest silent sockets made room (1013: try again later).
      const closed = yield* Effect.forEach(idle.slice(0, 2), (socket) => socket.closed())
      assert.deepStrictEqual(closed.map((c) => c.code), [1013, 1013])
    }))

  it.live("one address may hold only so many sockets in their handshake; a silent one is closed soon", () =>
    Effect.gen(function*() {
      const server = yield* start({ handshakesPerAddress: 2, firstUpdateTimeout: "300 millis" })
      const first = yield* open(server.url)
      yield* open(server.url)
      const third = yield* open(server.url)
      assert.strictEqual((yield* third.closed()).code, 1013)
      // The silent ones are closed after the first-update timeout; then the address may connect again.
      assert.strictEqual((yield* first.closed()).code, 1008)
      const ana = yield* login(server.url, "ana")
      yield* ana.send(`(ping :id ${id()} :clock 0)`)
      yield* ana.expect("pong")
    }))

  it.live("after five wrong passwords from one address, logins are refused with too-many-updates", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const ana = yield* login(server.url, "ana")
      yield* ana.send(`(register :id ${id()} :clock 0 :from "ana" :password "correct horse")`)
      yield* ana.expect("register")
      yield* ana.close
      yield* ana.closed()
      // Each attempt is a fresh socket; the server answers, then closes it.
      const attempt = (password: string) =>
        Effect.gen(function*() {
          const client = yield* open(server.url)
          yield* client.send(connect("ana", ` :password "${password}"`))
          yield* client.closed()
          return client.inbox().find((u) => u._tag === "invalid-password" || u._tag === "too-many-updates")?._tag
        })
      const replies: Array<string | undefined> = []
      for (let i = 0; i < 6; i++) replies.push(yield* attempt(`guess ${i}`))
      assert.deepStrictEqual(replies, [...Array(5).fill("invalid-password"), "too-many-updates"])
      // Even the right password waits its turn.
      assert.strictEqual(yield* attempt("correct horse"), "too-many-updates")
    }))

  it.live("names are compared in NFC, and a new name mixing scripts is refused", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const jose = yield* login(server.url, "jos\u00e9")
      const twin = yield* open(server.url)
      yield* twin.send(connect("jose\u0301"))
      yield* twin.expect("username-taken")
      const fake = yield* open(server.url)
      yield* fake.send(connect("\u0430dmin"))
      const refused = yield* fake.expect("bad-name")
      assert.include(refused.text, "scripts")
      // Names in one script, or mixes languages use, are welcome.
      for (const name of ["Ελληνικά", "山田たろう", "Tokyo東京"]) yield* login(server.url, name)
      yield* jose.send(`(ping :id ${id()} :clock 0)`)
      yield* jose.expect("pong")
    }))

  it.live("with refuseMixedScripts off, a mixed name is accepted", () =>
    Effect.gen(function*() {
      const server = yield* start({ refuseMixedScripts: false })
      const client = yield* login(server.url, "\u0430dmin")
      assert.strictEqual(client.name, "\u0430dmin")
    }))
})
