/**
 * The registry's protocol, message by message through `call`, each with
 * its typed reply: creating channels within the quota (TestClock), claiming
 * a user with and without a password, bans of address ranges.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import { Registry } from "../src/actors/Registry.ts"
import { BanAddress, Claim, CreateChannel, UnbanAddress } from "../src/actors/RegistryProtocol.ts"
import { parseIp, parseMask } from "../src/extensions/ip/addresses.ts"
import type { ConnectionHandle } from "../src/Model.ts"
import { services, someone } from "./support/Services.ts"

const connection = (id: number): ConnectionHandle => ({
  id,
  address: "127.0.0.1",
  clientExtensions: new Set(),
  deliver: () => undefined,
  close: () => undefined,
  connectedAt: 0
})

const range = (ip: string, mask: string) => {
  const bytes = parseIp(ip)
  const bits = parseMask(mask)
  if (bytes === undefined || bits === undefined) throw new Error(`not an address range: ${ip} ${mask}`)
  return { ip: bytes, mask: bits }
}

describe("registry protocol", () => {
  it.effect("CreateChannel: the channel, then taken for its name, then the quota's wait", () =>
    Effect.gen(function*() {
      const registry = yield* Registry
      const ana = someone("ana")
      const first = yield* registry.call(new CreateChannel({ name: "garden", kind: "regular", creator: ana }))
      assert.strictEqual(typeof first === "object" && "name" in first ? first.name : first, "garden")
      assert.strictEqual(yield* registry.call(new CreateChannel({ name: "GARDEN", kind: "regular", creator: ana })), "taken")
      const second = yield* registry.call(new CreateChannel({ name: "shed", kind: "regular", creator: ana }))
      assert.isTrue(typeof second === "object" && "name" in second)
      const third = yield* registry.call(new CreateChannel({ name: "pond", kind: "regular", creator: ana }))
      assert.deepStrictEqual(third, { wait: 60_000 })
      // Someone else's quota is their own; and the window passes.
      assert.isTrue(typeof (yield* registry.call(new CreateChannel({ name: "pond", kind: "regular", creator: someone("bob") }))) === "object")
      yield* TestClock.adjust("1 minute")
      const later = yield* registry.call(new CreateChannel({ name: "well", kind: "regular", creator: ana }))
      assert.isTrue(typeof later === "object" && "name" in later)
    }).pipe(Effect.provide(services({ channelCreations: 2, channelCreationWindow: "1 minute" }))))

  it.effect("Claim: a new user, taken without the password, another connection with it, full at the limit", () =>
    Effect.gen(function*() {
      const registry = yield* Registry
      const arrival = (withPassword: boolean) => ({ name: "Ana", key: "ana", profile: undefined, withPassword, connectionsPerUser: 2 })
      const first = yield* registry.call(new Claim({ connection: connection(1), arrival: arrival(false) }))
      assert.isTrue(typeof first === "object" && first.isNew)
      assert.strictEqual(yield* registry.call(new Claim({ connection: connection(2), arrival: arrival(false) })), "taken")
      const second = yield* registry.call(new Claim({ connection: connection(3), arrival: arrival(true) }))
      assert.isTrue(typeof second === "object" && !second.isNew && typeof first === "object" && second.user === first.user)
      assert.strictEqual(yield* registry.call(new Claim({ connection: connection(4), arrival: arrival(true) })), "full")
      assert.strictEqual(registry.findUser("ANA")?.connections.size, 2)
    }).pipe(Effect.provide(services())))

  it.effect("BanAddress: a wider ban replaces narrower ones and is not narrowed; UnbanAddress lifts those within", () =>
    Effect.gen(function*() {
      const registry = yield* Registry
      const listed = () => registry.state.ipBlacklist.length
      assert.isTrue(yield* registry.call(new BanAddress(range("10.0.0.1", "0.0.0.0"))))
      assert.isTrue(yield* registry.call(new BanAddress(range("10.0.0.2", "0.0.0.0"))))
      assert.strictEqual(listed(), 2)
      // 10.0.0.x: covers both, which go.
      assert.isTrue(yield* registry.call(new BanAddress(range("10.0.0.0", "0.0.0.255"))))
      assert.strictEqual(listed(), 1)
      // 10.0.x.x covers 10.0.0.x, which goes; 10.0.0.x again is then refused.
      assert.isTrue(yield* registry.call(new BanAddress(range("10.0.0.0", "0.0.255.255"))))
      assert.strictEqual(listed(), 1)
      assert.isFalse(yield* registry.call(new BanAddress(range("10.0.0.0", "0.0.0.255"))), "already covered")
      assert.strictEqual(listed(), 1)
      // Lifting a narrower range leaves the wider ban; lifting a range that holds it removes it.
      yield* registry.call(new UnbanAddress(range("10.0.0.0", "0.0.0.255")))
      assert.strictEqual(listed(), 1)
      yield* registry.call(new UnbanAddress(range("10.0.0.0", "0.255.255.255")))
      assert.strictEqual(listed(), 0)
    }).pipe(Effect.provide(services())))
})
