/**
 * A cluster of `lichat-server` runners for black-box tests: N runners
 * (`--cluster URL --runner-address 127.0.0.1:PORT`) sharing one PostgreSQL
 * database, and WebSocket clients that record everything they receive, with
 * the helpers the cluster tests share (retries while the cluster forms,
 * requests answered by id, channel messages read back in order).
 */
import * as Net from "node:net"
import { decodeUpdate, type Message, readObject, splitFrame, type Update } from "@lichat/core"
import { Cause, Effect, Exit, Result, Scope } from "effect"
import * as Cli from "./CliProcess.ts"
import { type Closed, handshake, id, open as openSocket, type TestClient } from "./TestClient.ts"
import * as Waiters from "./Waiters.ts"

/** The limits a test raises above the defaults meant for people (floods, handshakes from one address). */
const RUNNER_FLAGS: ReadonlyArray<string> = [
  "--name", "cluster",
  "--flood-limit", "100000",
  "--handshakes-per-address", "1000",
  "--handshake-limit", "1000"
]

/** How long a runner may take to print `listening on`. */
const START_TIMEOUT_MS = 30_000

/** A free TCP port of 127.0.0.1 (free when asked: the caller binds it soon after). */
const freePort: Effect.Effect<number> = Effect.callback<number>((resume) => {
  const server = Net.createServer()
  server.once("error", (error) => resume(Effect.die(error)))
  server.listen(0, "127.0.0.1", () => {
    const address = server.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    server.close(() => resume(Effect.succeed(port)))
  })
})

/** One runner of a test cluster. */
export interface Runner {
  /** 1, 2, … in the order started. */
  readonly index: number
  /** Its client listener, `ws://127.0.0.1:PORT/`. */
  readonly url: string
  /** `127.0.0.1:PORT` for the other runners. */
  readonly runnerAddress: string
  readonly process: Cli.Running
}

/** Starts runner `index` of the cluster on `database`; killed (SIGKILL) with the scope if still running. */
const startRunner = (
  database: string,
  index: number,
  args: ReadonlyArray<string> = []
): Effect.Effect<Runner, never, Scope.Scope> =>
  Effect.gen(function*() {
    const runnerAddress = `127.0.0.1:${yield* freePort}`
    const running = yield* Cli.start([...RUNNER_FLAGS, "--cluster", database, "--runner-address", runnerAddress, ...args]).pipe(
      Effect.timeoutOrElse({
        duration: START_TIMEOUT_MS,
        orElse: () => Effect.die(new Error(`runner ${index} did not print "listening on" within ${START_TIMEOUT_MS} ms`))
      })
    )
    return { index, url: `ws://127.0.0.1:${running.port}/`, runnerAddress, process: running }
  })

/** Starts `count` runners on `database`: the first alone (it prepares the schema), then the rest at once. */
export const startCluster = (
  database: string,
  count: number,
  args: ReadonlyArray<string> = []
): Effect.Effect<ReadonlyArray<Runner>, never, Scope.Scope> =>
  Effect.gen(function*() {
    const first = yield* startRunner(database, 1, args)
    const rest = yield* Effect.forEach(
      Array.from({ length: count - 1 }, (_, i) => i + 2),
      (index) => startRunner(database, index, args),
      { concurrency: "unbounded" }
    )
    return [first, ...rest]
  })

/** Everything a client received, in order, never taken away (unlike the client's inbox). */
export interface Recorder {
  readonly all: () => ReadonlyArray<Update>
  /** How the socket closed, once it has. */
  readonly closedWith: () => Closed | undefined
  /** Waits until `check` finds something in what was received (or the close); dies after `timeout` ms. */
  readonly until: <A>(check: (received: ReadonlyArray<Update>) => A | undefined, timeout: number, what: string) => Effect.Effect<A>
}

const record = (client: TestClient): Recorder => {
  const received: Array<Update> = []
  const waiters = Waiters.make()
  let closed: Closed | undefined
  client.socket.on("message", (data, isBinary) => {
    if (isBinary) return
    const text = Array.isArray(data) ? Buffer.concat(data).toString() : data.toString()
    for (const piece of splitFrame(text)) {
      const read = readObject(piece, { maxLength: 64 * 1024 * 1024 })
      const decoded = Result.isSuccess(read) ? decodeUpdate(read.success) : undefined
      if (decoded !== undefined && Result.isSuccess(decoded)) received.push(decoded.success)
    }
    waiters.wake()
  })
  client.socket.on("close", (code, reason) => {
    closed ??= { code, reason: reason.toString() }
    waiters.wake()
  })
  const recent = () => received.slice(-8).map((u) => `${u._tag}${"from" in u ? ` from ${u.from}` : ""}`).join(", ")
  return {
    all: () => received.slice(),
    closedWith: () => closed,
    until: (check, timeout, what) => waiters.waitFor(() => check(received), timeout, () => `${what}; last received: ${recent()}`)
  }
}

