/**
 * What an operator watches: /metrics with every series from zero, the
 * process and the build, exact counters (failures, updates, bytes as
 * UTF-8 bytes on both transports), metrics on a listener of their own
 * (--metrics-listen), and the audit log lines (refused logins with name,
 * address and reason; registrations; operator actions) with their
 * annotations.
 */
import { assert, describe, it } from "@effect/vitest"
import { descriptors } from "@lichat/core"
import { layer, LichatServer, Operators, type ServerOptionsInput } from "@lichat/server"
import { Effect, Exit, Layer, Logger, References, Scope } from "effect"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as TcpClient from "../support/TcpClient.ts"
import { id, login, open } from "../support/TestClient.ts"
import { SERVER_NAME, start } from "../support/TestServer.ts"

const root = Path.resolve(import.meta.dirname, "../..")

const fetchPath = (port: number, path: string) => Effect.promise(() => fetch(`http://127.0.0.1:${port}${path}`))

/** The series of a scrape: `name{labels}` → value. */
const scrape = (port: number) =>
  Effect.gen(function*() {
    const response = yield* fetchPath(port, "/metrics")
    assert.strictEqual(response.status, 200)
    const text = yield* Effect.promise(() => response.text())
    const series = new Map<string, number>()
    for (const line of text.split("\n")) {
      if (line === "" || line.startsWith("#")) continue
      const cut = line.lastIndexOf(" ")
      series.set(line.slice(0, cut), Number(line.slice(cut + 1)))
    }
    return series
  })

/** A series' value; fails the test when it is missing. */
const value = (series: ReadonlyMap<string, number>, key: string): number => {
  const found = series.get(key)
  if (found === undefined) return assert.fail(`no series ${key}`)
  return found
}

const FAILURE_TYPES = descriptors().filter((d) => d.ancestors.has("failure")).map((d) => d.tag)
const UPDATE_TYPES = descriptors().map((d) => d.tag)

/** One log entry as the test logger keeps it. */
interface Entry {
  readonly level: string
  readonly message: string
  readonly annotations: Record<string, unknown>
}

/**
 * Starts a server at info level whose log lines land in `logs`, with the
 * operator "boss" provisioned; stops with the scope.
 */
const startLogged = (options: ServerOptionsInput = {}) =>
  Effect.gen(function*() {
    const logs: Array<Entry> = []
    const logger = Logger.map(Logger.formatStructured, (entry) => {
      logs.push({ level: entry.level, message: String(entry.message), annotations: entry.annotations })
    })
    const context = yield* Layer.build(
      layer({ name: SERVER_NAME, hostname: "127.0.0.1", port: 0, memory: true, operators: ["boss"], ...options })
    ).pipe(
      Effect.provideService(References.MinimumLogLevel, "Info"),
      Effect.provideService(Logger.CurrentLoggers, new Set([logger]))
    )
    yield* Effect.provideContext(Operators.provision("boss", "boss-password"), context)
    const server = yield* Effect.provideContext(Effect.service(LichatServer), context)
    return { server, port: server.address.port, url: `ws://127.0.0.1:${server.address.port}/`, logs }
  })

/** Waits for a log entry of `event` matching `where`. */
const logged = (logs: ReadonlyArray<Entry>, event: string, where: (entry: Entry) => boolean = () => true) =>
  Effect.gen(function*() {
    for (let i = 0; i < 100; i++) {
      const entry = logs.find((e) => e.annotations["event"] === event && where(e))
      if (entry !== undefined) return entry
      yield* Effect.sleep("20 millis")
    }
    return assert.fail(`no ${event} log line; got:\n${logs.map((e) => `${e.message} ${JSON.stringify(e.annotations)}`).join("\n")}`)
  })

