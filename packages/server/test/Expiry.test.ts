/**
 * Channel and profile lifetimes under `TestClock`.
 */
import { universalTimeNow } from "@lichat/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { TestClock } from "effect/testing"
import * as Passwords from "../src/storage/Passwords.ts"
import { ProfileStore } from "../src/storage/ProfileStore.ts"
import { Registry } from "../src/actors/Registry.ts"
import { CreateChannel, RemoveChannel } from "../src/actors/RegistryProtocol.ts"
import { services, someone } from "./support/Services.ts"

const lifetimes = services({ channelLifetime: "1 hour", profileLifetime: "2 hours" })

describe("lifetimes (TestClock)", () => {
  it.effect("an empty regular channel lives for the channel lifetime, then goes", () =>
    Effect.gen(function*() {
      const registry = yield* Registry
      yield* registry.call(new CreateChannel({ name: "quiet", kind: "regular", creator: someone("ana") }))
      yield* TestClock.adjust("50 minutes")
      assert.isDefined(registry.findChannel("quiet"))
      yield* TestClock.adjust("30 minutes")
      assert.isUndefined(registry.findChannel("quiet"))
      assert.isDefined(registry.findChannel("Clocked"), "the primary channel never expires")
    }).pipe(Effect.provide(lifetimes)))

  it.effect("a channel made again under a removed one's name gets its own lifetime", () =>
    Effect.gen(function*() {
      const registry = yield* Registry
      yield* registry.call(new CreateChannel({ name: "quiet", kind: "regular", creator: someone("ana") }))
      yield* TestClock.adjust("50 minutes")
      yield* registry.call(new RemoveChannel({ key: "quiet" }))
      yield* registry.call(new CreateChannel({ name: "quiet", kind: "regular", creator: someone("bob") }))
      yield* TestClock.adjust("30 minutes")
      assert.isDefined(registry.findChannel("quiet"), "empty for 30 minutes of its 1 hour")
      yield* TestClock.adjust("40 minutes")
      assert.isUndefined(registry.findChannel("quiet"))
    }).pipe(Effect.provide(lifetimes)))

  it.effect("an empty anonymous channel goes at the next sweep", () =>
    Effect.gen(function*() {
      const registry = yield* Registry
      yield* registry.call(new CreateChannel({ name: "@abc", kind: "anonymous", creator: someone("ana") }))
      yield* TestClock.adjust("7 minutes")
      assert.isUndefined(registry.findChannel("@abc"))
    }).pipe(Effect.provide(lifetimes)))

  it.effect("a profile unused for the profile lifetime is deleted", () =>
    Effect.gen(function*() {
      const profiles = yield* ProfileStore
      const now = yield* universalTimeNow
      const password = yield* Passwords.hash("secret1", Redacted.make(""))
      yield* profiles.put("ana", { name: "ana", password, registeredAt: now, lastUsed: now, data: {} })
      yield* TestClock.adjust("100 minutes")
      assert.isDefined(yield* profiles.get("ana"))
      yield* TestClock.adjust("40 minutes")
      assert.isUndefined(yield* profiles.get("ana"))
    }).pipe(Effect.provide(lifetimes)))
})