/** A WebSocket client on a runner, recording what it receives. */
export interface Recorded extends TestClient {
  readonly runner: Runner
  readonly log: Recorder
}

/** A client logged in as `name`. */
export interface Member extends Recorded {
  readonly name: string
}

/** Opens a WebSocket to `runner`, recording from the first byte; closed with the scope. */
export const open = (runner: Runner): Effect.Effect<Recorded, Error, Scope.Scope> =>
  Effect.map(openSocket(runner.url, { protocols: ["lichat"] }), (client) => Object.assign(client, { runner, log: record(client) }))

/** Opens a client on `runner` and logs in as `name` (the `connect` reply, the primary channel's join and welcome). */
export const login = (runner: Runner, name: string): Effect.Effect<Member, Error, Scope.Scope> =>
  Effect.flatMap(open(runner), (client) => Effect.map(handshake(client, name), (logged) => Object.assign(logged, { name })))

/** The update answering `request`: its reply (same id) or a failure naming it. */
const answers = (request: number) => (update: Update): boolean =>
  update.id === request || ("updateId" in update && update.updateId === request)

/** Sends `update` with a fresh id in place of `$ID`; the answer to it, within `timeout` ms. */
export const ask = (client: Recorded, update: string, timeout = 5_000): Effect.Effect<Update> =>
  Effect.gen(function*() {
    const request = id()
    yield* client.send(update.replace("$ID", String(request)))
    const answer = answers(request)
    return yield* client.log.until((all) => all.find(answer), timeout, `the answer to ${update}`)
  })

/** Sends `connect` as `name` without waiting; pair with `connectOutcome`. */
export const sendConnect = (client: Recorded, name: string): Effect.Effect<void> =>
  client.send(`(connect :id ${id()} :version "2.0" :from "${name}")`)

/** The first `connect` reply or failure the client received, by tag. */
export const connectOutcome = (client: Recorded, timeout = 10_000): Effect.Effect<Update["_tag"]> =>
  client.log.until(
    (all) => all.find((u) => u._tag === "connect" || "updateId" in u)?._tag,
    timeout,
    "the connect reply or a failure"
  )

/**
 * Runs `attempt` until it succeeds, each try in a scope of its own (closed
 * when the try fails, kept with the caller's otherwise), pausing between
 * tries; dies with the last failure when `withinMs` have passed.
 */
export const retrying = <A, E>(
  what: string,
  withinMs: number,
  attempt: Effect.Effect<A, E, Scope.Scope>,
  pauseMs = 500
): Effect.Effect<A, never, Scope.Scope> =>
  Effect.gen(function*() {
    const deadline = Date.now() + withinMs
    const outer = yield* Scope.Scope
    while (true) {
      const scope = yield* Scope.fork(outer)
      const exit = yield* Effect.exit(Scope.provide(scope)(attempt))
      if (Exit.isSuccess(exit)) return exit.value
      yield* Scope.close(scope, exit)
      if (Date.now() + pauseMs >= deadline) {
        return yield* Effect.die(new Error(`${what}: not within ${withinMs} ms; last try: ${Cause.pretty(exit.cause)}`))
      }
      yield* Effect.sleep(pauseMs)
    }
  })

/** Fails (for `retrying`) unless `update` has the tag `tag`. */
const expectTag = (update: Update, tag: Update["_tag"]): Effect.Effect<Update, Error> =>
  update._tag === tag ? Effect.succeed(update) : Effect.fail(new Error(`answered ${update._tag}, not ${tag}`))

/** Creates `channel` as `member` (taken already by an earlier try of its own: joins it), retried while the cluster forms. */
const createChannel = (member: Member, channel: string, withinMs: number): Effect.Effect<void, never, Scope.Scope> =>
  retrying(`${member.name} creating ${channel} on runner ${member.runner.index}`, withinMs, Effect.gen(function*() {
    const created = yield* ask(member, `(create :id $ID :channel "${channel}")`, 3_000)
    if (created._tag === "channelname-taken") yield* expectTag(yield* ask(member, `(join :id $ID :channel "${channel}")`, 3_000), "join")
    else yield* expectTag(created, "join")
  }))

/** Joins `channel`; dies unless it is answered with the join. */
export const join = (member: Member, channel: string, timeout = 5_000): Effect.Effect<void> =>
  Effect.flatMap(ask(member, `(join :id $ID :channel "${channel}")`, timeout), (answer) =>
    answer._tag === "join" ? Effect.void : Effect.die(new Error(`${member.name} joining ${channel}: answered ${answer._tag}`)))

