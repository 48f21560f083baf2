/**
 * Raw Lichat over TCP (spec §7) against a real server on its default,
 * one-port listener: the handshake, a channel shared with WebSocket
 * clients, updates split across writes or packed into one, garbage, an
 * endless update, a client that stops reading.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { operator, roomOf } from "../support/Room.ts"
import * as TcpClient from "../support/TcpClient.ts"
import { id, login } from "../support/TestClient.ts"
import { start } from "../support/TestServer.ts"

/** ana (WebSocket) makes "room"; bob (raw TCP) joins it; both have seen bob's join. */
const mixedRoom = (server: { readonly url: string; readonly port: number }) =>
  Effect.gen(function*() {
    return yield* roomOf(yield* login(server.url, "ana"), yield* TcpClient.login({ port: server.port }, "bob"))
  })

describe("raw TCP", () => {
  it.live("a raw client logs in on the default port and chats with a WebSocket client", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const { ana, bob } = yield* mixedRoom(server)
      assert.strictEqual(bob.name, "bob")
      yield* bob.send(`(message :id ${id()} :channel "room" :text "over tcp")`)
      yield* ana.send(`(message :id ${id()} :channel "room" :text "over ws")`)
      for (const client of [ana, bob]) {
        assert.strictEqual((yield* client.expect("message", (m) => m.channel === "room")).text, "over tcp")
        assert.strictEqual((yield* client.expect("message", (m) => m.channel === "room")).text, "over ws")
      }
    }))

  it.live("an update written a byte at a time, split inside its UTF-8 characters, is read whole", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const { ana, bob } = yield* mixedRoom(server)
      bob.socket.setNoDelay(true)
      const bytes = Buffer.from(`(message :id ${id()} :channel "room" :text "héllo ☃ 🌱")\u0000`, "utf8")
      for (const byte of bytes) {
        yield* bob.write(Uint8Array.of(byte))
        yield* Effect.sleep(1)
      }
      assert.strictEqual((yield* ana.expect("message", (m) => m.channel === "room")).text, "héllo ☃ 🌱")
      assert.strictEqual((yield* bob.expect("message", (m) => m.channel === "room")).text, "héllo ☃ 🌱")
    }))

  it.live("many updates in one write are each handled, in order", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const { ana, bob } = yield* mixedRoom(server)
      const texts = Array.from({ length: 30 }, (_, i) => `number ${i}`)
      yield* bob.write(texts.map((text) => `(message :id ${id()} :channel "room" :text "${text}")\u0000`).join(""))
      const seen: Array<string> = []
      for (const _ of texts) seen.push((yield* ana.expect("message", (m) => m.channel === "room")).text)
      assert.deepStrictEqual(seen, texts)
    }))

  it.live("garbage gets a failure and the connection goes on", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const { ana, bob } = yield* mixedRoom(server)
      yield* bob.write("(((not an update\u0000)))\u0000just words\u0000")
      yield* bob.expect("malformed-update")
      yield* bob.send(`(message :id ${id()} :channel "room" :text "still here")`)
      assert.strictEqual((yield* ana.expect("message", (m) => m.channel === "room")).text, "still here")
    }))

  it.live("an update that never ends is cut off: update-too-long, disconnect, then the socket closes", () =>
    Effect.gen(function*() {
      const server = yield* start({ maxUpdateSize: 1_000 })
      const { ana, bob } = yield* mixedRoom(server)
      // 40 KB with no NUL: ten times what 1,000 characters may take.
      const chunk = `(message :id ${id()} :channel "room" :text "${"a".repeat(4_000)}`
      for (let i = 0; i < 10; i++) yield* bob.write(chunk)
      yield* bob.expect("update-too-long")
      yield* bob.expect("disconnect")
      yield* bob.closed()
      yield* ana.expect("leave", (l) => l.from === "bob" && l.channel === "room")
    }))

  it.live("a raw client that stops reading is dropped; the others keep receiving", () =>
    Effect.gen(function*() {
      const server = yield* start({ floodLimit: 100_000, outboxBytes: 1024 * 1024 })
      const { ana, bob } = yield* mixedRoom(server)
      bob.pause()
      const text = "x".repeat(50_000)
      // 10 MB for bob, far beyond the 1 MiB it may hold and the kernel's buffers; ana reads each step.
      for (let step = 0; step < 20; step++) {
        for (let i = 0; i < 10; i++) yield* ana.send(`(message :id ${id()} :channel "room" :text "${step}.${i}:${text}")`)
        for (let i = 0; i < 10; i++) yield* ana.expect("message", (m) => m.channel === "room", 30_000)
      }
      yield* ana.expect("leave", (l) => l.from === "bob" && l.channel === "room", 30_000)
    }), 60_000)

  it.live("an IP ban set over WebSocket drops a raw client from that address and refuses it again", () =>
    Effect.gen(function*() {
      const server = yield* start({ operators: ["boss"] })
      const boss = yield* operator(server.url)
      const far = yield* TcpClient.login({ port: server.port, from: "127.0.0.2" }, "far")
      yield* boss.send(`(shirakumo:ip-ban :id ${id()} :ip "127.0.0.2" :mask "0.0.0.0")`)
      yield* boss.expect("ip-ban")
      yield* far.closed()
      const again = yield* TcpClient.open({ port: server.port, from: "127.0.0.2" })
      yield* again.send(`(connect :id ${id()} :version "2.0" :from "again")`)
      yield* again.closed()
      assert.deepStrictEqual(again.inbox(), [])
      // Others stay.
      yield* TcpClient.login({ port: server.port }, "near")
    }))

  it.live("a client's disconnect is answered by closing the socket", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const bob = yield* TcpClient.login({ port: server.port }, "bob")
      yield* bob.send(`(disconnect :id ${id()})`)
      yield* bob.closed()
    }))
})
