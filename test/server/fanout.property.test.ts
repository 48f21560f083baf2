/**
 * Property: over random interleavings of join, leave, message, kick and
 * disconnect from several users, sent concurrently, every member of a
 * channel receives every channel update exactly once and in the one order
 * of the channel; nobody outside the channel receives it; and the final
 * membership the server reports agrees with what the updates said.
 */
import { printUpdate, type Update } from "@lichat/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import fc from "fast-check"
import { id, login, type TestClient } from "../support/TestClient.ts"
import { start } from "../support/TestServer.ts"

const USERS = ["u0", "u1", "u2", "u3"] as const
type Name = (typeof USERS)[number]
type Command =
  | { readonly op: "join" | "leave" | "disconnect"; readonly user: Exclude<Name, "u0"> }
  | { readonly op: "message"; readonly user: Name }
  | { readonly op: "kick"; readonly target: Exclude<Name, "u0"> }

const other = fc.constantFrom<Exclude<Name, "u0">>("u1", "u2", "u3")
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ op: fc.constantFrom("join" as const, "leave" as const), user: other }),
  fc.record({ op: fc.constant("message" as const), user: fc.constantFrom(...USERS) }),
  fc.record({ op: fc.constant("kick" as const), target: other }),
  fc.record({ op: fc.constant("disconnect" as const), user: other })
)

const inRoom = (u: Update): boolean => "channel" in u && u.channel === "room"
const key = (u: Update): string => printUpdate(u)

const run = (commands: ReadonlyArray<Command>) =>
  Effect.scoped(Effect.gen(function*() {
    const server = yield* start({ floodLimit: 10_000 })
    const clients = new Map<Name, TestClient>()
    for (const name of USERS) clients.set(name, yield* login(server.url, name))
    const u0 = clients.get("u0")!
    yield* u0.send(`(create :id ${id()} :channel "room")`)
    yield* u0.expect("join", (j) => j.channel === "room")
    const gone = new Set<Name>()
    // Fire everything without waiting: the server sees real concurrency.
    let n = 0
    for (const c of commands) {
      n++
      if (c.op === "kick") {
        yield* u0.send(`(kick :id ${id()} :channel "room" :target "${c.target}")`)
      } else if (!gone.has(c.user)) {
        const client = clients.get(c.user)!
        if (c.op === "message") yield* client.send(`(message :id ${id()} :channel "room" :text "t${n}")`)
        else if (c.op === "disconnect") {
          yield* client.send(`(disconnect :id ${id()})`)
          gone.add(c.user)
        } else yield* client.send(`(${c.op} :id ${id()} :channel "room")`)
      }
    }
    yield* u0.send(`(message :id ${id()} :channel "room" :text "END")`)
    // Wait for the END marker without taking it out of the inbox.
    for (let waited = 0; !u0.inbox().some((u) => u._tag === "message" && u.text === "END"); waited += 20) {
      if (waited > 10_000) assert.fail("END never arrived")
      yield* Effect.sleep(20)
    }
    const listing = id()
    yield* u0.send(`(users :id ${listing} :channel "room")`)
    const users = yield* u0.expect("users", (u) => u.id === listing)
    yield* Effect.sleep(150)

    // u0 never leaves: its view is the channel's order.
    const order = u0.inbox().filter(inRoom)
    const received = new Map<Name, Array<string>>()
    for (const name of USERS) received.set(name, clients.get(name)!.inbox().filter(inRoom).map(key))
    const expected = new Map<Name, Array<string>>(USERS.map((u) => [u, [] as Array<string>]))
    const members = new Set<string>(["u0"])
    for (const update of order) {
      if (update._tag === "join") members.add(update.from!)
      for (const m of members) expected.get(m as Name)?.push(key(update))
      if (update._tag === "leave") members.delete(update.from!)
    }
    assert.deepStrictEqual(received.get("u0"), expected.get("u0"))
    for (const name of USERS.slice(1) as Array<Name>) {
      const got = received.get(name)!
      const want = expected.get(name)!
      if (gone.has(name)) {
        // A user that disconnected may miss the tail after its socket closed.
        assert.deepStrictEqual(got, want.slice(0, got.length), `${name} (disconnected)`)
      } else {
        assert.deepStrictEqual(got, want, name)
      }
    }
    assert.sameMembers([...(users.users ?? [])], [...members])
  }))

describe("fan-out property", () => {
  it("members receive each channel update once, in the channel's order; others receive none", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 40 }), (commands) =>
        Effect.runPromise(run(commands))
      ),
      { numRuns: 15 }
    )
  }, 120_000)
})
