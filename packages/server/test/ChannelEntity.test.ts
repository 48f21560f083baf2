/**
 * The `Channel` entity (cluster/ChannelHost.ts) through
 * `Entity.makeTestClient`: two runners' subscriptions, their users'
 * batches, what each runner is handed; a runner that stops beating
 * (Runners.layerTest) on the TestClock.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Layer, Queue, Stream } from "effect"
import { Entity, ShardingConfig } from "effect/cluster"
import { TestClock } from "effect/testing"
import * as ChannelHost from "../src/cluster/ChannelHost.ts"
import { ChannelEntity, type Delivery, type Item, type MemberRef } from "../src/cluster/ClusterWire.ts"
import * as Runners from "../src/cluster/Runners.ts"
import { Join, Message } from "@lichat/core"
import { services } from "./support/Services.ts"

const A = "runner-a"
const B = "runner-b"

/** A user of a runner with one connection, numbered `id` there. */
const member = (name: string, id: number): MemberRef => ({
  name,
  registered: false,
  connections: [{ id, address: "127.0.0.1", extensions: [], connectedAt: 0 }],
  blocked: []
})

const enter = (user: MemberRef): Item => ({ _tag: "Enter", user, join: new Join({ id: 1, clock: 0, from: user.name, channel: "room" }) })
const say = (user: MemberRef, text: string): Item => ({
  _tag: "Post",
  sender: user,
  connection: user.connections[0]?.id ?? 0,
  update: new Message({ id: 2, clock: 0, from: user.name, channel: "room", text })
})

/** A client of the channel `room`, with runner A alive and `live` holding the other runners. */
const setUp = (live: Set<string>) =>
  Effect.gen(function*() {
    const layer = ChannelHost.layer.pipe(Layer.provide(Layer.merge(services(), Runners.layerTest(A, live))))
    const makeClient = yield* Entity.makeTestClient(ChannelEntity, layer)
    return yield* makeClient("room")
  }).pipe(Effect.provide(ShardingConfig.layer()))

/** A runner's subscription, its deliveries gathered in a queue as they come. */
const subscribe = (client: Effect.Success<ReturnType<typeof setUp>>, runner: string, members: ReadonlyArray<MemberRef> = []) =>
  Effect.gen(function*() {
    const got = yield* Queue.unbounded<Delivery>()
    const fiber = yield* client.Subscribe({ runner, members }).pipe(
      Stream.runForEach((d) => Queue.offer(got, d)),
      Effect.forkScoped
    )
    const ready = yield* Queue.take(got)
    assert.strictEqual(ready._tag, "Ready")
    return { got, fiber }
  })

/** The channel `room` made, and runners A and B subscribed to it. */
const room = (live: Set<string>) =>
  Effect.gen(function*() {
    const client = yield* setUp(live)
    yield* client.Create({ name: "room", kind: "regular", registrant: "ana" })
    return { client, a: yield* subscribe(client, A), b: yield* subscribe(client, B) }
  })

/** The deliveries until (and with) the first that `until` accepts. */
const takeUntil = (got: Queue.Queue<Delivery>, until: (d: Delivery) => boolean) =>
  Effect.gen(function*() {
    const taken: Array<Delivery> = []
    while (true) {
      const d = yield* Queue.take(got)
      taken.push(d)
      if (until(d)) return taken
    }
  })

const handled = (ticket: number) => (d: Delivery) => d._tag === "Handled" && d.ticket === ticket
const frames = (ds: ReadonlyArray<Delivery>) => ds.flatMap((d) => (d._tag === "Frame" ? [d] : []))

