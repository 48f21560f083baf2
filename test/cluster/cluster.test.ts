/**
 * Cluster mode, black-box: three `lichat-server --cluster` runners on one
 * PostgreSQL database, clients over WebSocket spread across them. Channel
 * messages reach every member once, in one order for all; a name is one
 * user cluster-wide; joins and leaves cross runners; a runner killed with
 * SIGKILL or stopped with SIGTERM takes only its own users with it.
 */
import { assert, layer } from "@effect/vitest"
import type { Message } from "@lichat/core"
import { Effect } from "effect"
import * as Cli from "../support/CliProcess.ts"
import * as Cluster from "../support/Cluster.ts"
import { TestPostgres } from "../support/Postgres.ts"

const ROOM = "room"
const RUNNERS = 3

/** A fresh database, three runners on it, formed (runner 1's creator holds `room`). */
const cluster = Effect.gen(function*() {
  const pg = yield* TestPostgres
  const runners = yield* Cluster.startCluster(yield* pg.createDatabase, RUNNERS)
  const creator = yield* Cluster.formed(runners, ROOM)
  return { runners, creator }
})

/** The runner at `index` (1-based). */
const runnerAt = (runners: ReadonlyArray<Cluster.Runner>, index: number): Cluster.Runner => {
  const runner = runners[index - 1]
  if (runner === undefined) throw new Error(`no runner ${index}`)
  return runner
}

/** Every member has seen the join of itself and of every member that joined after it. */
const joinsSeen = (members: ReadonlyArray<Cluster.Member>) =>
  Effect.forEach(members, (member, i) =>
    Effect.forEach(members.slice(i), (later) =>
      Cluster.sees(member, `${member.name} seeing ${later.name} join`, Cluster.isFrom("join", ROOM, later.name), 10_000)))

const textsOf = (messages: ReadonlyArray<Message>) => messages.map((m) => m.text)

/**
 * `senders` each sent `count` messages texted `<prefix><name> <k>`: every
 * member received each exactly once, from its sender, each sender's in the
 * order sent, and all members in the same order.
 */
const assertDelivered = (
  members: ReadonlyArray<Cluster.Member>,
  senders: ReadonlyArray<Cluster.Member>,
  prefix: string,
  count: number
) => {
  const expected = senders.flatMap((s) => Array.from({ length: count }, (_, k) => `${prefix}${s.name} ${k}`)).sort()
  const orders = members.map((member) => {
    const received = Cluster.messagesIn(member, ROOM, prefix)
    const texts = textsOf(received)
    assert.deepStrictEqual([...texts].sort(), expected, `${member.name} (runner ${member.runner.index}) received each message once`)
    for (const m of received) assert.isTrue(m.text.startsWith(`${prefix}${m.from} `), `${m.text} is from ${m.from}`)
    for (const sender of senders) {
      const own = texts.filter((t) => t.startsWith(`${prefix}${sender.name} `)).map((t) => Number(t.slice(t.lastIndexOf(" ") + 1)))
      assert.deepStrictEqual(own, Array.from({ length: count }, (_, k) => k), `${member.name} got ${sender.name}'s in the order sent`)
    }
    return { member, texts }
  })
  const [first, ...rest] = orders
  for (const other of rest) {
    assert.deepStrictEqual(other.texts, first?.texts, `${other.member.name} saw the channel's order, as ${first?.member.name} did`)
  }
}

/** Sends `count` messages from each of `senders`, waits for them at every member (and a moment for duplicates), checks them. */
const exchange = (members: ReadonlyArray<Cluster.Member>, senders: ReadonlyArray<Cluster.Member>, prefix: string, count: number) =>
  Effect.gen(function*() {
    yield* Cluster.sendMessages(senders, ROOM, prefix, count)
    yield* Cluster.allReceive(members, ROOM, prefix, senders.length * count, 20_000)
    yield* Effect.sleep(1_000)
    assertDelivered(members, senders, prefix, count)
  })

