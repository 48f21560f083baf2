/**
 * The real `lichat-server` process: option precedence, bad configuration,
 * serving clients and HTTP, graceful stop on SIGTERM, a port in use.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Option, Schedule } from "effect"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { DatabaseSync } from "node:sqlite"
import * as Cli from "../support/CliProcess.ts"
import { id, login } from "../support/TestClient.ts"

const runCli = (args: ReadonlyArray<string>, env: Record<string, string> = {}) => Cli.run(args, { env })

/** Starts the CLI as a server (under `ulimit -n openFiles` when given) and waits for the port it bound. */
const startCli = (args: ReadonlyArray<string>, openFiles?: number) =>
  Cli.start(args, openFiles === undefined ? {} : { openFiles })

const tempFile = (content: string) => {
  const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "lichat-cli-"))
  const file = Path.join(dir, "config.json")
  Fs.writeFileSync(file, content)
  return file
}

describe("lichat-server options", () => {
  it.live("flag > environment > config file > default", () =>
    Effect.gen(function*() {
      const file = tempFile(JSON.stringify({ port: 1000, name: "FromFile", "flood-limit": 7, pingInterval: "30 seconds" }))
      const config = (r: Cli.Finished) => JSON.parse(r.stdout) as Record<string, unknown>
      const all = yield* runCli(["--config", file, "--port", "3000", "--print-config"], { LICHAT_PORT: "2000" })
      assert.strictEqual(all.code, 0, all.stderr)
      assert.strictEqual(config(all)["port"], 3000)
      assert.strictEqual(config(all)["name"], "FromFile")
      assert.strictEqual(config(all)["floodLimit"], 7)
      assert.strictEqual(config(all)["pingInterval"], "30 seconds")
      const envOverFile = yield* runCli(["--config", file, "--print-config"], { LICHAT_PORT: "2000" })
      assert.strictEqual(config(envOverFile)["port"], 2000)
      const fileOnly = yield* runCli(["--config", file, "--print-config"])
      assert.strictEqual(config(fileOnly)["port"], 1000)
      const defaults = yield* runCli(["--print-config"])
      assert.strictEqual(config(defaults)["port"], 1111)
      assert.strictEqual(config(defaults)["idleTimeout"], "120 seconds")
      // Secrets are left out of the printed config (not masked), so that it reads back as the same options.
      assert.notProperty(config(defaults), "salt")
      assert.notProperty(config(defaults), "database")
    }))

  it.live("bad values and unknown keys stop it with a clear message and a non-zero exit", () =>
    Effect.gen(function*() {
      const badFlag = yield* runCli(["--port", "http", "--print-config"])
      assert.notStrictEqual(badFlag.code, 0)
      assert.include(badFlag.stderr, "--port")
      const badEnv = yield* runCli(["--print-config"], { LICHAT_IDLE_TIMEOUT: "soon" })
      assert.notStrictEqual(badEnv.code, 0)
      assert.include(badEnv.stderr, "LICHAT_IDLE_TIMEOUT")
      const unknown = yield* runCli(["--config", tempFile(`{"colour": "blue"}`), "--print-config"])
      assert.notStrictEqual(unknown.code, 0)
      assert.include(unknown.stderr, "colour")
      const badFile = yield* runCli(["--config", tempFile(`{"floodLimit": "many"}`), "--print-config"])
      assert.notStrictEqual(badFile.code, 0)
      assert.include(badFile.stderr, "floodLimit")
      const tooShort = yield* runCli(["--idle-timeout", "60", "--print-config"])
      assert.notStrictEqual(tooShort.code, 0)
      assert.include(tooShort.stderr, "100 seconds")
      const help = yield* runCli(["--help"])
      assert.strictEqual(help.code, 0)
      assert.include(help.stdout, "--ping-interval")
      assert.include(help.stdout, "LICHAT_FLOOD_LIMIT")
    }))
})

