/** Admission: the sockets in their handshake, and the socket budget derived from `ulimit -n`. */
import { assert, describe, it } from "@effect/vitest"
import { Handshakes, openFileLimit, RESERVED_FDS, socketBudget } from "../src/limits/Admission.ts"
import type { ConnectionHandle } from "../src/Model.ts"

const limits = (soft: string) =>
  "Limit                     Soft Limit           Hard Limit           Units     \n" +
  "Max processes             63457                63457                processes \n" +
  `Max open files            ${soft.padEnd(20)} 1048576              files     \n`

describe("Admission", () => {
  it("reads the soft limit on open files from /proc/self/limits", () => {
    assert.strictEqual(openFileLimit(limits("1024")), 1024)
    assert.isUndefined(openFileLimit(limits("unlimited")))
    assert.isUndefined(openFileLimit(""))
  })

  it("keeps the sockets under the file limit, less a reserve, when that is lower than the limits ask", () => {
    assert.strictEqual(socketBudget(100, 64, undefined), 100 + 64 + RESERVED_FDS)
    assert.strictEqual(socketBudget(100, 64, 1_048_576), 100 + 64 + RESERVED_FDS)
    assert.strictEqual(socketBudget(10_000, 64, 1024), 1024 - RESERVED_FDS)
  })
})

describe("Handshakes", () => {
  const connection = (id: number, address: string) => ({ id, address }) as unknown as ConnectionHandle

  it("drops the oldest silent socket at the limit, never one that has spoken", () => {
    const handshakes = new Handshakes()
    const [a, b, c] = [connection(1, "x"), connection(2, "y"), connection(3, "z")]
    handshakes.admit(a, 2, 8)
    handshakes.admit(b, 2, 8)
    handshakes.spoke(a)
    const admitted = handshakes.admit(c, 2, 8)
    assert.deepStrictEqual(admitted, { _tag: "Admitted", evicted: undefined })
    const next = handshakes.admit(connection(4, "w"), 2, 8)
    assert.strictEqual(next._tag === "Admitted" ? next.evicted : undefined, b)
    // a, c and the fourth are in their handshake; b's was ended by its eviction.
    assert.strictEqual(handshakes.size, 3)
    assert.strictEqual(handshakes.silentCount, 2)
  })

  it("counts silent sockets per address; speaking or finishing frees the address's place", () => {
    const handshakes = new Handshakes()
    const [a, b] = [connection(1, "x"), connection(2, "x")]
    assert.strictEqual(handshakes.admit(a, 10, 1)._tag, "Admitted")
    assert.strictEqual(handshakes.admit(b, 10, 1)._tag, "AddressFull")
    handshakes.spoke(a)
    assert.strictEqual(handshakes.admit(b, 10, 1)._tag, "Admitted")
    handshakes.done(b)
    handshakes.done(b)
    handshakes.done(a)
    assert.strictEqual(handshakes.size, 0)
    assert.strictEqual(handshakes.admit(connection(3, "x"), 10, 1)._tag, "Admitted")
  })
})
