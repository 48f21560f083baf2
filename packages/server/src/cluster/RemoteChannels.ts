/**
 * A runner's side of the channels hosted as entities (ChannelHost.ts):
 * for each channel it has used, a handle whose mailbox forwards channel
 * messages to the channel's host, batched and in order, and one
 * subscription through which the host's frames come back and are handed
 * to this runner's connections. A subscription that ends (the channel
 * moved, its runner died) is made again, telling the host which of this
 * runner's users are members; messages wait until it is in place.
 *
 * @since 0.3.0
 */
import { nameKey, type RuleSet, readRules, readValue } from "@lichat/core"
import { Deferred, Effect, FiberSet, Queue, Result, Schedule, type Scope, Semaphore, Stream } from "effect"
import type { Sharding } from "effect/cluster"
import type { Actor } from "../actors/Actor.ts"
import type { ChannelHandle, ChannelKind, ChannelMessage, CloseReason, ConnectionHandle, User } from "../Model.ts"
import { SharedFrame } from "../transport/FrameSocket.ts"
import { ChannelEntity, type Delivery, type Item, type MemberRef } from "./ClusterWire.ts"

/** A channel hosted elsewhere (or here, through the entity), as this runner uses it. */
interface Remote {
  readonly handle: ChannelHandle
  readonly items: Queue.Queue<{ readonly item: Item; readonly done: Deferred.Deferred<void> | undefined }>
  /** Completed when the current subscription is in place. */
  ready: Deferred.Deferred<void>
  /** Batches sent and not yet marked handled, by ticket: who waits for them. */
  readonly pending: Map<number, ReadonlyArray<Deferred.Deferred<void>>>
  rules: RuleSet | undefined
  /** The host's incarnation, from its last `Ready`. */
  incarnation: string | undefined
  /** Permits for batches on their way to the host. */
  readonly inFlight: Semaphore.Semaphore
}

/** The runner's channels, and the connections the hosts deliver to. */
export interface RemoteChannelsService {
  /** A handle on the channel of that name (made on first use; whether it exists, its host says). */
  readonly handle: (name: string, kind: ChannelKind) => ChannelHandle
  /** The handle already made for a channel, if any. */
  readonly known: (name: string) => ChannelHandle | undefined
  /** The channel's rules as its host last said them. */
  readonly rulesOf: (channel: ChannelHandle) => RuleSet | undefined
  /** Makes a channel on its host: `"taken"` when it exists. */
  readonly create: (name: string, kind: "regular" | "anonymous", registrant: string) => Effect.Effect<"created" | "taken">
  /** Whether the channel exists, its host says. */
  readonly exists: (name: string) => Effect.Effect<boolean>
  /** Removes a channel on its host: `false` when there was none (or it is the primary one). */
  readonly destroy: (name: string) => Effect.Effect<boolean>
  /** Closes a user's connections wherever they are (through the primary channel `primary`, where every user is). */
  readonly disconnect: (primary: string, name: string) => Effect.Effect<void>
  /** A closed connection: no more frames for it. */
  readonly forget: (connection: ConnectionHandle) => void
}

/** Batches of one channel on their way to its host at once. */
const PIPELINE = 4

/** A failed call to a host (its shard moving, say) is tried again every 200 ms, for up to 10 seconds. */
const retry = Schedule.spaced("200 millis").pipe(Schedule.upTo({ times: 50 }))

/**
 * The runner `runner`'s channels; `localUser` finds one of its users by
 * name, `localUsers` lists them (for telling a host who is in its channel).
 */
