/**
 * The HTTP side of the port under attack: strict content types for
 * shirakumo-data, sandboxed link payloads, errors in request handlers
 * answered and logged, and the link quotas and lifetime.
 */
import { assert, describe, it } from "@effect/vitest"
import { LichatServer, type RequestHandler, ServerConfig, type ServerOptionsInput, StoreFromConfig } from "@lichat/server"
import { Effect, Layer, Logger, References, type Scope } from "effect"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { destroyAsOperator, room } from "../support/Room.ts"
import { id, login, type TestClient } from "../support/TestClient.ts"
import { SERVER_NAME, start } from "../support/TestServer.ts"

const fetchPath = (port: number, path: string, init?: RequestInit) =>
  Effect.promise(() => fetch(`http://127.0.0.1:${port}${path}`, init))

// A Lichat string literal: `"` and `\` escaped, everything else (CR and LF too) as is.
const lisp = (text: string) => `"${text.replace(/["\\]/g, "\\$&")}"`

/** Sends a data update to `room`; returns its id. */
const sendData = (client: TestClient, contentType: string, bytes: Uint8Array, filename?: string) =>
  Effect.gen(function*() {
    const updateId = id()
    const name = filename === undefined ? "" : ` :filename ${lisp(filename)}`
    yield* client.send(
      `(shirakumo:data :id ${updateId} :channel "room" :content-type ${lisp(contentType)}${name} :payload "${
        Buffer.from(bytes).toString("base64")
      }")`
    )
    return updateId
  })

/** The path of the link message `client` receives from `from`. */
const linkFrom = (client: TestClient, from: string) =>
  Effect.map(client.expect("message", (m) => m.link !== undefined && m.from === from), (m) => ({
    path: new URL(m.text).pathname,
    link: m.link
  }))

const PNG = Buffer.from("\x89PNG\r\n\x1a\n-pretend-image", "latin1")

interface Logged {
  readonly level: string
  readonly text: string
}

/** A server like TestServer's, with an embedder's `onRequest` and every log line at Warn and above kept. */
const startLogged = (
  options: ServerOptionsInput,
  onRequest?: RequestHandler
): Effect.Effect<{ readonly port: number; readonly url: string; readonly logs: Array<Logged> }, unknown, Scope.Scope> =>
  Effect.gen(function*() {
    const logs: Array<Logged> = []
    const logger = Logger.make<unknown, void>(({ cause, logLevel, message }) => {
      const parts = Array.isArray(message) ? message : [message]
      logs.push({ level: logLevel, text: `${parts.map(String).join(" ")} ${cause.reasons.length > 0 ? "(with cause)" : ""}` })
    })
    const context = yield* Layer.build(
      LichatServer.layerWith({ onRequest }).pipe(
        Layer.provide(StoreFromConfig.layerWithProfiles),
        Layer.provideMerge(ServerConfig.layer({ name: SERVER_NAME, hostname: "127.0.0.1", port: 0, memory: options.dataDir === undefined, ...options }))
      )
    ).pipe(
      Effect.provideService(References.MinimumLogLevel, "Warn"),
      Effect.provideService(Logger.CurrentLoggers, new Set([logger]))
    )
    const { address } = yield* Effect.provideContext(Effect.service(LichatServer), context)
    return { port: address.port, url: `ws://127.0.0.1:${address.port}/`, logs }
  })

