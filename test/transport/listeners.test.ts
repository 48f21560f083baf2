/**
 * Listeners: one port telling raw Lichat, WebSocket and HTTP apart by the
 * first bytes; listeners that serve one protocol only; TLS (raw and wss) on
 * its own listener with a certificate the test makes; members on every
 * transport in one channel, seeing the same updates in one order; a bad
 * certificate; a certificate replaced while connections stay.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber } from "effect"
import * as Fs from "node:fs"
import * as Net from "node:net"
import * as Certificates from "../support/Certificates.ts"
import * as TcpClient from "../support/TcpClient.ts"
import { handshake, id, type LichatClient, open } from "../support/TestClient.ts"
import { start } from "../support/TestServer.ts"

/** What a raw socket gets back for `request` until the server closes it. */
const exchange = (port: number, request: string) =>
  Effect.callback<string>((resume) => {
    const socket = Net.connect({ host: "127.0.0.1", port }, () => socket.write(request))
    let reply = ""
    socket.on("data", (d) => (reply += d.toString()))
    socket.on("close", () => resume(Effect.succeed(reply)))
    socket.on("error", () => {})
  })

const portOf = (server: { readonly listeners: ReadonlyArray<{ readonly scheme: string; readonly port: number }> }, scheme: string) => {
  const listener = server.listeners.find((l) => l.scheme === scheme)
  if (listener === undefined) throw new Error(`no ${scheme} listener`)
  return listener.port
}

