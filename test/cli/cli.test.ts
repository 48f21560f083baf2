/**
 * The real `lichat-server` process: option precedence, bad configuration,
 * serving clients and HTTP, graceful stop on SIGTERM, a port in use.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Option, Schedule } from "effect"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { id, login, open } from "../support/TestClient.ts"

const bin = Path.resolve(import.meta.dirname, "../../packages/cli/src/bin.ts")

interface Result {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs the CLI to completion. */
const runCli = (args: ReadonlyArray<string>, env: Record<string, string> = {}) =>
  Effect.callback<Result>((resume) => {
    const child = ChildProcess.spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env } })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (d) => (stdout += d))
    child.stderr.on("data", (d) => (stderr += d))
    child.on("close", (code) => resume(Effect.succeed({ code, stdout, stderr })))
  })

/** Starts the CLI as a server (under `ulimit -n openFiles` when given) and waits for the port it bound. */
const startCli = (args: ReadonlyArray<string>, openFiles?: number) =>
  Effect.acquireRelease(
    Effect.callback<{ readonly child: ChildProcess.ChildProcess; readonly port: number; readonly output: () => string }>((resume) => {
      const command = [process.execPath, bin, "--hostname", "127.0.0.1", "--port", "0", ...args]
      const child = openFiles === undefined
        ? ChildProcess.spawn(command[0]!, command.slice(1))
        : ChildProcess.spawn("/bin/sh", ["-c", `ulimit -n ${openFiles} && exec "$0" "$@"`, ...command])
      let output = ""
      const onData = (d: Buffer) => {
        output += d.toString()
        const match = /listening on [^ ]+:(\d+)/.exec(output)
        if (match !== null) resume(Effect.succeed({ child, port: Number(match[1]), output: () => output }))
      }
      child.stdout!.on("data", onData)
      child.stderr!.on("data", onData)
    }),
    ({ child }) => Effect.sync(() => child.kill("SIGKILL"))
  )

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
      const config = (r: Result) => JSON.parse(r.stdout) as Record<string, unknown>
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
      assert.strictEqual(config(defaults)["salt"], "<redacted>")
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

  it.live("keeps registered profiles and channels in the --state-file, and their messages in the --history-file, across a restart", () =>
    Effect.gen(function*() {
      const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "lichat-cli-"))
      const files = ["--state-file", Path.join(dir, "state", "lichat.db"), "--history-file", Path.join(dir, "history.db")]
      const stop = (child: ChildProcess.ChildProcess) =>
        Effect.callback<number | null>((resume) => {
          child.on("exit", (code) => resume(Effect.succeed(code)))
          child.kill("SIGTERM")
        })

      const first = yield* startCli(files)
      const ana = yield* login(`ws://127.0.0.1:${first.port}/`, "ana")
      yield* ana.send(`(register :id ${id()} :password "secret-ana")`)
      yield* ana.expect("register")
      yield* ana.send(`(create :id ${id()} :channel "garden")`)
      yield* ana.expect("join", (j) => j.channel === "garden")
      yield* ana.send(`(permissions :id ${id()} :channel "garden" :permissions ((join (- "mallory"))))`)
      yield* ana.expect("permissions")
      yield* ana.send(`(shirakumo:set-channel-info :id ${id()} :channel "garden" :key :topic :text "roses")`)
      yield* ana.expect("set-channel-info")
      yield* ana.send(`(message :id ${id()} :channel "garden" :text "planted the roses")`)
      yield* ana.expect("message", (m) => m.channel === "garden")
      assert.strictEqual(yield* stop(first.child), 0)

      const second = yield* startCli(files)
      const url = `ws://127.0.0.1:${second.port}/`
      const wrong = yield* open(url)
      yield* wrong.send(`(connect :id ${id()} :clock 0 :version "2.0" :extensions () :from "ana" :password "not-it")`)
      yield* wrong.expect("invalid-password")
      const again = yield* login(url, "ana", { password: "secret-ana" })
      assert.strictEqual(again.name, "ana")
      assert.include(second.output(), "1 profile(s)")
      // The channel is back, with its rules, its info and its messages; empty until someone joins.
      yield* again.send(`(join :id ${id()} :channel "garden")`)
      yield* again.expect("join", (j) => j.channel === "garden")
      const ask = id()
      yield* again.send(`(shirakumo:channel-info :id ${ask} :channel "garden" :keys (:topic))`)
      assert.strictEqual((yield* again.expect("set-channel-info", (c) => c.id === ask)).text, "roses")
      const search = id()
      yield* again.send(`(shirakumo:search :id ${search} :channel "garden" :query (:text ("roses")))`)
      assert.lengthOf((yield* again.expect("search", (r) => r.id === search)).results ?? [], 1)
      const mallory = yield* login(url, "mallory")
      yield* mallory.send(`(join :id ${id()} :channel "garden")`)
      yield* mallory.expect("insufficient-permissions")
    }))

  it.live("a state or history file that is not a database is one line on stderr and exit code 1", () =>
    Effect.gen(function*() {
      const file = tempFile("not a database, only text long enough to fill a SQLite header and more")
      for (const which of ["state", "history"]) {
        const result = yield* runCli(["--hostname", "127.0.0.1", "--port", "0", `--${which}-file`, file])
        assert.strictEqual(result.code, 1)
        const lines = result.stderr.trim().split("\n")
        assert.strictEqual(lines.length, 1, result.stderr)
        assert.include(lines[0], `cannot open the ${which} file ${file}`)
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
