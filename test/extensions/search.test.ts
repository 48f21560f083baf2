/**
 * shirakumo-history: messages kept in the channel's stored history and
 * found with `search` by text, sender, time and offset; members only; bad
 * queries; the extension switched off; a channel's messages gone with the
 * channel, and kept across a restart with it (in the data directory).
 */
import { assert, describe, it } from "@effect/vitest"
import { type Update, type Value } from "@lichat/core"
import { Effect } from "effect"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { destroyAsOperator, room } from "../support/Room.ts"
import { id, login, type TestClient } from "../support/TestClient.ts"
import { start } from "../support/TestServer.ts"

const dataDir = () => Fs.mkdtempSync(Path.join(Os.tmpdir(), "lichat-history-"))

/** Sends a message at `clock` and waits until the sender has it back. */
const say = (client: TestClient, text: string, clock: number) =>
  Effect.gen(function*() {
    const messageId = id()
    yield* client.send(`(message :id ${messageId} :clock ${clock} :channel "room" :text "${text}")`)
    yield* client.expect("message", (m) => m.id === messageId)
    return messageId
  })

/** The `:text` of each result of the `search` replies to `searchId`, in order, and how many replies there were. */
const searchFor = (client: TestClient, query: string, extra = "") =>
  Effect.gen(function*() {
    const searchId = id()
    yield* client.send(`(shirakumo:search :id ${searchId} :channel "room" :query (${query})${extra})`)
    const first = yield* client.expect("search", (s) => s.id === searchId)
    const replies = [first, ...(yield* client.drain(150)).filter((u: Update) => u._tag === "search" && u.id === searchId)]
    const texts: Array<string> = []
    for (const reply of replies) {
      if (reply._tag !== "search") continue
      for (const result of (reply.results ?? []) as ReadonlyArray<ReadonlyArray<Value>>) {
        const at = result.findIndex((v) => typeof v === "object" && v !== null && !Array.isArray(v) && String(v) === ":text")
        texts.push(String(result[at + 1]))
      }
    }
    return { texts, replies: replies.length }
  })