/** Joins `channel`, retried (while it moves to another runner) for up to `withinMs`; being in it already counts. */
export const joinWithin = (member: Member, channel: string, withinMs: number): Effect.Effect<void, never, Scope.Scope> =>
  retrying(`${member.name} joining ${channel}`, withinMs, Effect.flatMap(ask(member, `(join :id $ID :channel "${channel}")`, 3_000), (answer) =>
    answer._tag === "already-in-channel" ? Effect.void : Effect.asVoid(expectTag(answer, "join"))))

/**
 * The cluster is formed: a client on runner 1 creates `channel` (retried for
 * up to `withinMs`), and on every other runner a client logs in and joins
 * it; those clients close again. Returns the creator, still in `channel`.
 */
export const formed = (runners: ReadonlyArray<Runner>, channel: string, withinMs = 20_000): Effect.Effect<Member, never, Scope.Scope> =>
  Effect.gen(function*() {
    const deadline = Date.now() + withinMs
    const [first, ...rest] = runners
    if (first === undefined) return yield* Effect.die(new Error("a cluster of no runners"))
    const creator = yield* retrying("logging in on runner 1", withinMs, login(first, "creator"))
    yield* createChannel(creator, channel, Math.max(1_000, deadline - Date.now()))
    yield* Effect.forEach(rest, (runner) =>
      Effect.scoped(retrying(`logging in and joining ${channel} on runner ${runner.index}`, Math.max(1_000, deadline - Date.now()),
        Effect.flatMap(login(runner, `ready-${runner.index}`), (ready) => join(ready, channel, 3_000)))))
    return creator
  })

/** Logs in `perRunner` members on each runner (named `u<runner><a, b, …>`) and has each join `channel`, one after another. */
export const members = (
  runners: ReadonlyArray<Runner>,
  perRunner: number,
  channel: string
): Effect.Effect<ReadonlyArray<Member>, Error, Scope.Scope> =>
  Effect.forEach(runners.flatMap((runner) => Array.from({ length: perRunner }, (_, i) => ({ runner, i }))), ({ runner, i }) =>
    Effect.gen(function*() {
      const member = yield* login(runner, `u${runner.index}${String.fromCharCode(97 + i)}`)
      yield* join(member, channel)
      return member
    }))

/** Waits until `member` has received an update matching `where`. */
export const sees = (member: Recorded, what: string, where: (update: Update) => boolean, timeout: number): Effect.Effect<Update> =>
  member.log.until((all) => all.find(where), timeout, what)

/** `update` is a `tag` in `channel` from `from`. */
export const isFrom = (tag: "join" | "leave", channel: string, from: string) => (update: Update): boolean =>
  update._tag === tag && update.channel === channel && update.from === from

/** The messages `member` received in `channel` whose text starts with `prefix`, in the order received. */
export const messagesIn = (member: Recorded, channel: string, prefix: string): ReadonlyArray<Message> =>
  member.log.all().filter((u): u is Message => u._tag === "message" && u.channel === channel && u.text.startsWith(prefix))

/** Waits until every member has received at least `count` messages in `channel` starting with `prefix`. */
export const allReceive = (
  members: ReadonlyArray<Recorded>,
  channel: string,
  prefix: string,
  count: number,
  timeout: number
): Effect.Effect<void> =>
  Effect.asVoid(Effect.forEach(members, (member) =>
    member.log.until(
      () => (messagesIn(member, channel, prefix).length >= count ? true : undefined),
      timeout,
      `${count} "${prefix}" messages in ${channel} on runner ${member.runner.index} (got ${messagesIn(member, channel, prefix).length})`
    ), { concurrency: "unbounded" }))

/**
 * Sends one message to `channel` as `member`, again until it is echoed back
 * (the channel may still be moving to another runner): what probes a
 * channel's recovery. The probes' texts start with "probe ".
 */
export const probe = (member: Member, channel: string, withinMs: number): Effect.Effect<void, never, Scope.Scope> => {
  let tries = 0
  return retrying(`a message from ${member.name} echoed in ${channel}`, withinMs, Effect.suspend(() =>
    Effect.flatMap(ask(member, `(message :id $ID :channel "${channel}" :text "probe ${member.name} ${++tries}")`, 2_000), (answer) =>
      expectTag(answer, "message"))))
}

/** Each member sends `count` messages to `channel`, texts `<prefix><name> <k>`, all members at once, without waiting. */
export const sendMessages = (members: ReadonlyArray<Member>, channel: string, prefix: string, count: number): Effect.Effect<void> =>
  Effect.asVoid(Effect.forEach(members, (member) =>
    Effect.forEach(Array.from({ length: count }, (_, k) => k), (k) =>
      member.send(`(message :id ${id()} :channel "${channel}" :text "${prefix}${member.name} ${k}")`)), { concurrency: "unbounded" }))
