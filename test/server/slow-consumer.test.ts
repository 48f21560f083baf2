/**
 * A client that stops reading is disconnected once its outbox overflows;
 * it never delays the other members, and the server's memory for it stays
 * bounded.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { id, login } from "../support/TestClient.ts"
import { start } from "../support/TestServer.ts"

describe("slow consumers", () => {
  it.live("a member that never reads is dropped; the others keep receiving", () =>
    Effect.gen(function*() {
      const server = yield* start({ floodLimit: 100_000, outboxBytes: 2 * 1024 * 1024 })
      const ana = yield* login(server.url, "ana")
      const bob = yield* login(server.url, "bob")
      const sleeper = yield* login(server.url, "sleeper")
      yield* ana.send(`(create :id ${id()} :channel "busy")`)
      yield* ana.expect("join", (j) => j.channel === "busy")
      yield* bob.send(`(join :id ${id()} :channel "busy")`)
      yield* bob.expect("join", (j) => j.channel === "busy" && j.from === "bob")
      yield* sleeper.send(`(join :id ${id()} :channel "busy")`)
      yield* sleeper.expect("join", (j) => j.channel === "busy" && j.from === "sleeper")
      sleeper.pause()

      const text = "x".repeat(60_000)
      const count = 200 // 12 MB for the sleeper, far beyond the 2 MiB it may hold (and the kernel's buffers)
      // Sent in steps of 600 KB, each step once bob has read the one before: a reader that
      // keeps up never holds more than its bound, however slowly this process drains it.
      const step = 10
      for (let sent = 0; sent < count; sent += step) {
        for (let i = sent; i < sent + step; i++) yield* ana.send(`(message :id ${id()} :channel "busy" :text "${i}:${text}")`)
        // bob, who reads, gets every message, in order.
        for (let i = sent; i < sent + step; i++) {
          const m = yield* bob.expect("message", (m) => m.channel === "busy", 30_000)
          assert.isTrue(m.text.startsWith(`${i}:`))
        }
      }
      // The sleeper was dropped and everyone saw it leave.
      yield* bob.expect("leave", (l) => l.from === "sleeper" && l.channel === "busy", 30_000)
    }), 90_000)
})