describe("listeners", () => {
  it.live("one port serves raw Lichat (after whitespace), WebSocket and HTTP", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const health = yield* Effect.promise(() => fetch(`http://127.0.0.1:${server.port}/healthz`))
      assert.strictEqual(health.status, 200)
      const web = yield* handshake(yield* open(server.url, { protocols: ["lichat"] }), "web")
      const raw = yield* TcpClient.open({ port: server.port })
      yield* raw.write(` \r\n\t(connect :id ${id()} :version "2.0" :from "raw")\u0000`)
      assert.strictEqual((yield* raw.expect("connect")).from, "raw")
      yield* web.expect("join", (j) => j.from === "raw")
    }))

  it.live("a socket that says nothing on a one-port listener is closed after the detection timeout", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const started = Date.now()
      const reply = yield* exchange(server.port, "")
      assert.strictEqual(reply, "")
      assert.isAtLeast(Date.now() - started, 4_500)
    }), 15_000)

  it.live("tcp:// serves only raw Lichat, ws:// only WebSocket and HTTP", () =>
    Effect.gen(function*() {
      const server = yield* start({ listen: ["tcp://127.0.0.1:0", "ws://127.0.0.1:0"], firstUpdateTimeout: "1 second" })
      // HTTP on the raw port is an update that never ends: no answer, and the socket is closed.
      const onRaw = yield* exchange(portOf(server, "tcp"), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
      assert.strictEqual(onRaw, "")
      // Raw Lichat on the WebSocket port is not HTTP.
      const onWeb = yield* exchange(portOf(server, "ws"), `(connect :id 1 :version "2.0" :from "raw")\u0000`)
      assert.include(onWeb, "HTTP/1.1 400")
      const health = yield* Effect.promise(() => fetch(`http://127.0.0.1:${portOf(server, "ws")}/healthz`))
      assert.strictEqual(health.status, 200)
      const raw = yield* TcpClient.login({ port: portOf(server, "tcp") }, "raw")
      assert.strictEqual(raw.name, "raw")
    }))

  it.live("members over TCP, WebSocket, TLS and wss in one channel see the same updates in one order", () =>
    Effect.gen(function*() {
      const certificate = yield* Certificates.make()
      const server = yield* start({
        listen: ["auto://127.0.0.1:0", "auto+tls://127.0.0.1:0"],
        tlsCert: certificate.certFile,
        tlsKey: certificate.keyFile,
        floodLimit: 1_000
      })
      const plain = portOf(server, "auto")
      const secure = portOf(server, "auto+tls")
      const members: ReadonlyArray<LichatClient & { readonly name: string }> = [
        yield* handshake(yield* open(`ws://127.0.0.1:${plain}/`, { protocols: ["lichat"] }), "ws"),
        yield* TcpClient.login({ port: plain }, "tcp"),
        yield* TcpClient.login({ port: secure, tls: { ca: certificate.cert } }, "tls"),
        yield* handshake(yield* open(`wss://127.0.0.1:${secure}/`, { protocols: ["lichat"], ca: certificate.cert }), "wss")
      ]
      const [first, ...others] = members
      if (first === undefined) return
      yield* first.send(`(create :id ${id()} :channel "mixed")`)
      yield* first.expect("join", (j) => j.channel === "mixed")
      for (const [i, member] of others.entries()) {
        yield* member.send(`(join :id ${id()} :channel "mixed")`)
        for (const seer of members.slice(0, i + 2)) yield* seer.expect("join", (j) => j.channel === "mixed" && j.from === member.name)
      }
      // Everyone talks at once.
      const rounds = 15
      const talkers = yield* Effect.forEach(members, (member) =>
        Effect.forkChild(Effect.forEach(Array.from({ length: rounds }, (_, i) => i), (i) =>
          member.send(`(message :id ${id()} :channel "mixed" :text "${member.name} ${i}")`), { discard: true })))
      yield* Effect.forEach(talkers, Fiber.join, { discard: true })
      const heard = yield* Effect.forEach(members, (member) =>
        Effect.forEach(Array.from({ length: rounds * members.length }), () =>
          Effect.map(member.expect("message", (m) => m.channel === "mixed", 10_000), (m) => m.text)))
      for (const other of heard.slice(1)) assert.deepStrictEqual(other, heard[0])
      // Each speaker's own messages keep their order within the channel's.
      for (const member of members) {
        const own = (heard[0] ?? []).filter((text) => text.startsWith(`${member.name} `))
        assert.deepStrictEqual(own, Array.from({ length: rounds }, (_, i) => `${member.name} ${i}`))
      }
    }), 30_000)

  it.live("a TLS listener without a usable certificate stops the start with one line", () =>
    Effect.gen(function*() {
      const certificate = yield* Certificates.make()
      Fs.writeFileSync(certificate.keyFile, "not a key")
      const error = yield* Effect.flip(start({ listen: ["tls://127.0.0.1:0"], tlsCert: certificate.certFile, tlsKey: certificate.keyFile }))
      const message = error instanceof Error ? error.message : String((error as { readonly message?: unknown }).message)
      assert.include(message, `TLS certificate ${certificate.certFile}`)
      assert.notInclude(message, "\n")
    }))

  it.live("a changed certificate is served to new connections while the old ones stay", () =>
    Effect.gen(function*() {
      const first = yield* Certificates.make()
      const server = yield* start({ listen: ["tls://127.0.0.1:0"], tlsCert: first.certFile, tlsKey: first.keyFile })
      const port = portOf(server, "tls")
      const early = yield* TcpClient.login({ port, tls: { ca: first.cert } }, "early")
      assert.strictEqual(early.certificate()?.fingerprint256, first.fingerprint)
      // The same files, new contents: the key first, then the certificate, as a renewal writes them.
      const second = yield* Certificates.make()
      Fs.writeFileSync(first.keyFile, second.key)
      Fs.writeFileSync(first.certFile, second.cert)
      const late = yield* Effect.gen(function*() {
        for (let attempt = 0; attempt < 40; attempt++) {
          yield* Effect.sleep(500)
          const client = yield* Effect.option(TcpClient.open({ port, tls: { ca: second.cert } }))
          if (client._tag === "Some") return client.value
        }
        return yield* Effect.die(new Error("the new certificate was never served"))
      })
      assert.strictEqual(late.certificate()?.fingerprint256, second.fingerprint)
      // The connection made before the change still works.
      yield* early.send(`(users :id ${id()} :channel "${server.name}")`)
      yield* early.expect("users")
    }), 40_000)
})