describe("/metrics", () => {
  // First in the file: nothing has been counted in this process yet.
  it.live("every series the server can count is there from the start, at 0", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const series = yield* scrape(server.port)
      for (const type of FAILURE_TYPES) assert.strictEqual(value(series, `lichat_failures_total{type="${type}"}`), 0, type)
      for (const type of UPDATE_TYPES) {
        assert.strictEqual(value(series, `lichat_updates_received_total{type="${type}"}`), 0, type)
        assert.strictEqual(value(series, `lichat_updates_sent_total{type="${type}"}`), 0, type)
      }
      for (const reason of ["invalid-password", "no-such-profile", "bad-name", "username-taken", "ip-banned", "address-busy"]) {
        assert.strictEqual(value(series, `lichat_handshake_rejections_total{type="${reason}"}`), 0, reason)
      }
      for (const kind of ["minor", "major", "incremental", "weakcb"]) value(series, `nodejs_gc_runs_total{type="${kind}"}`)
      for (const name of ["lichat_bytes_received_total", "lichat_bytes_sent_total", "lichat_outbox_drops_total"]) {
        assert.strictEqual(value(series, name), 0, name)
      }
      assert.strictEqual(value(series, "lichat_connections"), 0)
    }))

  it.live("shows the process (memory, heap, event loop, GC, start time, uptime) and the build", () =>
    Effect.gen(function*() {
      const server = yield* start()
      // Garbage, so that the collector runs at least once.
      let junk: Array<{ readonly n: number }> = []
      for (let i = 0; i < 2_000_000; i++) junk.push({ n: i })
      junk = []
      yield* Effect.sleep("100 millis")
      const series = yield* scrape(server.port)
      assert.isAbove(value(series, "process_resident_memory_bytes"), 1_000_000)
      const used = value(series, "nodejs_heap_size_used_bytes")
      assert.isAbove(used, 0)
      assert.isAtMost(used, value(series, "nodejs_heap_size_total_bytes"))
      assert.isAbove(value(series, "nodejs_external_memory_bytes"), 0)
      for (const stat of ["p50", "p99", "max", "mean"]) assert.isAtLeast(value(series, `nodejs_eventloop_lag_${stat}_seconds`), 0)
      const gcRuns = [...series].filter(([key]) => key.startsWith("nodejs_gc_runs_total")).reduce((n, [, v]) => n + v, 0)
      assert.isAtLeast(gcRuns, 1)
      const uptime = value(series, "process_uptime_seconds")
      assert.isAbove(uptime, 0)
      const started = value(series, "process_start_time_seconds")
      assert.approximately(started + uptime, Date.now() / 1000, 5)
      const manifest = JSON.parse(Fs.readFileSync(Path.join(root, "packages/server/package.json"), "utf8")) as { version: string }
      assert.strictEqual(value(series, `lichat_build_info{version="${manifest.version}",node="${process.version}"}`), 1)
      assert.strictEqual(junk.length, 0)
    }))

  it.live("counts exactly: four invalid updates are four failures and four updates sent", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const ana = yield* login(server.url, "ana")
      const before = yield* scrape(server.port)
      // Two of a class no one knows (answered while decoding), two of one the server does not take (answered by dispatch).
      yield* ana.send(`(no-such-update-class :id ${id()} :clock 0)`)
      yield* ana.send(`(also-not-a-class :id ${id()} :clock 0)`)
      yield* ana.send(`(failure :id ${id()} :clock 0 :from "ana" :text "x")`)
      yield* ana.send(`(failure :id ${id()} :clock 0 :from "ana" :text "y")`)
      for (let i = 0; i < 4; i++) yield* ana.expect("invalid-update")
      // And one failure from a handler.
      yield* ana.send(`(join :id ${id()} :channel "nowhere")`)
      yield* ana.expect("no-such-channel")
      const after = yield* scrape(server.port)
      const delta = (key: string) => value(after, key) - value(before, key)
      assert.strictEqual(delta(`lichat_failures_total{type="invalid-update"}`), 4)
      assert.strictEqual(delta(`lichat_updates_sent_total{type="invalid-update"}`), 4)
      assert.strictEqual(delta(`lichat_failures_total{type="no-such-channel"}`), 1)
      assert.strictEqual(delta(`lichat_updates_sent_total{type="no-such-channel"}`), 1)
      assert.strictEqual(delta(`lichat_updates_received_total{type="join"}`), 1)
      assert.strictEqual(delta(`lichat_updates_received_total{type="message"}`), 0)
    }))

  it.live("counts bytes as UTF-8 bytes, over WebSocket and raw TCP, as they crossed the sockets", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const ana = yield* login(server.url, "ana")
      const bob = yield* TcpClient.login({ port: server.port }, "bob")
      yield* ana.send(`(create :id ${id()} :channel "room")`)
      yield* ana.expect("join", (j) => j.channel === "room")
      yield* bob.send(`(join :id ${id()} :channel "room")`)
      yield* bob.expect("join", (j) => j.channel === "room")
      yield* ana.expect("join", (j) => j.channel === "room" && j.from === "bob")
      yield* ana.drain(100)
      yield* bob.drain(100)
      // What the server writes, as the clients read it: WebSocket payloads and TCP bytes.
      let written = 0
      ana.socket.on("message", (data) => (written += Buffer.isBuffer(data) ? data.length : 0))
      bob.socket.on("data", (data: Buffer) => (written += data.length))
      const before = yield* scrape(server.port)

      const fromAna = `(message :id ${id()} :channel "room" :text "é ☃")\u0000`
      const fromBob = `(message :id ${id()} :channel "room" :text "☃☃ über")\u0000`
      yield* ana.send(fromAna)
      yield* bob.write(fromBob)
      for (const client of [ana, bob]) {
        yield* client.expect("message", (m) => m.text === "é ☃")
        yield* client.expect("message", (m) => m.text === "☃☃ über")
      }
      const after = yield* scrape(server.port)
      const delta = (key: string) => value(after, key) - value(before, key)

      const read = Buffer.byteLength(fromAna) + Buffer.byteLength(fromBob)
      assert.strictEqual(read, fromAna.length + fromBob.length + 1 + 2 + 2 * 2 + 1, "é is 2 bytes, ☃ 3, ü 2")
      assert.strictEqual(delta("lichat_bytes_received_total"), read)
      // Each message went to both: four frames, each with two or three non-ASCII characters.
      assert.isAbove(written, 0)
      assert.strictEqual(delta("lichat_bytes_sent_total"), written)
      assert.strictEqual(delta(`lichat_updates_sent_total{type="message"}`), 4)
      assert.strictEqual(delta(`lichat_updates_received_total{type="message"}`), 2)
    }))

  it.live("--metrics-listen serves /metrics and /healthz on a port of their own; the chat port keeps /healthz only", () =>
    Effect.gen(function*() {
      const scope = yield* Scope.make()
      const { port, server } = yield* startLogged({ metricsListen: "127.0.0.1:0" }).pipe(Scope.provide(scope))
      const metricsAddress = server.metricsAddress
      if (metricsAddress === undefined) return assert.fail("no metrics address")
      assert.strictEqual(metricsAddress.hostname, "127.0.0.1")
      assert.notStrictEqual(metricsAddress.port, port)

      const series = yield* scrape(metricsAddress.port)
      assert.isTrue([...series.keys()].some((key) => key.startsWith("lichat_build_info{")))
      const health = yield* fetchPath(metricsAddress.port, "/healthz")
      assert.strictEqual(health.status, 200)
      assert.deepInclude(yield* Effect.promise(() => health.json()), { status: "ok", name: SERVER_NAME })
      assert.strictEqual((yield* fetchPath(metricsAddress.port, "/elsewhere")).status, 404)
      assert.strictEqual((yield* fetchPath(port, "/metrics")).status, 404)
      assert.strictEqual((yield* fetchPath(port, "/healthz")).status, 200)

      // Closed with the server.
      yield* Scope.close(scope, Exit.void)
      const after = yield* Effect.promise(() =>
        fetch(`http://127.0.0.1:${metricsAddress.port}/metrics`).then(() => "answered", () => "refused")
      )
      assert.strictEqual(after, "refused")
    }))
})