describe("shirakumo-data content types", () => {
  it.live("are parsed strictly and matched in full; refusals quote the value safely", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const { ana, bob } = yield* room(server.url)
      const refused = [
        "image/png;\r\nSet-Cookie: x=y",
        "image/png\r\n",
        "image/png\u0001",
        "image/png; x=\u007f",
        "image/pngé",
        "image/png; x=y",
        "image/png;",
        "image/png; x=\"unclosed",
        "image/",
        "/png",
        "image png",
        "image/svg+xml"
      ]
      for (const contentType of refused) {
        const updateId = yield* sendData(ana, contentType, PNG)
        const failure = yield* ana.expect("bad-content-type", (f) => f.updateId === updateId)
        assert.notMatch(failure.text, /[\u0000-\u001f\u007f]/, `no control characters for ${JSON.stringify(contentType)}`)
      }
      const long = yield* sendData(ana, "image/png;\r\n" + "x".repeat(300), PNG)
      const failure = yield* ana.expect("bad-content-type", (f) => f.updateId === long)
      assert.include(failure.text, "…")
      assert.isAtMost(failure.text.length, 100)
      assert.isFalse((yield* bob.drain(100)).some((u) => u._tag === "message" && u.link !== undefined), "nothing was linked")
      // Case and surrounding whitespace do not matter; the link carries the normalised type.
      yield* sendData(ana, " IMAGE/PNG ", PNG)
      const linked = yield* linkFrom(bob, "ana")
      assert.strictEqual(linked.link, "image/png")
      const response = yield* fetchPath(server.port, linked.path)
      assert.strictEqual(response.status, 200)
      assert.strictEqual(response.headers.get("content-type"), "image/png")
    }))

  it.live("an allowed entry with parameters admits that full value, however it is spelled", () =>
    Effect.gen(function*() {
      const server = yield* start({ allowedContentTypes: ["text/plain; charset=utf-8"] })
      const { ana, bob } = yield* room(server.url)
      const plain = yield* sendData(ana, "text/plain", PNG)
      yield* ana.expect("bad-content-type", (f) => f.updateId === plain)
      yield* sendData(ana, "Text/Plain ; Charset = \"UTF-8\"", Buffer.from("hello"), "a.txt")
      const linked = yield* linkFrom(bob, "ana")
      assert.strictEqual(linked.link, "text/plain;charset=utf-8")
      const response = yield* fetchPath(server.port, linked.path)
      assert.strictEqual(response.headers.get("content-type"), "text/plain;charset=utf-8")
      assert.strictEqual(response.headers.get("content-disposition"), "attachment; filename*=UTF-8''a.txt")
      assert.strictEqual(yield* Effect.promise(() => response.text()), "hello")
    }))
})

describe("shirakumo-link serving", () => {
  it.live("SVG, when allowed, is an attachment; images are inline; both sandboxed and nosniff", () =>
    Effect.gen(function*() {
      const server = yield* start({ allowedContentTypes: ["image/png", "image/svg+xml"] })
      const { ana, bob } = yield* room(server.url)
      yield* sendData(ana, "image/svg+xml", Buffer.from("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"), "x (1).svg")
      const svg = yield* fetchPath(server.port, (yield* linkFrom(bob, "ana")).path)
      assert.strictEqual(svg.status, 200)
      assert.strictEqual(svg.headers.get("content-disposition"), "attachment; filename*=UTF-8''x%20%281%29.svg")
      assert.strictEqual(svg.headers.get("content-security-policy"), "sandbox")
      assert.strictEqual(svg.headers.get("x-content-type-options"), "nosniff")
      yield* sendData(ana, "image/png", PNG, "p.png")
      const pngPath = (yield* linkFrom(bob, "ana")).path
      const png = yield* fetchPath(server.port, pngPath)
      assert.strictEqual(png.headers.get("content-disposition"), "inline; filename*=UTF-8''p.png")
      assert.strictEqual(png.headers.get("content-security-policy"), "sandbox")
      assert.strictEqual(png.headers.get("x-content-type-options"), "nosniff")
      assert.isTrue(Buffer.from(yield* Effect.promise(() => png.arrayBuffer())).equals(PNG))
      const head = yield* fetchPath(server.port, pngPath, { method: "HEAD" })
      assert.strictEqual(head.headers.get("content-length"), String(PNG.byteLength))
      const post = yield* fetchPath(server.port, pngPath, { method: "POST" })
      assert.strictEqual(post.status, 405)
    }))

  it.live("an embedder's onRequest that throws or rejects gets 500, is logged, and the server keeps serving", () =>
    Effect.gen(function*() {
      const onRequest: RequestHandler = (request, response) => {
        if (request.url?.startsWith("/boom")) throw new Error("kaput")
        response.writeHead(200, { "content-type": "text/plain" }).end("fine")
      }
      const rejecting: RequestHandler = async (request, response) => {
        if (request.url === "/async") throw new Error("async kaput")
        return onRequest(request, response)
      }
      const server = yield* startLogged({}, rejecting)
      const boom = yield* fetchPath(server.port, "/boom?q=1")
      assert.strictEqual(boom.status, 500)
      const rejected = yield* fetchPath(server.port, "/async")
      assert.strictEqual(rejected.status, 500)
      const fine = yield* fetchPath(server.port, "/fine")
      assert.strictEqual(fine.status, 200)
      assert.strictEqual(yield* Effect.promise(() => fine.text()), "fine")
      assert.strictEqual((yield* fetchPath(server.port, "/healthz")).status, 200)
      const errors = server.logs.filter((l) => l.level === "Error")
      assert.isTrue(errors.some((l) => l.text.includes("GET /boom") && l.text.includes("(with cause)")), JSON.stringify(server.logs))
      assert.isTrue(errors.some((l) => l.text.includes("GET /async")), JSON.stringify(server.logs))
      // The WebSocket side is unaffected.
      yield* login(server.url, "ana")
    }))

  it.live("a payload whose file cannot be read is logged and answered with 500; its bytes live only on disk", () =>
    Effect.gen(function*() {
      const dataDir = yield* Effect.acquireRelease(
        Effect.sync(() => Fs.mkdtempSync(Path.join(Os.tmpdir(), "lichat-links-"))),
        (dir) => Effect.sync(() => Fs.rmSync(dir, { recursive: true, force: true }))
      )
      const server = yield* startLogged({ dataDir })
      const { ana, bob } = yield* room(server.url)
      yield* sendData(ana, "image/png", PNG)
      const { path } = yield* linkFrom(bob, "ana")
      const file = Path.join(dataDir, "links", path.slice("/link/".length))
      assert.isTrue(Fs.readFileSync(file).equals(PNG))
      assert.strictEqual((yield* fetchPath(server.port, path)).status, 200)
      Fs.rmSync(file)
      const broken = yield* fetchPath(server.port, path)
      assert.strictEqual(broken.status, 500)
      assert.isTrue(server.logs.some((l) => l.level === "Error" && l.text.includes(`GET ${path}`)), JSON.stringify(server.logs))
    }))
})