export const make = (options: {
  readonly runner: string
  readonly localUser: (name: string) => User | undefined
  readonly localUsers: () => Iterable<User>
}): Effect.Effect<RemoteChannelsService, never, Sharding.Sharding | Scope.Scope> =>
  Effect.gen(function*() {
    const clientFor = yield* ChannelEntity.client
    // The subscriptions and forwarders run until the runner stops.
    const run = yield* FiberSet.makeRuntime<Sharding.Sharding>()
    const remotes = new Map<string, Remote>()
    const connections = new Map<number, ConnectionHandle>()
    let tickets = 0
    // When the runner stops, what its users sent last (their leaves, above all) goes out first, for up to a second.
    yield* Effect.addFinalizer(() =>
      Effect.gen(function*() {
        while (Array.from(remotes.values()).some((r) => Queue.sizeUnsafe(r.items) > 0 || r.pending.size > 0)) {
          yield* Effect.sleep("20 millis")
        }
      }).pipe(Effect.timeout("1 second"), Effect.ignore)
    )

    const refOf = (user: User): MemberRef => {
      const refs = []
      for (const connection of user.connections) {
        connections.set(connection.id, connection)
        refs.push({
          id: connection.id,
          address: connection.address,
          extensions: Array.from(connection.clientExtensions),
          connectedAt: connection.connectedAt
        })
      }
      return { name: user.name, registered: user.registered, connections: refs, blocked: Array.from(user.blocked) }
    }

    const itemOf = (message: ChannelMessage): Item | undefined => {
      switch (message._tag) {
        case "Post": {
          const target = message.target === undefined ? {} : { target: message.target.name }
          return {
            _tag: "Post",
            sender: refOf(message.sender.user),
            connection: message.sender.connection.id,
            update: message.update,
            ...target
          }
        }
        case "Enter":
          return { _tag: "Enter", user: refOf(message.user), join: message.join }
        case "Depart":
          for (const connection of message.user.connections) connections.delete(connection.id)
          return { _tag: "Depart", user: message.user.name, leave: message.leave }
        case "Close":
          // Destroying a channel of a cluster is not offered (serverManagement/destroy.ts says so).
          return undefined
      }
    }

    const apply = (remote: Remote, delivery: Delivery) => {
      switch (delivery._tag) {
        case "Ready":
          if (delivery.missed) {
            // Frames for this runner were lost while it was away: its members start again (their clients reconnect and backfill).
            for (const user of membersOf(remote)) for (const connection of user.connections) connection.close("server-error")
          }
          if (remote.incarnation !== undefined && remote.incarnation !== delivery.incarnation) {
            // A new host (the cluster sent it our first request again): it hears who is here, with their connections now.
            for (const user of membersOf(remote)) Queue.offerUnsafe(remote.items, { item: { _tag: "Present", user: refOf(user) }, done: undefined })
          }
          remote.incarnation = delivery.incarnation
          Deferred.doneUnsafe(remote.ready, Effect.void)
          return
        case "Frame": {
          const frame = delivery.to.length > 1 ? new SharedFrame(delivery.text) : delivery.text
          for (const id of delivery.to) connections.get(id)?.deliver(frame)
          return
        }
        case "Member": {
          const user = options.localUser(delivery.user)
          if (user === undefined) return
          if (delivery.joined) user.channels.set(remote.handle.key, remote.handle)
          else if (user.channels.get(remote.handle.key) === remote.handle) user.channels.delete(remote.handle.key)
          return
        }
        case "Close":
          connections.get(delivery.connection)?.close(delivery.reason as CloseReason)
          return
        case "Rules": {
          const value = readValue(delivery.rules)
          const rules = Result.isSuccess(value) ? readRules(value.success) : undefined
          if (rules !== undefined && Result.isSuccess(rules)) remote.rules = rules.success
          return
        }
        case "Handled": {
          for (const done of remote.pending.get(delivery.ticket) ?? []) Deferred.doneUnsafe(done, Effect.void)
          remote.pending.delete(delivery.ticket)
          return
        }
      }
    }

    /** This runner's users in the channel (the server's own user, without connections, is no one's member here). */
    const membersOf = (remote: Remote): Array<User> =>
      Array.from(options.localUsers()).filter((u) => u.connections.size > 0 && u.channels.get(remote.handle.key) !== undefined)

    /** Those waiting for batches whose marks will not come (the subscription ended) stop waiting. */
    const release = (remote: Remote) => {
      for (const waiting of remote.pending.values()) for (const done of waiting) Deferred.doneUnsafe(done, Effect.void)
      remote.pending.clear()
    }

    const subscribe = (remote: Remote) =>
      Effect.gen(function*() {
        const members = membersOf(remote).map(refOf)
        yield* clientFor(remote.handle.key).Subscribe({ runner: options.runner, members }).pipe(
          Stream.runForEach((delivery) => Effect.sync(() => apply(remote, delivery)))
        )
      }).pipe(
        Effect.catchCause((cause) => Effect.logDebug(`subscription to ${remote.handle.name} ended`, cause)),
        Effect.andThen(Effect.sync(() => {
          remote.ready = Deferred.makeUnsafe<void>()
          release(remote)
        })),
        Effect.andThen(Effect.sleep("100 millis")),
        Effect.forever
      )

    const forward = (remote: Remote) =>
      Effect.gen(function*() {
        const batch = yield* Queue.takeAll(remote.items)
        yield* Deferred.await(remote.ready)
        const ticket = ++tickets
        const waiting = batch.flatMap(({ done }) => done === undefined ? [] : [done])
        if (waiting.length > 0) remote.pending.set(ticket, waiting)
        // Up to PIPELINE batches on their way at once: sent in order on one socket, handled in arrival order.
        yield* remote.inFlight.take(1)
        yield* clientFor(remote.handle.key).Send({ runner: options.runner, ticket, items: batch.map(({ item }) => item) }).pipe(
          Effect.retry(retry),
          Effect.catchCause((cause) =>
            Effect.logWarning(`${batch.length} update(s) for ${remote.handle.name} were not delivered`, cause).pipe(
              Effect.andThen(Effect.sync(() => {
                for (const done of waiting) Deferred.doneUnsafe(done, Effect.void)
                remote.pending.delete(ticket)
              }))
            )
          ),
          Effect.ensuring(remote.inFlight.release(1)),
          Effect.forkDetach
        )
      }).pipe(Effect.forever)

    const handle = (name: string, kind: ChannelKind): ChannelHandle => {
      const key = nameKey(name)
      const existing = remotes.get(key)
      if (existing !== undefined) return existing.handle
      const items = Effect.runSync(Queue.unbounded<{ readonly item: Item; readonly done: Deferred.Deferred<void> | undefined }>())
      const enqueue = (message: ChannelMessage, done: Deferred.Deferred<void> | undefined): boolean => {
        const item = itemOf(message)
        if (item === undefined) {
          if (done !== undefined) Deferred.doneUnsafe(done, Effect.void)
          return true
        }
        return Queue.offerUnsafe(items, { item, done })
      }
      const actor: Actor<ChannelMessage> = {
        name: `channel ${name} (cluster)`,
        tell: (message) => enqueue(message, undefined),
        send: (message) => Effect.sync(() => void enqueue(message, undefined)),
        call: (message) =>
          Effect.suspend(() => {
            const done = Deferred.makeUnsafe<void>()
            enqueue(message, done)
            return Deferred.await(done)
          }) as never
      }
      const remote: Remote = {
        handle: { name, key, kind, actor },
        items,
        ready: Deferred.makeUnsafe<void>(),
        pending: new Map(),
        rules: undefined,
        incarnation: undefined,
        inFlight: Semaphore.makeUnsafe(PIPELINE)
      }
      remotes.set(key, remote)
      run(subscribe(remote))
      run(forward(remote))
      return remote.handle
    }

    return {
      handle,
      known: (name) => remotes.get(nameKey(name))?.handle,
      rulesOf: (channel) => remotes.get(channel.key)?.rules,
      create: (name, kind, registrant) =>
        clientFor(nameKey(name)).Create({ name, kind, registrant }).pipe(Effect.retry(retry), Effect.orDie),
      exists: (name) => clientFor(nameKey(name)).Exists().pipe(Effect.retry(retry), Effect.orDie),
      destroy: (name) => clientFor(nameKey(name)).Destroy().pipe(Effect.retry(retry), Effect.orDie),
      disconnect: (primary, name) =>
        clientFor(nameKey(primary)).Disconnect({ name }).pipe(Effect.retry(retry), Effect.orDie),
      forget: (connection) => void connections.delete(connection.id)
    }
  })
