/** The login throttle's arithmetic: free failures, doubling waits, caps, forgetting. */
import { assert, describe, it } from "@effect/vitest"
import { defaultPolicy, LoginThrottle } from "../src/limits/LoginThrottle.ts"

const fail = (throttle: LoginThrottle, times: number, name: string, address: string, now: number) => {
  for (let i = 0; i < times; i++) throttle.failed(name, address, now)
}

describe("LoginThrottle", () => {
  it("lets an address fail five times, then makes it wait 1 s, 2 s, 4 s … up to 15 minutes", () => {
    const throttle = new LoginThrottle()
    fail(throttle, 4, "a", "10.0.0.1", 0)
    assert.strictEqual(throttle.wait("b", "10.0.0.1", 0), 0)
    throttle.failed("b", "10.0.0.1", 0)
    assert.strictEqual(throttle.wait("c", "10.0.0.1", 0), 1_000)
    throttle.failed("c", "10.0.0.1", 1_000)
    assert.strictEqual(throttle.wait("d", "10.0.0.1", 1_000), 2_000)
    fail(throttle, 30, "e", "10.0.0.1", 5_000)
    assert.strictEqual(throttle.wait("f", "10.0.0.1", 5_000), 15 * 60_000)
    // Another address is not held up.
    assert.strictEqual(throttle.wait("f", "10.0.0.2", 5_000), 0)
  })

  it("holds a name guessed from many addresses for at most a minute; its owner's success clears it", () => {
    const throttle = new LoginThrottle()
    for (let i = 0; i < 40; i++) throttle.failed("ana", `10.0.0.${i}`, 0)
    assert.strictEqual(throttle.wait("ana", "192.168.1.1", 0), 60_000)
    assert.strictEqual(throttle.wait("bob", "192.168.1.1", 0), 0)
    throttle.succeeded("ana", "192.168.1.1")
    assert.strictEqual(throttle.wait("ana", "192.168.1.1", 0), 0)
  })

  it("a success does not reset its address's failures", () => {
    const throttle = new LoginThrottle()
    fail(throttle, 5, "victim", "10.0.0.1", 0)
    throttle.succeeded("mine", "10.0.0.1")
    assert.strictEqual(throttle.wait("victim2", "10.0.0.1", 0), 1_000)
  })

  it("lets a name or address that has failed have one check under way at a time; one that has not, any", () => {
    const throttle = new LoginThrottle()
    throttle.start("ana", "10.0.0.1")
    throttle.start("bob", "10.0.0.1")
    assert.strictEqual(throttle.wait("carl", "10.0.0.1", 0), 0)
    throttle.failed("ana", "10.0.0.1", 0)
    // bob's check is still under way from an address that has failed now.
    throttle.start("dora", "10.0.0.9")
    assert.strictEqual(throttle.wait("ana", "10.0.0.9", 0), 0)
    throttle.start("ana", "10.0.0.2")
    assert.strictEqual(throttle.wait("ana", "10.0.0.3", 0), 1_000)
    throttle.failed("ana", "10.0.0.2", 10)
    assert.strictEqual(throttle.wait("ana", "10.0.0.3", 10), 0)
    throttle.start("eve", "10.0.0.1")
    assert.strictEqual(throttle.wait("frank", "10.0.0.1", 0), 1_000)
    throttle.succeeded("eve", "10.0.0.1")
    assert.strictEqual(throttle.wait("frank", "10.0.0.1", 0), 0)
  })

  it("forgets a key after an hour without failures, and never remembers more than maxKeys", () => {
    const throttle = new LoginThrottle()
    fail(throttle, 10, "a", "10.0.0.1", 0)
    assert.isAbove(throttle.wait("a", "10.0.0.1", 0), 0)
    assert.strictEqual(throttle.wait("a", "10.0.0.1", defaultPolicy.forgetMillis), 0)
    const small = new LoginThrottle({ ...defaultPolicy, maxKeys: 2 })
    fail(small, 10, "a", "1", 0)
    fail(small, 10, "b", "2", 0)
    fail(small, 10, "c", "3", 0)
    // The longest-quiet keys went first.
    assert.strictEqual(small.wait("a", "9", 0), 0)
    assert.isAbove(small.wait("c", "9", 0), 0)
  })
})