describe("lichat-server process", () => {
  it.live("serves WebSocket clients and HTTP on one port, and stops cleanly on SIGTERM", () =>
    Effect.gen(function*() {
      const server = yield* startCli(["--name", "CliTest"])
      const url = `ws://127.0.0.1:${server.port}/`
      const ana = yield* login(url, "ana")
      const bob = yield* login(url, "bob")
      yield* ana.send(`(create :id ${id()} :channel "room")`)
      yield* ana.expect("join", (j) => j.channel === "room")
      yield* bob.send(`(join :id ${id()} :channel "room")`)
      yield* bob.expect("join", (j) => j.channel === "room")
      yield* ana.send(`(message :id ${id()} :channel "room" :text "over the cli")`)
      yield* bob.expect("message", (m) => m.text === "over the cli")

      const health = yield* Effect.promise(() => fetch(`http://127.0.0.1:${server.port}/healthz`).then((r) => r.json()))
      assert.deepInclude(health, { status: "ok", name: "CliTest", connections: 2, users: 3, channels: 2 })
      const metrics = yield* Effect.promise(() => fetch(`http://127.0.0.1:${server.port}/metrics`).then((r) => r.text()))
      assert.include(metrics, "lichat_connections 2")
      assert.match(metrics, /lichat_updates_received_total\{type="message"\} 1/)
      const missing = yield* Effect.promise(() => fetch(`http://127.0.0.1:${server.port}/nope`))
      assert.strictEqual(missing.status, 404)

      const exit = Effect.callback<number | null>((resume) => {
        server.child.on("exit", (code) => resume(Effect.succeed(code)))
      })
      server.child.kill("SIGTERM")
      yield* ana.expect("disconnect")
      yield* bob.expect("disconnect")
      assert.strictEqual(yield* exit, 0)
    }))

  it.live("a data directory whose database is not one, or is from a newer server, is one line on stderr and exit code 1", () =>
    Effect.gen(function*() {
      const garbage = Fs.mkdtempSync(Path.join(Os.tmpdir(), "lichat-cli-"))
      Fs.writeFileSync(Path.join(garbage, "lichat.db"), "not a database, only text long enough to fill a SQLite header and more")
      const newer = Fs.mkdtempSync(Path.join(Os.tmpdir(), "lichat-cli-"))
      const db = new DatabaseSync(Path.join(newer, "lichat.db"))
      db.exec("PRAGMA user_version = 999")
      db.close()
      for (const [dir, reason] of [[garbage, "not a database"], [newer, "schema version 999"]] as const) {
        const result = yield* runCli(["--hostname", "127.0.0.1", "--port", "0", "--data-dir", dir])
        assert.strictEqual(result.code, 1)
        const lines = result.stderr.trim().split("\n")
        assert.strictEqual(lines.length, 1, result.stderr)
        assert.include(lines[0], `cannot open the store (SQLite ${Path.join(dir, "lichat.db")})`)
        assert.include(lines[0], reason)
      }
    }))

  it.live("under ulimit -n 256 it keeps its sockets below the limit, refusing more, and serves again once some close", () =>
    Effect.gen(function*() {
      const server = yield* startCli(["--connection-limit", "1000"], 256)
      const url = `ws://127.0.0.1:${server.port}/`
      const clients: Array<{ readonly close: Effect.Effect<void> }> = []
      let refused = 0
      for (let i = 0; i < 230; i++) {
        const client = yield* Effect.option(login(url, `user${i}`).pipe(Effect.timeout(2_000)))
        if (client._tag === "Some") clients.push(client.value)
        else refused++
      }
      // 256 files, less 64 kept for everything else: 192 sockets.
      assert.strictEqual(clients.length, 192)
      assert.strictEqual(refused, 38)
      assert.include(server.output(), "ulimit -n")
      for (const client of clients.slice(0, 10)) yield* client.close
      // /healthz answers (a socket is free again) and soon counts the ten gone.
      const connections = Effect.tryPromise(() =>
        fetch(`http://127.0.0.1:${server.port}/healthz`).then((r) => r.json() as Promise<{ connections: number }>)
      ).pipe(Effect.map((health) => health.connections), Effect.option)
      const settled = yield* connections.pipe(
        Effect.repeat({ until: (n) => Option.contains(n, 182), schedule: Schedule.spaced("50 millis") }),
        Effect.timeoutOption(5_000)
      )
      assert.deepStrictEqual(settled, Option.some(Option.some(182)))
      assert.isNull(server.child.exitCode)
    }))

  it.live("a port in use is one line on stderr and exit code 1", () =>
    Effect.gen(function*() {
      const server = yield* startCli([])
      const second = yield* runCli(["--hostname", "127.0.0.1", "--port", String(server.port)])
      assert.strictEqual(second.code, 1)
      const lines = second.stderr.trim().split("\n")
      assert.strictEqual(lines.length, 1, second.stderr)
      assert.include(lines[0], "EADDRINUSE")
    }))
})