describe("shirakumo-link quotas and lifetime", () => {
  it.live("a user over the per-user quota is refused with update-failure; others are not; a destroyed channel gives the bytes back", () =>
    Effect.gen(function*() {
      const server = yield* start({ linkQuotaPerUser: 10, operators: ["boss"] })
      const { ana, bob } = yield* room(server.url)
      yield* sendData(ana, "image/png", Buffer.alloc(8))
      yield* linkFrom(bob, "ana")
      const over = yield* sendData(ana, "image/png", Buffer.alloc(8))
      const failure = yield* ana.expect("update-failure", (f) => f.updateId === over)
      assert.include(failure.text, "per-user quota")
      assert.isFalse((yield* bob.drain(100)).some((u) => u._tag === "message" && u.link !== undefined), "nothing was linked")
      yield* sendData(bob, "image/png", Buffer.alloc(8))
      yield* linkFrom(ana, "bob")
      yield* destroyAsOperator(server.url, "room")
      yield* ana.send(`(create :id ${id()} :channel "room")`)
      yield* ana.expect("join", (j) => j.channel === "room" && j.from === "ana")
      yield* sendData(ana, "image/png", Buffer.alloc(8))
      yield* linkFrom(ana, "ana")
    }))

  it.live("the total quota refuses whoever would exceed it", () =>
    Effect.gen(function*() {
      const server = yield* start({ linkQuotaTotal: 12 })
      const { ana, bob } = yield* room(server.url)
      yield* sendData(ana, "image/png", Buffer.alloc(8))
      yield* linkFrom(bob, "ana")
      const over = yield* sendData(bob, "image/png", Buffer.alloc(8))
      const failure = yield* bob.expect("update-failure", (f) => f.updateId === over)
      assert.include(failure.text, "total quota")
      assert.isFalse((yield* ana.drain(100)).some((u) => u._tag === "message" && u.link !== undefined && u.from === "bob"), "nothing was linked")
      yield* sendData(bob, "image/png", Buffer.alloc(4))
      yield* linkFrom(ana, "bob")
    }))

  it.live("a payload past linkLifetime answers 404, and its bytes no longer count", () =>
    Effect.gen(function*() {
      const server = yield* start({ linkLifetime: "400 millis", linkQuotaPerUser: 10 })
      const { ana, bob } = yield* room(server.url)
      yield* sendData(ana, "image/png", Buffer.alloc(8))
      const { path } = yield* linkFrom(bob, "ana")
      assert.strictEqual((yield* fetchPath(server.port, path)).status, 200)
      yield* Effect.sleep("500 millis")
      assert.strictEqual((yield* fetchPath(server.port, path)).status, 404)
      yield* sendData(ana, "image/png", Buffer.alloc(8))
      yield* linkFrom(bob, "ana")
    }))
})