layer(TestPostgres.layer, { excludeTestServices: true, timeout: "300 seconds" })("cluster", (it) => {
  it.effect("every member on every runner gets every message once, each sender's in order, all in one order", () =>
    Effect.gen(function*() {
      const { runners } = yield* cluster
      const members = yield* Cluster.members(runners, 2, ROOM)
      yield* joinsSeen(members)
      yield* exchange(members, members, "m ", 20)
    }), 90_000)

  it.effect("two logins with one name on two runners at once: one connects, the other is username-taken and closed", () =>
    Effect.gen(function*() {
      const { runners } = yield* cluster
      for (let round = 0; round < 5; round++) {
        const name = `twin${round}`
        const pair = [runnerAt(runners, (round % RUNNERS) + 1), runnerAt(runners, ((round + 1) % RUNNERS) + 1)]
        const clients = yield* Effect.forEach(pair, Cluster.open, { concurrency: "unbounded" })
        yield* Effect.forEach(clients, (client) => Cluster.sendConnect(client, name), { concurrency: "unbounded" })
        const outcomes = yield* Effect.forEach(clients, (client) => Cluster.connectOutcome(client), { concurrency: "unbounded" })
        assert.sameMembers(outcomes, ["connect", "username-taken"], `${name} on runners ${pair.map((r) => r.index).join(" and ")}`)
        const winner = outcomes[0] === "connect" ? clients[0] : clients[1]
        const loser = outcomes[0] === "connect" ? clients[1] : clients[0]
        if (winner === undefined || loser === undefined) return yield* Effect.die(new Error("two clients"))
        yield* loser.closed(5_000)
        yield* Cluster.sees(winner, `${name}'s welcome`, (u) => u._tag === "join" && u.from === name, 5_000)
        assert.isUndefined(winner.log.closedWith(), `${name}'s winner on runner ${winner.runner.index} stays connected`)
        assert.isUndefined(winner.log.all().find((u) => u._tag === "disconnect"), "and is not told to disconnect")
      }
    }), 90_000)

  it.effect("joins, users and leaves cross runners", () =>
    Effect.gen(function*() {
      const { runners, creator } = yield* cluster
      const watcher = yield* Cluster.login(runnerAt(runners, 2), "watcher")
      yield* Cluster.join(watcher, ROOM)
      const visitor = yield* Cluster.login(runnerAt(runners, 3), "visitor")
      yield* Cluster.join(visitor, ROOM)
      for (const member of [creator, watcher]) {
        yield* Cluster.sees(member, `${member.name} seeing visitor join`, Cluster.isFrom("join", ROOM, "visitor"), 5_000)
      }
      for (const member of [creator, watcher, visitor]) {
        const users = yield* Cluster.ask(member, `(users :id $ID :channel "${ROOM}")`)
        assert.strictEqual(users._tag, "users")
        if (users._tag === "users") {
          assert.includeMembers([...(users.users ?? [])], ["creator", "watcher", "visitor"], `users of ${ROOM} from ${member.name}`)
        }
      }
      // The channel made on runner 1 is listed on runner 3 too.
      const listed = yield* Cluster.ask(visitor, `(channels :id $ID)`)
      if (listed._tag !== "channels") return assert.fail(`channels answered ${listed._tag}`)
      assert.include([...(listed.channels ?? [])], ROOM, "channels on runner 3 lists the channel made on runner 1")
      const left = yield* Cluster.ask(visitor, `(leave :id $ID :channel "${ROOM}")`)
      assert.strictEqual(left._tag, "leave")
      for (const member of [creator, watcher]) {
        yield* Cluster.sees(member, `${member.name} seeing visitor leave`, Cluster.isFrom("leave", ROOM, "visitor"), 5_000)
      }
      const after = yield* Cluster.ask(watcher, `(users :id $ID :channel "${ROOM}")`)
      if (after._tag !== "users") return assert.fail(`users answered ${after._tag}`)
      assert.notInclude([...(after.users ?? [])], "visitor")
      assert.includeMembers([...(after.users ?? [])], ["creator", "watcher"])
    }), 60_000)

  it.effect("kill -9 of a runner: its users leave within 20 s, and the channel goes on among the survivors", () =>
    Effect.gen(function*() {
      const { runners } = yield* cluster
      const members = yield* Cluster.members(runners, 2, ROOM)
      yield* joinsSeen(members)
      const killed = members.filter((m) => m.runner.index === 3)
      const survivors = members.filter((m) => m.runner.index !== 3)
      assert.isNull(yield* runnerAt(runners, 3).process.stop("SIGKILL"), "killed by the signal")
      yield* Effect.forEach(survivors, (survivor) =>
        Effect.forEach(killed, (gone) =>
          Cluster.sees(survivor, `${survivor.name} seeing ${gone.name} leave`, Cluster.isFrom("leave", ROOM, gone.name), 20_000)), {
        concurrency: "unbounded"
      })
      yield* Effect.forEach(survivors, (survivor) => Cluster.probe(survivor, ROOM, 15_000))
      yield* exchange(survivors, survivors, "after ", 10)
      const names = members.map((m) => m.name)
      for (const survivor of survivors) {
        const leaves = survivor.log.all()
          .filter((u) => u._tag === "leave" && u.channel === ROOM && names.includes(u.from ?? ""))
          .map((u) => u.from)
        assert.sameMembers(leaves, killed.map((m) => m.name), `${survivor.name} saw only the killed runner's users leave, once each`)
      }
    }), 90_000)

  it.effect("kill -9 of the runner hosting a channel: a survivor hosts it, its members there hear the leaves and lose nothing", () =>
    Effect.gen(function*() {
      const { runners, creator } = yield* cluster
      const host = runnerAt(runners, 3)
      // A channel that runner 3 hosts (each runner says which channels it hosts).
      let channel = ""
      for (let i = 1; i <= 40 && channel === ""; i++) {
        const name = `hosted-${i}`
        const made = yield* Cluster.ask(creator, `(create :id $ID :channel "${name}")`)
        assert.strictEqual(made._tag, "join", `${name} created`)
        if (host.process.output().includes(`cluster: hosting ${name} `)) channel = name
      }
      assert.notStrictEqual(channel, "", "runner 3 hosts one of the channels made")
      const members = yield* Cluster.members(runners, 1, channel)
      const survivors = [creator, ...members.filter((m) => m.runner.index !== 3)]
      const gone = members.filter((m) => m.runner.index === 3)
      yield* Cluster.sendMessages(survivors, channel, "before ", 5)
      yield* Cluster.allReceive(survivors, channel, "before ", 5 * survivors.length, 10_000)
      assert.isNull(yield* host.process.stop("SIGKILL"), "killed by the signal")
      for (const survivor of survivors) {
        for (const user of gone) {
          yield* Cluster.sees(survivor, `${survivor.name} seeing ${user.name} leave`, Cluster.isFrom("leave", channel, user.name), 20_000)
        }
      }
      yield* Effect.forEach(survivors, (survivor) => Cluster.probe(survivor, channel, 15_000))
      yield* Cluster.sendMessages(survivors, channel, "after ", 10)
      yield* Cluster.allReceive(survivors, channel, "after ", 10 * survivors.length, 15_000)
      const orders = survivors.map((member) => {
        const texts = textsOf(Cluster.messagesIn(member, channel, "after "))
        assert.strictEqual(new Set(texts).size, texts.length, `${member.name} got no message twice`)
        return texts
      })
      for (const order of orders) assert.deepStrictEqual(order, orders[0], "every survivor in the channel's one order")
    }), 90_000)

  it.effect("SIGTERM of a runner: its clients are disconnected within 5 s, its users leave within 3 s, the channel goes on", () =>
    Effect.gen(function*() {
      const { runners } = yield* cluster
      const members = yield* Cluster.members(runners, 2, ROOM)
      yield* joinsSeen(members)
      const stopped = members.filter((m) => m.runner.index === 3)
      const survivors = members.filter((m) => m.runner.index !== 3)
      const [code] = yield* Effect.all([
        Effect.timeoutOrElse(runnerAt(runners, 3).process.stop("SIGTERM"), {
          duration: 15_000,
          orElse: () => Effect.die(new Error("runner 3 did not exit within 15 s of SIGTERM"))
        }),
        Effect.forEach(stopped, (member) => member.closed(5_000), { concurrency: "unbounded" }),
        Effect.forEach(survivors, (survivor) =>
          Effect.forEach(stopped, (gone) =>
            Cluster.sees(survivor, `${survivor.name} seeing ${gone.name} leave`, Cluster.isFrom("leave", ROOM, gone.name), 3_000)), {
          concurrency: "unbounded"
        })
      ], { concurrency: "unbounded" })
      assert.strictEqual(code, 0, "a runner stopped with SIGTERM exits 0")
      for (const member of stopped) {
        const told = member.log.all().some((u) => u._tag === "disconnect")
        const closed = member.log.closedWith()
        assert.isTrue(told || closed?.code === 1000 || closed?.code === 1001, `${member.name} disconnected cleanly: ${closed?.code}`)
      }
      yield* Effect.forEach(survivors, (survivor) => Cluster.probe(survivor, ROOM, 10_000))
      yield* exchange(survivors, survivors, "after ", 10)
    }), 90_000)

  it.effect("the names of a killed runner's users can be taken on other runners within 15 s", () =>
    Effect.gen(function*() {
      const { runners } = yield* cluster
      yield* Cluster.login(runnerAt(runners, 3), "carol")
      yield* Cluster.login(runnerAt(runners, 3), "dave")
      const early = yield* Cluster.open(runnerAt(runners, 1))
      yield* Cluster.sendConnect(early, "carol")
      assert.strictEqual(yield* Cluster.connectOutcome(early), "username-taken", "carol is taken while her runner lives")
      assert.isNull(yield* runnerAt(runners, 3).process.stop("SIGKILL"), "killed by the signal")
      const retaken = yield* Effect.forEach([["carol", 1], ["dave", 2]] as const, ([name, index]) =>
        Cluster.retrying(`${name} logging in on runner ${index}`, 15_000, Effect.gen(function*() {
          const client = yield* Cluster.open(runnerAt(runners, index))
          yield* Cluster.sendConnect(client, name)
          const outcome = yield* Cluster.connectOutcome(client, 3_000)
          if (outcome !== "connect") return yield* Effect.fail(new Error(`${name}: ${outcome}`))
          return Object.assign(client, { name })
        }), 1_000), { concurrency: "unbounded" })
      for (const member of retaken) {
        yield* Cluster.joinWithin(member, ROOM, 15_000)
        yield* Cluster.probe(member, ROOM, 15_000)
      }
    }), 60_000)

  it.effect("an operator destroys a channel hosted anywhere; an empty channel expires on its host", () =>
    Effect.gen(function*() {
      const pg = yield* TestPostgres
      const database = yield* pg.createDatabase
      const added = yield* Cli.run(["--cluster", database, "operator", "add", "boss"], { input: "boss-password\n" })
      assert.strictEqual(added.code, 0, added.stderr)
      const runners = yield* Cluster.startCluster(database, 2, ["--operators", "boss", "--channel-lifetime", "3 seconds"])
      const creator = yield* Cluster.formed(runners, ROOM)
      const boss = yield* Cluster.open(runnerAt(runners, 1))
      yield* boss.send(`(connect :id 1 :version "2.0" :from "boss" :password "boss-password")`)
      assert.strictEqual(yield* Cluster.connectOutcome(boss), "connect")
      const member = yield* Cluster.login(runnerAt(runners, 2), "member")
      yield* Cluster.join(member, ROOM)
      const destroyed = yield* Cluster.ask(boss, `(destroy :id $ID :channel "${ROOM}")`)
      assert.strictEqual(destroyed._tag, "destroy", "the operator's destroy is echoed")
      for (const who of [creator, member]) {
        yield* Cluster.sees(who, `${who.name} seeing itself leave ${ROOM}`, Cluster.isFrom("leave", ROOM, who.name), 5_000)
      }
      const after = yield* Cluster.ask(member, `(message :id $ID :channel "${ROOM}" :text "anyone?")`)
      assert.strictEqual(after._tag, "no-such-channel", "a destroyed channel is gone on the other runner too")
      // Made again, then left empty: its host removes it after the channel lifetime.
      const again = yield* Cluster.ask(member, `(create :id $ID :channel "brief")`)
      assert.strictEqual(again._tag, "join")
      const left = yield* Cluster.ask(member, `(leave :id $ID :channel "brief")`)
      assert.strictEqual(left._tag, "leave")
      yield* Cluster.retrying("brief expiring", 15_000, Effect.gen(function*() {
        const asked = yield* Cluster.ask(creator, `(users :id $ID :channel "brief")`)
        if (asked._tag !== "no-such-channel") return yield* Effect.fail(new Error(`users answered ${asked._tag}`))
      }), 1_000)
    }), 90_000)
})
