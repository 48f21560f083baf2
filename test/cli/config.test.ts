/**
 * The command's configuration edges and its log: JSON log lines with the
 * audit annotations (--log-format json), the log level as an option (a bad
 * one, like a bad name or an unknown extension, is a one-line start
 * error), and --print-config printing a config file that --config reads
 * back as the same options, the secrets left out and given apart.
 */
import { assert, describe, it } from "@effect/vitest"
import { Cli } from "@lichat/cli"
import { ServerConfigModule } from "@lichat/server"
import { ConfigProvider, Effect, Option, Redacted, Result } from "effect"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as CliProcess from "../support/CliProcess.ts"
import { id, login, open } from "../support/TestClient.ts"

/** Runs the CLI to completion. */
const runCli = (args: ReadonlyArray<string>, env: Record<string, string> = {}) => CliProcess.run(args, { env })

/** Starts the CLI on an ephemeral loopback port and waits for the port it bound; killed with the scope. */
const startCli = (args: ReadonlyArray<string>, env: Record<string, string> = {}) => CliProcess.start(args, { env })

const tempDir = () => Fs.mkdtempSync(Path.join(Os.tmpdir(), "lichat-config-"))

/** Waits until `find` finds something in the output. */
const eventually = <A>(find: () => A | undefined, what: string) =>
  Effect.gen(function*() {
    for (let i = 0; i < 250; i++) {
      const found = find()
      if (found !== undefined) return found
      yield* Effect.sleep("20 millis")
    }
    return assert.fail(`never saw ${what}`)
  })

describe("--log-format json", () => {
  it.live("one JSON object per line, with timestamp, level, message and the annotations of a refused login", () =>
    Effect.gen(function*() {
      const server = yield* startCli(["--log-format", "json", "--memory", "--name", "JsonLog"])
      const url = `ws://127.0.0.1:${server.port}/`
      const ghost = yield* open(url)
      yield* ghost.send(`(connect :id ${id()} :clock 0 :version "2.0" :extensions () :from "ghost" :password "secret")`)
      yield* ghost.expect("no-such-profile")
      const ana = yield* login(url, "ana")
      yield* ana.send(`(register :id ${id()} :password "secret-ana")`)
      yield* ana.expect("register")

      type Line = {
        readonly timestamp: string
        readonly level: string
        readonly message: string
        readonly annotations: Record<string, unknown>
      }
      const lines = () =>
        server.stdout().split("\n").filter((line) => line !== "").map((line) => {
          try {
            return JSON.parse(line) as Line
          } catch {
            return assert.fail(`not a JSON line: ${line}`)
          }
        })
      const refused = yield* eventually(
        () => lines().find((line) => line.annotations["event"] === "login-refused"),
        "the login-refused line"
      )
      assert.strictEqual(refused.level, "INFO")
      assert.approximately(Date.parse(refused.timestamp), Date.now(), 60_000)
      assert.match(refused.message, /^login refused \(no-such-profile\): name "ghost" from 127\.0\.0\.1 \(connection \d+\)$/)
      assert.deepInclude(refused.annotations, { user: "ghost", address: "127.0.0.1", reason: "no-such-profile" })
      const registered = yield* eventually(() => lines().find((line) => line.annotations["event"] === "register"), "the register line")
      assert.deepInclude(registered.annotations, { user: "ana", address: "127.0.0.1" })
      const listening = lines().find((line) => line.message.includes("listening on"))
      assert.isDefined(listening)
      assert.strictEqual(yield* server.stop("SIGTERM"), 0)
    }))

  it.live("text (the default): one line per entry, timestamp, level, message", () =>
    Effect.gen(function*() {
      const server = yield* startCli(["--memory", "--name", "TextLog"])
      const ghost = yield* open(`ws://127.0.0.1:${server.port}/`)
      yield* ghost.send(`(connect :id ${id()} :clock 0 :version "2.0" :extensions () :from "ghost" :password "secret")`)
      yield* ghost.expect("no-such-profile")
      const line = yield* eventually(
        () => server.stdout().split("\n").find((l) => l.includes("login refused")),
        "the login-refused line"
      )
      assert.match(line, /^\d{4}-\d\d-\d\dT[\d:.]+Z INFO login refused \(no-such-profile\): name "ghost" from 127\.0\.0\.1 \(connection \d+\)$/)
    }))
})

