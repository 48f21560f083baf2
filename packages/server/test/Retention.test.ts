/**
 * History retention: `historyLimit` keeps the newest updates of each
 * channel, `historyAge` drops the older ones (clocks in universal time,
 * the age measured on the server's Clock).
 */
import { assert, describe, it } from "@effect/vitest"
import { toUniversalTime } from "@lichat/core"
import { Clock, Effect } from "effect"
import * as ServerOptions from "../src/config/ServerOptions.ts"
import * as MemoryStore from "../src/storage/MemoryStore.ts"
import * as Retention from "../src/storage/Retention.ts"
import { Store } from "../src/storage/Store.ts"

const entry = (clock: number, text: string) => ({ clock, kind: "message", from: "ana", body: text, text })

describe("Retention", () => {
  it.effect("cuts each channel to historyLimit, and with historyAge to that age", () =>
    Effect.gen(function*() {
      const store = yield* Store
      const now = toUniversalTime(yield* Clock.currentTimeMillis)
      for (let i = 0; i < 5; i++) store.append("garden", entry(now - 100 + i, `g${i}`))
      store.append("pond", entry(now - 7200, "old"))
      store.append("pond", entry(now - 10, "new"))
      yield* Retention.prune(store, ServerOptions.make({ name: "Kept", historyLimit: 3, historyAge: "1 hour" }))
      assert.deepStrictEqual((yield* store.recent("garden", 10)).map((e) => e.text), ["g2", "g3", "g4"])
      assert.deepStrictEqual((yield* store.recent("pond", 10)).map((e) => e.text), ["new"])
      // No age limit: only the count.
      store.append("pond", entry(now - 99_999, "older still"))
      yield* Retention.prune(store, ServerOptions.make({ name: "Kept", historyLimit: 3 }))
      assert.deepStrictEqual((yield* store.recent("pond", 10)).map((e) => e.text), ["new", "older still"])
    }).pipe(Effect.provide(MemoryStore.layer)))
})
