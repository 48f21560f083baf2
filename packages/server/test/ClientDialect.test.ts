/**
 * ClientDialect: requests in the forms real clients write become updates
 * of the spec's shape; everything else passes through untouched.
 */
import { decodeUpdate, keyword, readObject, type Update } from "@lichat/core"
import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import { normalise } from "../src/connection/ClientDialect.ts"
import "../src/extensions/userInfo/info.ts"

const context = { primary: "Lobby" }

/** Reads, normalises and decodes; fails the test when it does not decode. */
const decoded = (text: string): Update => {
  const result = decodeUpdate(normalise(Result.getOrThrow(readObject(text)), context))
  if (Result.isFailure(result)) assert.fail(`${text}: ${result.failure.text}`)
  return result.success
}

/** What the spec's letter alone says of the same text. */
const strict = (text: string) => decodeUpdate(Result.getOrThrow(readObject(text)))

const field = (update: Update, name: string): unknown => (update as unknown as Record<string, unknown>)[name]

describe("ClientDialect", () => {
  it("connect without :extensions speaks none", () => {
    const text = `(connect :id 1 :version "2.0" :from "bot")`
    assert.isTrue(Result.isFailure(strict(text)))
    assert.deepStrictEqual(field(decoded(text), "extensions"), [])
  })

  it("server-info with only :target", () => {
    const text = `(SERVER-INFO :ID 2 :CLOCK 3 :TARGET "bob")`
    assert.isTrue(Result.isFailure(strict(text)))
    const update = decoded(text)
    assert.deepStrictEqual([field(update, "attributes"), field(update, "connections")], [[], []])
  })

  it("emotes without :channel, or with :channel NIL, are the primary channel's", () => {
    assert.strictEqual(field(decoded(`(EMOTES :ID 1 :NAMES ("a"))`), "channel"), "Lobby")
    assert.strictEqual(field(decoded(`(emotes :id 1 :channel NIL :names ())`), "channel"), "Lobby")
    assert.strictEqual(field(decoded(`(emotes :id 1 :channel "room")`), "channel"), "room")
  })

  it("channel-info: no :keys is every key; string keys are keywords", () => {
    assert.strictEqual(field(decoded(`(channel-info :id 1 :channel "c")`), "keys"), true)
    assert.strictEqual(field(decoded(`(channel-info :id 1 :channel "c" :keys T)`), "keys"), true)
    const [topic, title] = [keyword("topic"), keyword("title")]
    assert.deepStrictEqual(field(decoded(`(channel-info :id 1 :channel "c" :keys ("topic" ":title"))`), "keys"), [topic, title])
    assert.deepStrictEqual(field(decoded(`(channel-info :id 1 :channel "c" :keys :topic)`), "keys"), [topic])
  })

  it("set-channel-info with a string key; an unknown one stays unknown (no new symbol)", () => {
    const topic = keyword("topic")
    assert.strictEqual(field(decoded(`(set-channel-info :id 1 :channel "c" :key "topic" :text "t")`), "key"), topic)
    const unknown = field(decoded(`(set-channel-info :id 1 :channel "c" :key "no-such-key-here" :text "t")`), "key")
    assert.strictEqual((unknown as { unknown: boolean }).unknown, true)
  })

  it("set-user-info with a keyword key (lichat-js, ex-lichat) or a string one (the spec's definition)", () => {
    assert.strictEqual(field(decoded(`(set-user-info :id 1 :key :status :text "away")`), "key"), "status")
    assert.strictEqual(field(decoded(`(set-user-info :id 1 :key "status" :text "away")`), "key"), "status")
  })

  it("grant with the update type as a string, as ex-lichat takes it", () => {
    const update = decoded(`(grant :id 1 :channel "c" :target "bob" :update "backfill")`)
    assert.strictEqual(String(field(update, "update")), "shirakumo:backfill")
  })

  it("leaves other updates as they are", () => {
    const object = Result.getOrThrow(readObject(`(message :id 1 :channel "c" :text "hi")`))
    assert.strictEqual(normalise(object, context), object)
  })
})