describe("ChannelHost", () => {
  it.effect("a channel is made once; a second Create is taken", () =>
    Effect.gen(function*() {
      const client = yield* setUp(new Set([B]))
      assert.isFalse(yield* client.Exists())
      assert.strictEqual(yield* client.Create({ name: "room", kind: "regular", registrant: "ana" }), "created")
      assert.strictEqual(yield* client.Create({ name: "room", kind: "regular", registrant: "bob" }), "taken")
      assert.isTrue(yield* client.Exists())
    }))

  it.effect("each runner gets each frame once, for its own connections, with its batch's mark after it", () =>
    Effect.gen(function*() {
      const { a, b, client } = yield* room(new Set([B]))
      const ana = member("ana", 7)
      const cyd = member("cyd", 8)
      const bob = member("bob", 9)
      yield* client.Send({ runner: A, ticket: 1, items: [enter(ana), enter(cyd)] })
      yield* client.Send({ runner: B, ticket: 2, items: [enter(bob)] })
      yield* takeUntil(a.got, (d) => d._tag === "Frame" && d.text.includes(`:from "bob"`))
      yield* takeUntil(b.got, handled(2))
      yield* client.Send({ runner: A, ticket: 3, items: [say(ana, "one"), say(ana, "two")] })
      const atA = yield* takeUntil(a.got, handled(3))
      const atB = yield* takeUntil(b.got, (d) => d._tag === "Frame" && d.text.includes(`"two"`))
      // On A, one frame for both of its members' connections; on B, for bob's only.
      assert.deepStrictEqual(frames(atA).map((f) => [f.text.includes(`"one"`) ? "one" : "two", [...f.to].sort()]), [
        ["one", [7, 8]],
        ["two", [7, 8]]
      ])
      assert.deepStrictEqual(frames(atB).map((f) => [f.text.includes(`"one"`) ? "one" : "two", f.to]), [["one", [9]], ["two", [9]]])
      assert.strictEqual(atA.at(-1)?._tag, "Handled", "the mark comes after the batch's frames")
    }))

  it.effect("a member's runner hears of its membership; a post from a non-member is answered to it alone", () =>
    Effect.gen(function*() {
      const { a, b, client } = yield* room(new Set([B]))
      const ana = member("ana", 7)
      yield* client.Send({ runner: A, ticket: 1, items: [enter(ana)] })
      const entered = yield* takeUntil(a.got, handled(1))
      assert.isTrue(entered.some((d) => d._tag === "Member" && d.user === "ana" && d.joined))
      const bob = member("bob", 9)
      yield* client.Send({ runner: B, ticket: 2, items: [say(bob, "hello?")] })
      const atB = yield* takeUntil(b.got, handled(2))
      assert.deepStrictEqual(frames(atB).map((f) => [f.text.split(" ")[0], f.to]), [["(not-in-channel", [9]]])
      assert.strictEqual(yield* Queue.size(a.got), 0, "nothing of it reaches A")
    }))

  it.effect("the users of a runner that stops beating leave, and the others hear it", () =>
    Effect.gen(function*() {
      const live = new Set([B])
      const { a, client } = yield* room(live)
      yield* client.Send({ runner: A, ticket: 1, items: [enter(member("ana", 7))] })
      yield* client.Send({ runner: B, ticket: 2, items: [enter(member("bob", 9))] })
      yield* takeUntil(a.got, (d) => d._tag === "Frame" && d.text.startsWith(`(join`) && d.text.includes(`"bob"`))
      live.delete(B)
      yield* TestClock.adjust("4 seconds")
      const left = yield* takeUntil(a.got, (d) => d._tag === "Frame" && d.text.startsWith("(leave"))
      const leave = frames(left).at(-1)
      assert.isTrue(leave?.text.includes(`:from "bob"`), leave?.text)
      assert.deepStrictEqual(leave?.to, [7])
    }))

  it.effect("a live runner between two subscriptions gets what it missed when it subscribes again", () =>
    Effect.gen(function*() {
      const { a, b, client } = yield* room(new Set([B]))
      const bob = member("bob", 9)
      yield* client.Send({ runner: B, ticket: 1, items: [enter(bob)] })
      yield* takeUntil(b.got, handled(1))
      yield* Fiber.interrupt(b.fiber)
      const ana = member("ana", 7)
      yield* client.Send({ runner: A, ticket: 2, items: [enter(ana), say(ana, "while away")] })
      yield* takeUntil(a.got, handled(2))
      const again = yield* subscribe(client, B, [bob])
      const caught = yield* takeUntil(again.got, (d) => d._tag === "Frame" && d.text.includes(`"while away"`))
      assert.deepStrictEqual(frames(caught).at(-1)?.to, [9])
    }))
})
