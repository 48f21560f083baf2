/**
 * Channel creation, management and interaction (spec §5.2–§5.4) and
 * connection closure (§4.3), over real sockets.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Scope } from "effect"
import { id, login } from "../support/TestClient.ts"
import { SERVER_NAME, start } from "../support/TestServer.ts"

describe("channels §5.3–§5.4", () => {
  it.live("create: the creator joins and gets a join with the create's id; a taken name fails", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const ana = yield* login(server.url, "ana")
      const bob = yield* login(server.url, "bob")
      const sent = id()
      yield* ana.send(`(create :id ${sent} :channel "Lounge")`)
      const join = yield* ana.expect("join", (j) => j.id === sent)
      assert.strictEqual(join.channel, "Lounge")
      assert.strictEqual(join.from, "ana")
      yield* bob.send(`(create :id ${id()} :channel "lounge")`)
      yield* bob.expect("channelname-taken")
    }))

  it.live("create without a name makes an anonymous channel that others cannot join or see", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const ana = yield* login(server.url, "ana")
      const bob = yield* login(server.url, "bob")
      const sent = id()
      yield* ana.send(`(create :id ${sent})`)
      const join = yield* ana.expect("join", (j) => j.id === sent)
      assert.match(join.channel, /^@/)
      yield* bob.send(`(join :id ${id()} :channel "${join.channel}")`)
      yield* bob.expect("insufficient-permissions")
      const list = id()
      yield* bob.send(`(channels :id ${list})`)
      const channels = yield* bob.expect("channels", (c) => c.id === list)
      assert.notInclude(channels.channels ?? [], join.channel)
      // The creator can pull bob in.
      yield* ana.send(`(pull :id ${id()} :channel "${join.channel}" :target "bob")`)
      yield* bob.expect("join", (j) => j.channel === join.channel && j.from === "bob")
    }))

  it.live("join, message, leave: every member sees each update, in one order", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const ana = yield* login(server.url, "ana")
      const bob = yield* login(server.url, "bob")
      const carol = yield* login(server.url, "carol")
      yield* ana.send(`(create :id ${id()} :channel "room")`)
      yield* ana.expect("join", (j) => j.channel === "room")
      yield* bob.send(`(join :id ${id()} :channel "ROOM")`)
      const bobJoin = yield* bob.expect("join", (j) => j.channel === "room")
      assert.strictEqual(bobJoin.from, "bob")
      yield* ana.expect("join", (j) => j.channel === "room" && j.from === "bob")
      yield* bob.send(`(join :id ${id()} :channel "room")`)
      yield* bob.expect("already-in-channel")

      for (let i = 0; i < 20; i++) {
        yield* (i % 2 === 0 ? ana : bob).send(`(message :id ${1000 + i} :channel "room" :text "m${i}")`)
      }
      const seen = (client: typeof ana) =>
        Effect.gen(function*() {
          const texts: Array<string> = []
          for (let i = 0; i < 20; i++) texts.push((yield* client.expect("message", (m) => m.channel === "room")).text)
          return texts
        })
      const anaSaw = yield* seen(ana)
      const bobSaw = yield* seen(bob)
      assert.deepStrictEqual(anaSaw, bobSaw)
      assert.sameMembers(anaSaw, Array.from({ length: 20 }, (_, i) => `m${i}`))
      // carol is not in the room: she sees none of it, and cannot send to it.
      const others = yield* carol.drain(200)
      assert.isEmpty(others.filter((u) => u._tag === "message"))
      yield* carol.send(`(message :id ${id()} :channel "room" :text "let me in")`)
      yield* carol.expect("not-in-channel")

      yield* bob.send(`(leave :id ${id()} :channel "room")`)
      yield* bob.expect("leave", (l) => l.channel === "room")
      yield* ana.expect("leave", (l) => l.channel === "room" && l.from === "bob")
      yield* bob.send(`(leave :id ${id()} :channel "room")`)
      yield* bob.expect("not-in-channel")
    }))

  it.live("kick: the kick and then the target's leave are distributed; only the registrant may kick", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const ana = yield* login(server.url, "ana")
      const bob = yield* login(server.url, "bob")
      yield* ana.send(`(create :id ${id()} :channel "room")`)
      yield* ana.expect("join", (j) => j.channel === "room")
      yield* bob.send(`(join :id ${id()} :channel "room")`)
      yield* bob.expect("join", (j) => j.channel === "room")
      yield* bob.send(`(kick :id ${id()} :channel "room" :target "ana")`)
      yield* bob.expect("insufficient-permissions")
      yield* ana.send(`(kick :id ${id()} :channel "room" :target "bob")`)
      yield* bob.expect("kick", (k) => k.target === "bob")
      yield* bob.expect("leave", (l) => l.from === "bob" && l.channel === "room")
      yield* ana.expect("leave", (l) => l.from === "bob" && l.channel === "room")
      yield* ana.send(`(kick :id ${id()} :channel "room" :target "bob")`)
      yield* ana.expect("not-in-channel")
    }))

  it.live("pull: the target joins with the pull's id; already-in-channel otherwise", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const ana = yield* login(server.url, "ana")
      const bob = yield* login(server.url, "bob")
      yield* ana.send(`(create :id ${id()} :channel "room")`)
      yield* ana.expect("join", (j) => j.channel === "room")
      const sent = id()
      yield* ana.send(`(pull :id ${sent} :channel "room" :target "bob")`)
      const join = yield* bob.expect("join", (j) => j.channel === "room")
      assert.strictEqual(join.id, sent)
      assert.strictEqual(join.from, "bob")
      yield* ana.send(`(pull :id ${id()} :channel "room" :target "bob")`)
      yield* ana.expect("already-in-channel")
      yield* ana.send(`(pull :id ${id()} :channel "room" :target "ghost")`)
      yield* ana.expect("no-such-user")
    }))

  it.live("too-many-channels on join and create", () =>
    Effect.gen(function*() {
      const server = yield* start({ channelsPerUser: 2 })
      const ana = yield* login(server.url, "ana")
      yield* ana.send(`(create :id ${id()} :channel "one")`)
      yield* ana.expect("join", (j) => j.channel === "one")
      yield* ana.send(`(create :id ${id()} :channel "two")`)
      yield* ana.expect("too-many-channels")
    }))

  it.live("permissions, grant and deny", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const ana = yield* login(server.url, "ana")
      const bob = yield* login(server.url, "bob")
      yield* ana.send(`(create :id ${id()} :channel "room")`)
      yield* ana.expect("join", (j) => j.channel === "room")
      yield* bob.send(`(join :id ${id()} :channel "room")`)
      yield* bob.expect("join", (j) => j.channel === "room")

      const view = id()
      yield* ana.send(`(permissions :id ${view} :channel "room")`)
      const rules = yield* ana.expect("permissions", (p) => p.id === view)
      assert.isAbove(rules.permissions?.length ?? 0, 3)

      // Deny bob messages; he is refused, ana still may.
      yield* ana.send(`(deny :id ${id()} :channel "room" :target "bob" :update message)`)
      yield* ana.expect("deny")
      yield* bob.send(`(message :id ${id()} :channel "room" :text "hi")`)
      yield* bob.expect("insufficient-permissions")
      yield* ana.send(`(grant :id ${id()} :channel "room" :target "bob" :update message)`)
      yield* ana.expect("grant")
      yield* bob.send(`(message :id ${id()} :channel "room" :text "back")`)
      yield* bob.expect("message", (m) => m.text === "back")

      // Setting a rule list: a bad entry gets invalid-permissions, the good ones apply.
      const change = id()
      yield* ana.send(`(permissions :id ${change} :channel "room" :permissions ((message (+ "ana")) (frob t) (join nil)))`)
      yield* ana.expect("invalid-permissions")
      const after = yield* ana.expect("permissions", (p) => p.id === change)
      const printed = JSON.stringify(after.permissions?.map((entry) => String(entry[0])))
      assert.include(printed, "message")
      yield* bob.send(`(message :id ${id()} :channel "room" :text "again")`)
      yield* bob.expect("insufficient-permissions")

      // Only the registrant may change rules.
      yield* bob.send(`(grant :id ${id()} :channel "room" :target "bob" :update message)`)
      yield* bob.expect("insufficient-permissions")
    }))
})

describe("information §5.5", () => {
  it.live("users, channels, user-info, capabilities, server-info", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const ana = yield* login(server.url, "ana")
      yield* login(server.url, "bob")
      yield* ana.send(`(create :id ${id()} :channel "room")`)
      yield* ana.expect("join", (j) => j.channel === "room")

      const u = id()
      yield* ana.send(`(users :id ${u} :channel "${SERVER_NAME}")`)
      const users = yield* ana.expect("users", (x) => x.id === u)
      assert.includeMembers([...(users.users ?? [])], ["ana", "bob"])

      const c = id()
      yield* ana.send(`(channels :id ${c})`)
      const channels = yield* ana.expect("channels", (x) => x.id === c)
      assert.includeMembers([...(channels.channels ?? [])], [SERVER_NAME, "room"])

      const i = id()
      yield* ana.send(`(user-info :id ${i} :target "BOB")`)
      const info = yield* ana.expect("user-info", (x) => x.id === i)
      assert.strictEqual(info.connections, 1)
      assert.notStrictEqual(info.registered, true)

      const p = id()
      yield* ana.send(`(capabilities :id ${p} :channel "room")`)
      const caps = yield* ana.expect("capabilities", (x) => x.id === p)
      const names = (caps.permitted ?? []).map(String)
      assert.includeMembers(names, ["message", "kick", "permissions"])

      yield* ana.send(`(server-info :id ${id()} :target "bob" :attributes () :connections ())`)
      yield* ana.expect("insufficient-permissions")
    }))
})

describe("closure §4.3", () => {
  it.live("disconnect is answered; a user's last connection closing makes it leave every channel", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const ana = yield* login(server.url, "ana")
      const bob = yield* login(server.url, "bob")
      yield* ana.send(`(create :id ${id()} :channel "room")`)
      yield* ana.expect("join", (j) => j.channel === "room")
      yield* bob.send(`(join :id ${id()} :channel "room")`)
      yield* bob.expect("join", (j) => j.channel === "room")
      yield* bob.send(`(disconnect :id ${id()})`)
      yield* bob.expect("disconnect")
      yield* bob.closed()
      yield* ana.expect("leave", (l) => l.channel === "room" && l.from === "bob")
      yield* ana.expect("leave", (l) => l.channel === SERVER_NAME && l.from === "bob")
      // bob is gone: the name is free again.
      yield* login(server.url, "bob")
    }))

  it.live("a socket that just drops is treated the same", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const ana = yield* login(server.url, "ana")
      const bob = yield* login(server.url, "bob")
      bob.socket.terminate()
      yield* ana.expect("leave", (l) => l.channel === SERVER_NAME && l.from === "bob")
    }))

  it.live("stopping the server says disconnect to every client and closes every socket", () =>
    Effect.gen(function*() {
      const serverScope = yield* Scope.make()
      const server = yield* start().pipe(Scope.provide(serverScope))
      const ana = yield* login(server.url, "ana")
      const bob = yield* login(server.url, "bob")
      yield* Scope.close(serverScope, Exit.void)
      yield* ana.expect("disconnect")
      yield* bob.expect("disconnect")
      yield* ana.closed()
      yield* bob.closed()
    }))
})