describe("shirakumo-history (search)", () => {
  it.live("finds kept messages by text, sender and time, oldest first, with an offset", () =>
    Effect.gen(function*() {
      const server = yield* start({ dataDir: dataDir() })
      const { ana, bob } = yield* room(server.url)
      assert.include([...ana.extensions], "shirakumo-history")
      yield* say(ana, "hello world", 3_900_000_100)
      const there = yield* say(bob, "Hello there", 3_900_000_200)
      yield* say(ana, "goodbye, 100% sure", 3_900_000_300)
      yield* say(bob, "hellish", 3_900_000_400)

      assert.deepStrictEqual((yield* searchFor(ana, "")).texts, ["hello world", "Hello there", "goodbye, 100% sure", "hellish"])
      assert.deepStrictEqual((yield* searchFor(ana, `:text ("hello")`)).texts, ["hello world", "Hello there"])
      assert.deepStrictEqual((yield* searchFor(bob, `:text ("h_llo*world" "bye")`)).texts, ["hello world", "goodbye, 100% sure"])
      assert.deepStrictEqual((yield* searchFor(ana, `:text ("100\\\\%")`)).texts, ["goodbye, 100% sure"])
      assert.deepStrictEqual((yield* searchFor(ana, `:from ("bob")`)).texts, ["Hello there", "hellish"])
      assert.deepStrictEqual((yield* searchFor(ana, `:clock (3900000200 T)`)).texts, ["Hello there", "goodbye, 100% sure", "hellish"])
      assert.deepStrictEqual((yield* searchFor(ana, `:clock (T 3900000200) :text ("hel")`)).texts, ["hello world", "Hello there"])
      assert.deepStrictEqual((yield* searchFor(ana, `:text ("hel")`, " :offset 1")).texts, ["Hello there", "hellish"])
      assert.deepStrictEqual((yield* searchFor(ana, `:text ("nowhere")`)).texts, [])
      // Other fields by equality, read from the kept update.
      assert.deepStrictEqual((yield* searchFor(ana, `:id ${there}`)).texts, ["Hello there"])
      assert.deepStrictEqual((yield* searchFor(ana, `:id ${there} :from ("ana")`)).texts, [])
    }))

  it.live("sends at most 50 results; the offset pages through the rest", () =>
    Effect.gen(function*() {
      const server = yield* start({ floodLimit: 1000 })
      const { ana } = yield* room(server.url)
      for (let i = 0; i < 60; i++) yield* say(ana, `note ${i}`, 3_900_000_000 + i)
      const page = yield* searchFor(ana, `:text ("note")`)
      assert.strictEqual(page.texts.length, 50)
      assert.strictEqual(page.texts[0], "note 0")
      const rest = yield* searchFor(ana, `:text ("note")`, " :offset 50")
      assert.deepStrictEqual(rest.texts, Array.from({ length: 10 }, (_, i) => `note ${50 + i}`))
    }))

  it.live("members only; a malformed query is an invalid-update", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const { ana } = yield* room(server.url)
      yield* say(ana, "secret", 3_900_000_100)
      const carol = yield* login(server.url, "carol")
      yield* carol.send(`(shirakumo:search :id ${id()} :channel "room" :query (:text ("secret")))`)
      yield* carol.expect("not-in-channel")
      yield* ana.send(`(shirakumo:search :id ${id()} :channel "room" :query (:text))`)
      yield* ana.expect("invalid-update")
      yield* ana.send(`(shirakumo:search :id ${id()} :channel "room" :query ("text" ("x")))`)
      yield* ana.expect("invalid-update")
      yield* ana.send(`(shirakumo:search :id ${id()} :channel "room" :query (:clock (1)))`)
      yield* ana.expect("invalid-update")
    }))

  it.live("is off when switched off", () =>
    Effect.gen(function*() {
      const server = yield* start({ disabledExtensions: ["shirakumo-history"] })
      const { ana } = yield* room(server.url)
      assert.notInclude([...ana.extensions], "shirakumo-history")
      yield* ana.send(`(shirakumo:search :id ${id()} :channel "room")`)
      yield* ana.expect("invalid-update")
    }))

  it.live("a destroyed channel takes its messages with it", () =>
    Effect.gen(function*() {
      const server = yield* start({ dataDir: dataDir(), operators: ["boss"] })
      const { ana } = yield* room(server.url)
      yield* say(ana, "doomed", 3_900_000_100)
      yield* destroyAsOperator(server.url, "room")
      yield* ana.send(`(create :id ${id()} :channel "room")`)
      yield* ana.expect("join", (j) => j.channel === "room")
      assert.deepStrictEqual((yield* searchFor(ana, "")).texts, [])
    }))

  it.live("a channel and its messages outlive a restart; a channel that expired takes them along", () =>
    Effect.gen(function*() {
      const dir = dataDir()
      yield* Effect.scoped(Effect.gen(function*() {
        const server = yield* start({ dataDir: dir })
        const { ana } = yield* room(server.url)
        yield* say(ana, "before the restart", 3_900_000_100)
      }))
      const kept = yield* Effect.scoped(Effect.gen(function*() {
        const server = yield* start({ dataDir: dir, channelLifetime: "1 second" })
        const ana = yield* login(server.url, "ana")
        yield* ana.send(`(join :id ${id()} :channel "room")`)
        yield* ana.expect("join", (j) => j.channel === "room" && j.from === "ana")
        const found = (yield* searchFor(ana, "")).texts
        yield* ana.send(`(leave :id ${id()} :channel "room")`)
        yield* ana.expect("leave", (l) => l.from === "ana")
        // Empty for longer than its lifetime: the sweep removes it.
        yield* Effect.sleep("3500 millis")
        return found
      }))
      assert.deepStrictEqual(kept, ["before the restart"])
      const server = yield* start({ dataDir: dir })
      const { ana } = yield* room(server.url)
      assert.deepStrictEqual((yield* searchFor(ana, "")).texts, [])
    }))
})