describe("start errors", () => {
  it.live("a bad log level, an unknown extension, an empty or too long name: one line on stderr, exit code 1", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const file = Path.join(dir, "config.json")
      Fs.writeFileSync(file, JSON.stringify({ logLevel: "loud" }))
      const levels = "all, trace, debug, info, warn, error, fatal, none"
      const cases: ReadonlyArray<readonly [ReadonlyArray<string>, Record<string, string>, string]> = [
        [[], { LICHAT_LOG_LEVEL: "loud" }, `LICHAT_LOG_LEVEL: expected one of ${levels} (got "loud")`],
        [["--log-level", "loud"], {}, `--log-level: expected one of ${levels} (got "loud")`],
        [["--config", file], {}, `logLevel: expected one of ${levels}`],
        [["--log-format", "xml"], {}, "--log-format: expected one of text, json"],
        [["--disabled-extensions", "shirakumo-nope"], {}, `disabledExtensions: "shirakumo-nope" is not an extension of this server`],
        [["--name", ""], {}, "name: must not be empty"],
        [["--name", "a".repeat(40)], {}, "is 40 characters long; a Lichat name has at most 32"],
        [["--metrics-listen", "9100"], {}, "metricsListen:"]
      ]
      const results = yield* Effect.forEach(
        cases,
        ([args, env]) => runCli(["--memory", "--hostname", "127.0.0.1", "--port", "0", ...args], env),
        { concurrency: 4 }
      )
      cases.forEach(([args, , expected], i) => {
        const result = results[i]!
        assert.strictEqual(result.code, 1, `${args.join(" ")}: ${result.stderr}${result.stdout}`)
        const lines = result.stderr.trim().split("\n")
        assert.lengthOf(lines, 1, result.stderr)
        assert.include(lines[0], expected)
      })
      // The config file takes the log level as any other option.
      Fs.writeFileSync(file, JSON.stringify({ logLevel: "debug", "log-format": "json" }))
      const printed = yield* runCli(["--config", file, "--print-config"])
      assert.strictEqual(printed.code, 0, printed.stderr)
      assert.deepInclude(JSON.parse(printed.stdout), { logLevel: "debug", logFormat: "json" })
    }), 120_000)
})

describe("--print-config", () => {
  it.effect("prints what --config reads back as the same options; the secrets are left out and given apart", () =>
    Effect.gen(function*() {
      const options = yield* Cli.resolve(
        {
          name: Option.some("RoundTrip"),
          salt: Option.some("pepper"),
          database: Option.some("postgres://lichat@db/lichat"),
          pingInterval: Option.some("1.5 seconds"),
          operators: Option.some("boss,ana"),
          disabledExtensions: Option.some("shirakumo-typing"),
          memory: Option.some("true"),
          logLevel: Option.some("debug"),
          metricsListen: Option.some("127.0.0.1:9100")
        },
        Option.none()
      ).pipe(Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromEnv({ env: {} })))
      const printed = Cli.printable(options)
      assert.notProperty(printed, "salt")
      assert.notProperty(printed, "database")
      const text = JSON.stringify(printed, null, 2)
      assert.notInclude(text, "pepper")
      assert.notInclude(text, "redacted")
      const file = Path.join(tempDir(), "printed.json")
      Fs.writeFileSync(file, text)

      const secrets = { LICHAT_SALT: "pepper", LICHAT_DATABASE: "postgres://lichat@db/lichat" }
      const back = yield* Cli.resolve({}, Option.some(file)).pipe(
        Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromEnv({ env: secrets }))
      )
      assert.deepStrictEqual(Cli.printable(back), printed)
      assert.strictEqual(Redacted.value(back.salt), "pepper")
      assert.strictEqual(Redacted.value(back.database), "postgres://lichat@db/lichat")
      // Every option compares equal, secrets included.
      const same = ServerConfigModule.makeValid({ ...back })
      assert.isTrue(Result.isSuccess(same))
      for (const spec of ServerConfigModule.OPTIONS) {
        const a = options[spec.key]
        const b = back[spec.key]
        if (Redacted.isRedacted(a) && Redacted.isRedacted(b)) assert.strictEqual(Redacted.value(a), Redacted.value(b), spec.key)
        else assert.deepStrictEqual(b, a, spec.key)
      }
    }))

  it.live("a server restarted from the printed config and the salt given apart still logs its users in", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const flags = ["--name", "SaltKept", "--data-dir", Path.join(dir, "data")]
      const first = yield* startCli([...flags, "--salt", "pepper"])
      const ana = yield* login(`ws://127.0.0.1:${first.port}/`, "ana")
      yield* ana.send(`(register :id ${id()} :password "secret-ana")`)
      yield* ana.expect("register")
      assert.strictEqual(yield* first.stop("SIGTERM"), 0)

      const printed = yield* runCli([...flags, "--hostname", "127.0.0.1", "--port", "0", "--print-config"], { LICHAT_SALT: "pepper" })
      assert.strictEqual(printed.code, 0, printed.stderr)
      assert.notInclude(printed.stdout, "pepper")
      assert.notProperty(JSON.parse(printed.stdout), "salt")
      const file = Path.join(dir, "printed.json")
      Fs.writeFileSync(file, printed.stdout)

      const second = yield* startCli(["--config", file], { LICHAT_SALT: "pepper" })
      const again = yield* login(`ws://127.0.0.1:${second.port}/`, "ana", { password: "secret-ana" })
      assert.strictEqual(again.name, "ana")
      assert.strictEqual(yield* second.stop("SIGTERM"), 0)

      // Without the salt the stored password no longer matches: the salt is what the printed config lacks.
      const third = yield* startCli(["--config", file])
      const wrong = yield* open(`ws://127.0.0.1:${third.port}/`)
      yield* wrong.send(`(connect :id ${id()} :clock 0 :version "2.0" :extensions () :from "ana" :password "secret-ana")`)
      yield* wrong.expect("invalid-password")
    }), 120_000)
})
