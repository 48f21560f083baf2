/** Admission's limits: reading `ulimit -n`, and the socket budget derived from it. */
import { assert, describe, it } from "@effect/vitest"
import { openFileLimit, RESERVED_FDS, socketBudget } from "../src/Admission.ts"

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
