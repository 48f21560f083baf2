/**
 * Nothing acknowledged is lost: the real `lichat-server` process, on its
 * default store (SQLite under --data-dir), is killed with SIGKILL the moment
 * a client has the acknowledgement of a `register`, `create`, `grant`,
 * `set-channel-info`, channel `message`, `ban` or `ip-ban`; each is there
 * when the server is started again. And the operator provisioned with
 * `lichat-server operator add` is the only one holding its name.
 */
import { assert, describe, it } from "@effect/vitest"
import type { Update } from "@lichat/core"
import { Effect, type Scope } from "effect"
import * as Path from "node:path"
import * as Cli from "../support/CliProcess.ts"
import { id, login, open, type TestClient } from "../support/TestClient.ts"

/** Starts the server on `dataDir`, runs `round` with its URL, then kills it with SIGKILL at once. */
const round = <A>(dataDir: string, f: (url: string) => Effect.Effect<A, unknown, Scope.Scope>) =>
  Effect.scoped(Effect.gen(function*() {
    const server = yield* Cli.start(["--data-dir", dataDir, "--operators", "boss"])
    const result = yield* Effect.scoped(f(`ws://127.0.0.1:${server.port}/`))
    assert.isNull(yield* server.stop("SIGKILL"), "killed by the signal")
    return result
  }))

const ana = (url: string) => login(url, "ana", { password: "secret-ana" })
const boss = (url: string) => login(url, "boss", { password: "boss-password" })
/** Sends `update` with a fresh id in place of `$ID` and waits for the reply of type `reply` to it. */
const asked = <T extends Update["_tag"]>(client: TestClient, update: string, reply: T) =>
  Effect.gen(function*() {
    const request = id()
    yield* client.send(update.replace("$ID", String(request)))
    return yield* client.expect(reply, (u) => u.id === request)
  })

describe("durability", () => {
  it.live("a kill -9 right after each acknowledgement loses nothing", () =>
    Effect.gen(function*() {
      const dataDir = Path.join(Cli.tempDir(), "data")
      const provisioned = yield* Cli.run(["--data-dir", dataDir, "operator", "add", "boss"], { input: "boss-password\n" })
      assert.strictEqual(provisioned.code, 0, provisioned.stderr)
      assert.include(provisioned.stdout, "operator boss: profile created")

      yield* round(dataDir, (url) =>
        Effect.gen(function*() {
          const client = yield* login(url, "ana")
          yield* asked(client, `(register :id $ID :password "secret-ana")`, "register")
        }))
      yield* round(dataDir, (url) =>
        Effect.gen(function*() {
          const wrong = yield* open(url)
          yield* wrong.send(`(connect :id 1 :version "2.0" :from "ana" :password "not-it")`)
          yield* wrong.expect("invalid-password")
          yield* asked(yield* ana(url), `(create :id $ID :channel "garden")`, "join")
        }))
      yield* round(dataDir, (url) =>
        Effect.gen(function*() {
          const client = yield* ana(url)
          yield* asked(client, `(join :id $ID :channel "garden")`, "join")
          yield* asked(client, `(grant :id $ID :channel "garden" :update kick :target "boss")`, "grant")
        }))
      yield* round(dataDir, (url) =>
        Effect.gen(function*() {
          const client = yield* ana(url)
          yield* asked(client, `(join :id $ID :channel "garden")`, "join")
          const rules = yield* asked(client, `(permissions :id $ID :channel "garden")`, "permissions")
          assert.match(JSON.stringify(rules.permissions), /kick[^\]]*boss/i)
          yield* asked(client, `(shirakumo:set-channel-info :id $ID :channel "garden" :key :topic :text "roses")`, "set-channel-info")
        }))
      yield* round(dataDir, (url) =>
        Effect.gen(function*() {
          const client = yield* ana(url)
          yield* asked(client, `(join :id $ID :channel "garden")`, "join")
          const info = yield* asked(client, `(shirakumo:channel-info :id $ID :channel "garden" :keys (:topic))`, "set-channel-info")
          assert.strictEqual(info.text, "roses")
          yield* asked(client, `(message :id $ID :channel "garden" :text "planted the roses")`, "message")
        }))
      yield* round(dataDir, (url) =>
        Effect.gen(function*() {
          const client = yield* ana(url)
          yield* asked(client, `(join :id $ID :channel "garden")`, "join")
          yield* client.send(`(shirakumo:backfill :id ${id()} :channel "garden")`)
          yield* client.expect("message", (m) => m.text === "planted the roses")
          yield* asked(yield* boss(url), `(shirakumo:ban :id $ID :target "mallory")`, "ban")
        }))
      yield* round(dataDir, (url) =>
        Effect.gen(function*() {
          const mallory = yield* open(url)
          yield* mallory.send(`(connect :id 1 :version "2.0" :from "mallory")`)
          yield* mallory.expect("too-many-connections")
          yield* asked(yield* boss(url), `(shirakumo:ip-ban :id $ID :ip "10.1.2.3" :mask "0.0.0.0")`, "ip-ban")
        }))
      yield* round(dataDir, (url) =>
        Effect.gen(function*() {
          const list = yield* asked(yield* boss(url), `(shirakumo:ip-blacklist :id $ID)`, "ip-blacklist")
          assert.include(JSON.stringify(list), "10.1.2.3")
        }))
    }), 120_000)

  it.live("operator add refuses a short password and a bad name, and changes a password", () =>
    Effect.gen(function*() {
      const dataDir = Path.join(Cli.tempDir(), "data")
      const short = yield* Cli.run(["--data-dir", dataDir, "operator", "add", "boss"], { input: "12345\n" })
      assert.strictEqual(short.code, 1)
      assert.include(short.stderr, "at least 6 characters")
      const bad = yield* Cli.run(["--data-dir", dataDir, "operator", "add", " boss"], { input: "long-enough\n" })
      assert.strictEqual(bad.code, 1)
      assert.include(bad.stderr, "not a valid Lichat name")
      const first = yield* Cli.run(["--data-dir", dataDir, "operator", "add", "boss"], { input: "first-password\n" })
      assert.include(first.stdout, "list it in --operators")
      const second = yield* Cli.run(["--data-dir", dataDir, "--operators", "boss", "operator", "add", "boss"], {
        input: "second-password\n"
      })
      assert.strictEqual(second.code, 0, second.stderr)
      assert.include(second.stdout, "given the new password")
      assert.notInclude(second.stdout, "list it in --operators")
      yield* Effect.scoped(Effect.gen(function*() {
        const server = yield* Cli.start(["--data-dir", dataDir, "--operators", "boss"])
        const url = `ws://127.0.0.1:${server.port}/`
        const old = yield* open(url)
        yield* old.send(`(connect :id 1 :version "2.0" :from "boss" :password "first-password")`)
        yield* old.expect("invalid-password")
        yield* login(url, "boss", { password: "second-password" })
      }))
    }), 60_000)
})