describe("the audit log", () => {
  it.live("a refused login says the name, the address and the reason, for every reason", () =>
    Effect.gen(function*() {
      const { logs, url } = yield* startLogged()
      const ana = yield* login(url, "ana")
      yield* ana.send(`(register :id ${id()} :password "secret-ana")`)
      yield* ana.expect("register")
      const registered = yield* logged(logs, "register")
      assert.strictEqual(registered.message, `register: "ana" registered from 127.0.0.1`)
      assert.deepInclude(registered.annotations, { user: "ana", address: "127.0.0.1", profile: "new" })

      const tryConnect = (connect: string, reply: string) =>
        Effect.gen(function*() {
          const client = yield* open(url)
          yield* client.send(connect)
          yield* client.expect(reply as never)
        })
      const c = (fields: string) => `(connect :id ${id()} :clock 0 :version "2.0" :extensions ()${fields})`
      yield* tryConnect(c(` :from "ana" :password "not-it"`), "invalid-password")
      yield* tryConnect(c(` :from "ghost" :password "whatever"`), "no-such-profile")
      yield* tryConnect(c(` :from "  bad  name"`), "bad-name")
      yield* tryConnect(c(` :from "boss"`), "username-taken")
      yield* tryConnect(`(connect :id ${id()} :clock 0 :version "0.1" :from "old" :extensions ())`, "incompatible-version")
      yield* tryConnect(`(ping :id ${id()} :clock 0)`, "invalid-update")
      yield* tryConnect(`(connect :id`, "malformed-update")

      const cases: ReadonlyArray<readonly [string, string | undefined]> = [
        ["invalid-password", "ana"],
        ["no-such-profile", "ghost"],
        ["bad-name", "  bad  name"],
        ["username-taken", "boss"],
        ["incompatible-version", "old"],
        ["invalid-update", undefined],
        ["unreadable", undefined]
      ]
      for (const [reason, user] of cases) {
        const entry = yield* logged(logs, "login-refused", (e) => e.annotations["reason"] === reason)
        assert.strictEqual(entry.level, "INFO")
        assert.deepInclude(entry.annotations, { address: "127.0.0.1", reason })
        assert.strictEqual(entry.annotations["user"], user, reason)
        assert.include(entry.message, `login refused (${reason}):`)
        assert.include(entry.message, "from 127.0.0.1")
        if (user !== undefined) assert.include(entry.message, `name "${user}"`)
        assert.notInclude(entry.message, "\n")
      }
    }))

  it.live("operator actions: kill, ban and unban (name and address), the blacklists, destroy, and other administrative updates", () =>
    Effect.gen(function*() {
      const { logs, url } = yield* startLogged()
      const boss = yield* login(url, "boss", { password: "boss-password" })
      const bob = yield* login(url, "bob")
      yield* bob.send(`(create :id ${id()} :channel "room")`)
      yield* bob.expect("join", (j) => j.channel === "room")

      yield* boss.send(`(shirakumo:kill :id ${id()} :target "bob")`)
      yield* boss.expect("kill")
      yield* boss.send(`(shirakumo:ban :id ${id()} :target "mallory")`)
      yield* boss.expect("ban")
      yield* boss.send(`(shirakumo:unban :id ${id()} :target "mallory")`)
      yield* boss.expect("unban")
      yield* boss.send(`(shirakumo:blacklist :id ${id()})`)
      yield* boss.expect("blacklist")
      yield* boss.send(`(shirakumo:ip-ban :id ${id()} :ip "203.0.113.0" :mask "0.0.0.255")`)
      yield* boss.expect("ip-ban")
      yield* boss.send(`(shirakumo:ip-unban :id ${id()} :ip "203.0.113.0" :mask "0.0.0.255")`)
      yield* boss.expect("ip-unban")
      yield* boss.send(`(shirakumo:ip-blacklist :id ${id()})`)
      yield* boss.expect("ip-blacklist")
      yield* boss.send(`(shirakumo:destroy :id ${id()} :channel "room")`)
      yield* boss.expect("destroy")
      // The primary channel's info is the server's to set: an operator sets it with the server's rights.
      yield* boss.send(`(shirakumo:set-channel-info :id ${id()} :channel "${SERVER_NAME}" :key :topic :text "welcome")`)
      yield* boss.expect("set-channel-info")

      const by = `by "boss" from 127.0.0.1`
      const expected: ReadonlyArray<readonly [string, string, Record<string, unknown>]> = [
        ["kill", `kill: "bob" disconnected ${by}`, { target: "bob" }],
        ["ban", `ban: "mallory" banned ${by}`, { target: "mallory" }],
        ["unban", `unban: "mallory" unbanned ${by}`, { target: "mallory" }],
        ["blacklist", `blacklist: the name blacklist (0) read ${by}`, {}],
        ["ip-ban", `ip-ban: 203.0.113.0 mask 0.0.0.255 banned ${by}`, { ip: "203.0.113.0", mask: "0.0.0.255" }],
        ["ip-unban", `ip-unban: bans within 203.0.113.0 mask 0.0.0.255 lifted ${by}`, { ip: "203.0.113.0", mask: "0.0.0.255" }],
        ["ip-blacklist", `ip-blacklist: the address blacklist (0) read ${by}`, {}],
        ["destroy", `destroy: channel "room" destroyed ${by}`, { channel: "room" }],
        [
          "operator-action",
          `operator action: set-channel-info in "${SERVER_NAME}" ${by}`,
          { update: "set-channel-info", channel: SERVER_NAME }
        ]
      ]
      for (const [event, message, annotations] of expected) {
        const entry = yield* logged(logs, event)
        assert.strictEqual(entry.message, message)
        assert.deepInclude(entry.annotations, { user: "boss", address: "127.0.0.1", ...annotations })
      }
      // Administrative updates are logged once each, and ordinary ones not at all.
      assert.lengthOf(logs.filter((e) => e.annotations["event"] === "operator-action"), 1)
    }))
})
