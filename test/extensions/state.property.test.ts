/**
 * Properties of extension state over random sequences of joins, leaves,
 * messages, blocks and quiets in one channel: block lists never deliver,
 * quieted users reach only themselves, and backfill replays exactly what a
 * member could have seen since it last joined — nothing from before, nothing
 * from users it blocks, nothing a quieted user said.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import fc from "fast-check"
import { id, login, type TestClient } from "../support/TestClient.ts"
import { start } from "../support/TestServer.ts"

const USERS = ["u0", "u1", "u2", "u3"] as const
type Name = (typeof USERS)[number]
type Other = Exclude<Name, "u0">
type Op =
  | { readonly op: "join" | "leave"; readonly user: Other }
  | { readonly op: "message"; readonly user: Name }
  | { readonly op: "block" | "unblock"; readonly user: Name; readonly target: Name }
  | { readonly op: "quiet" | "unquiet"; readonly target: Other }

const other = fc.constantFrom<Other>("u1", "u2", "u3")
const anyone = fc.constantFrom<Name>(...USERS)
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constantFrom("join" as const, "leave" as const), user: other }),
  fc.record({ op: fc.constant("message" as const), user: anyone }),
  fc.record({ op: fc.constantFrom("block" as const, "unblock" as const), user: anyone, target: anyone }),
  fc.record({ op: fc.constantFrom("quiet" as const, "unquiet" as const), target: other })
)

const texts = (client: TestClient): Array<string> =>
  client.inbox().flatMap((u) => (u._tag === "message" && u.channel === "room" ? [u.text] : []))

const run = (ops: ReadonlyArray<Op>) =>
  Effect.scoped(Effect.gen(function*() {
    const server = yield* start({ floodLimit: 10_000 })
    const clients = new Map<Name, TestClient>()
    for (const name of USERS) {
      const client = yield* login(server.url, name)
      yield* client.send(`(register :id ${id()} :password "password-${name}")`)
      yield* client.expect("register")
      clients.set(name, client)
    }
    const c = (n: Name) => clients.get(n)!
    yield* c("u0").send(`(create :id ${id()} :channel "room")`)
    yield* c("u0").expect("join", (j) => j.channel === "room")

    // The model.
    const members = new Set<Name>(["u0"])
    const blocks = new Map<Name, Set<Name>>(USERS.map((u) => [u, new Set<Name>()]))
    const quiet = new Set<Name>()
    const expected = new Map<Name, Array<string>>(USERS.map((u) => [u, [] as Array<string>]))
    const history: Array<{ readonly text: string; readonly from: Name; readonly step: number }> = []
    const joinedAt = new Map<Name, number>([["u0", 0]])

    let step = 0
    for (const o of ops) {
      step++
      switch (o.op) {
        case "join":
          if (members.has(o.user)) break
          yield* c(o.user).send(`(join :id ${id()} :channel "room")`)
          yield* c(o.user).expect("join", (j) => j.channel === "room" && j.from === o.user)
          members.add(o.user)
          joinedAt.set(o.user, step)
          break
        case "leave":
          if (!members.has(o.user)) break
          yield* c(o.user).send(`(leave :id ${id()} :channel "room")`)
          yield* c(o.user).expect("leave", (l) => l.channel === "room" && l.from === o.user)
          members.delete(o.user)
          break
        case "message": {
          if (!members.has(o.user)) break
          const text = `m${step}`
          yield* c(o.user).send(`(message :id ${id()} :channel "room" :text "${text}")`)
          const recipients = quiet.has(o.user)
            ? [o.user]
            : [...members].filter((m) => m === o.user || !blocks.get(m)!.has(o.user))
          for (const r of recipients) expected.get(r)!.push(text)
          if (!quiet.has(o.user)) history.push({ text, from: o.user, step })
          // Wait until u0 (always a member) saw it, or the sender when only it could.
          const witness = recipients.includes("u0") ? "u0" : recipients[0]
          if (witness !== undefined) {
            for (let waited = 0; !texts(c(witness)).includes(text); waited += 10) {
              if (waited > 5_000) assert.fail(`${text} never reached ${witness}`)
              yield* Effect.sleep(10)
            }
          } else yield* Effect.sleep(30)
          break
        }
        case "block":
        case "unblock": {
          yield* c(o.user).send(`(shirakumo:${o.op} :id ${id()} :target "${o.target}")`)
          yield* c(o.user).expect(o.op)
          if (o.op === "block") blocks.get(o.user)!.add(o.target)
          else blocks.get(o.user)!.delete(o.target)
          break
        }
        case "quiet":
        case "unquiet":
          yield* c("u0").send(`(shirakumo:${o.op} :id ${id()} :channel "room" :target "${o.target}")`)
          yield* c("u0").expect(o.op)
          if (o.op === "quiet") quiet.add(o.target)
          else quiet.delete(o.target)
          break
      }
    }
    yield* Effect.sleep(100)
    for (const name of USERS) assert.deepStrictEqual(texts(c(name)), expected.get(name), `live delivery to ${name}`)

    // Backfill for every member: exactly the history since its last join, minus whom it blocks.
    for (const name of [...members]) {
      const client = c(name)
      yield* client.drain(0)
      const request = id()
      yield* client.send(`(shirakumo:backfill :id ${request} :channel "room")`)
      yield* client.expect("backfill", (b) => b.id === request)
      const want = history
        .filter((h) => h.step > joinedAt.get(name)! && (h.from === name || !blocks.get(name)!.has(h.from)))
        .map((h) => h.text)
      assert.deepStrictEqual(texts(client), want, `backfill for ${name}`)
    }
  }))

describe("extension state properties", () => {
  it("block, quiet and backfill hold over random sequences", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 30 }), (ops) => Effect.runPromise(run(ops))),
      { numRuns: 20 }
    )
  }, 180_000)
})
