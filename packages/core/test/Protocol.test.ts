import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { TestClock } from "effect/testing"
import {
  COMPATIBLE_VERSIONS,
  fromUniversalTime,
  isCompatibleVersion,
  isKnownExtension,
  KNOWN_EXTENSIONS,
  PROTOCOL_VERSION,
  toUniversalTime,
  UNIX_EPOCH_OFFSET,
  universalTimeNow
} from "../src/Protocol.ts"

describe("versions", () => {
  it.effect("speaks 2.0 and accepts 1.0–1.5 and 2.0", () =>
    Effect.sync(() => {
      assert.strictEqual(PROTOCOL_VERSION, "2.0")
      assert.deepStrictEqual([...COMPATIBLE_VERSIONS], ["1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "2.0"])
      assert.isTrue(isCompatibleVersion(PROTOCOL_VERSION))
    }))

  it.effect.each(["1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "2.0"])("accepts %s", (version) =>
    Effect.sync(() => {
      assert.isTrue(isCompatibleVersion(version))
    }))

  it.effect.each(["", "2", "2.1", "3.0", "0.9", "1.6", " 2.0", "2.0 ", "v2.0", "2.00"])("rejects %j", (version) =>
    Effect.sync(() => {
      assert.isFalse(isCompatibleVersion(version))
    }))
})

describe("universal time", () => {
  it.effect.each([
    ["the Unix epoch", 0, 2208988800],
    ["one second after the epoch", 1000, 2208988801],
    ["a fraction of a second is dropped", 1999, 2208988801],
    ["2000-01-01T00:00:00Z", Date.UTC(2000, 0, 1), 3155673600],
    ["2020-01-01T00:00:00Z", Date.UTC(2020, 0, 1), 3786825600],
    ["half a second before the epoch rounds down", -500, 2208988799],
    ["1900-01-01T00:00:00Z", Date.UTC(1900, 0, 1), 0]
  ] as const)("toUniversalTime: %s", ([, millis, expected]) =>
    Effect.sync(() => {
      assert.strictEqual(toUniversalTime(millis), expected)
    }))

  it.effect.each([
    ["0", 0, Date.UTC(1900, 0, 1)],
    ["the offset", UNIX_EPOCH_OFFSET, 0],
    ["2020-01-01", 3786825600, Date.UTC(2020, 0, 1)],
    ["a bigint", 3786825600n, Date.UTC(2020, 0, 1)]
  ] as const)("fromUniversalTime: %s", ([, ut, expected]) =>
    Effect.sync(() => {
      assert.strictEqual(fromUniversalTime(ut), expected)
    }))

  it.effect.prop(
    "a universal time survives the round trip",
    [Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 2 ** 40 }))],
    ([ut]) =>
      Effect.sync(() => {
        assert.strictEqual(toUniversalTime(fromUniversalTime(ut)), ut)
      })
  )

  it.effect.prop(
    "an instant maps to the whole second it falls in",
    [Schema.Int.check(Schema.isBetween({ minimum: -(2 ** 45), maximum: 2 ** 45 }))],
    ([millis]) =>
      Effect.sync(() => {
        const ut = toUniversalTime(millis)
        assert.isTrue(Number.isInteger(ut))
        const start = fromUniversalTime(ut)
        assert.isTrue(start <= millis && millis < start + 1000, `${millis} not in [${start}, ${start + 1000})`)
      })
  )

  it.effect("universalTimeNow reads the Clock, controlled by TestClock", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.UTC(2020, 0, 1))
      assert.strictEqual(yield* universalTimeNow, 3786825600)
      yield* TestClock.adjust(1500)
      assert.strictEqual(yield* universalTimeNow, 3786825601)
      yield* TestClock.adjust("1 minute")
      assert.strictEqual(yield* universalTimeNow, 3786825661)
      yield* TestClock.setTime(0)
      assert.strictEqual(yield* universalTimeNow, UNIX_EPOCH_OFFSET)
    }))
})

describe("known extensions", () => {
  // The define-extension names of shirakumo.sexpr, in file order.
  const sexprNames = [
    "shirakumo-backfill", "shirakumo-data", "shirakumo-emote", "shirakumo-edit", "shirakumo-channel-trees",
    "shirakumo-channel-info", "shirakumo-server-management", "shirakumo-pause", "shirakumo-quiet", "shirakumo-ip",
    "shirakumo-bridge", "shirakumo-link", "shirakumo-markup", "shirakumo-user-info", "shirakumo-shared-identity",
    "shirakumo-sign", "shirakumo-history", "shirakumo-block", "shirakumo-reactions", "shirakumo-replies",
    "shirakumo-last-read", "shirakumo-typing", "shirakumo-otp", "shirakumo-roles"
  ]

  it.effect("lists every extension of shirakumo.sexpr, emote under its prose name", () =>
    Effect.sync(() => {
      const expected = sexprNames.map((name) => (name === "shirakumo-emote" ? "shirakumo-emotes" : name))
      assert.deepStrictEqual([...KNOWN_EXTENSIONS], expected)
    }))

  it.effect("names are unique, lower-case producer-name strings", () =>
    Effect.sync(() => {
      assert.strictEqual(new Set(KNOWN_EXTENSIONS).size, KNOWN_EXTENSIONS.length)
      for (const name of KNOWN_EXTENSIONS) assert.match(name, /^shirakumo-[a-z]+(-[a-z]+)*$/)
    }))

  it.effect("isKnownExtension", () =>
    Effect.sync(() => {
      assert.isTrue(isKnownExtension("shirakumo-backfill"))
      assert.isTrue(isKnownExtension("shirakumo-data"))
      assert.isTrue(isKnownExtension("shirakumo-emotes"))
      assert.isFalse(isKnownExtension("shirakumo-emote"))
      assert.isFalse(isKnownExtension("SHIRAKUMO-DATA"))
      assert.isFalse(isKnownExtension("acme-teleport"))
    }))
})
