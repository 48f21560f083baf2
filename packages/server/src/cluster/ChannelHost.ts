/**
 * A channel hosted as a `Channel` entity: the same state and behaviour as
 * a single server's channel actor (Channel.ts), on whichever runner owns
 * the channel's shard. Its members are stand-ins for the users of every
 * runner (`MemberRef`s); what the behaviour delivers to a stand-in's
 * connection is gathered per runner and handed to that runner's one
 * subscription, so an update crosses the network once per runner, with
 * the numbers of the connections it is for.
 *
 * Items are handled one at a time, in arrival order; each runner's batch
 * is followed on its subscription by a `Handled` mark. The durable state
 * (rules, pause, info, emotes, quiet list, memberships, history) is in the
 * shared store, read when the entity starts; who is present is not: each
 * runner tells it again when it subscribes (after a move or a crash).
 * Users of a runner that stops beating (Runners.ts) leave.
 *
 * @since 0.3.0
 */
import {
  Leave,
  NoSuchChannel,
  nameKey,
  printRules,
  printValue,
  universalTimeNow
} from "@lichat/core"
import { Cause, Clock, Context, Duration, Effect, Option, Queue, Schedule, Schema, Semaphore, Stream } from "effect"
import { Entity } from "effect/cluster"
import * as Channel from "../actors/Channel.ts"
import * as ChannelState from "../actors/ChannelState.ts"
import { Registry } from "../actors/Registry.ts"
import { ServerConfig } from "../config/ServerConfig.ts"
import type { HandlerServices } from "../connection/Session.ts"
import { frame, stampAt } from "../connection/Session.ts"
import * as Extensions from "../extensions/Extensions.ts"
import { LinkStore } from "../extensions/link/link.ts"
import { channelSteps } from "../handlers/index.ts"
import type { ChannelHandle, ChannelKind, CloseReason, ConnectionHandle, User } from "../Model.ts"
import { Store } from "../storage/Store.ts"
import * as StoredChannels from "../storage/StoredChannels.ts"
import type { OutFrame } from "../transport/FrameSocket.ts"
import { ChannelEntity, type Delivery, type Item, MemberRef } from "./ClusterWire.ts"
import { ClusterRunners } from "./Runners.ts"

/** Frames kept for a live runner between two of its subscriptions; beyond it, it is told it missed some. */
const PARKED_LIMIT = 10_000

/** A runner's share of what the channel delivers, as it is gathered. */
interface Outgoing {
  readonly deliveries: Array<Delivery>
  /** The frame object the last `Frame` delivery was made from (a shared frame goes to many connections). */
  last: OutFrame | undefined
}

/** A stand-in user: the user of a runner. */
interface Remote {
  readonly user: User
  readonly runner: string
  /** Its stand-in connections by their number on the runner. */
  readonly connections: Map<number, ConnectionHandle>
  /** Its reference as last heard, connections included. */
  ref: MemberRef
}

const decodeMemberJson = Schema.decodeUnknownOption(Schema.fromJsonString(MemberRef))

/** A member reference from its `lichat_presence` JSON; `undefined` when it is not one. */
const decodeMember = (json: string): MemberRef | undefined => Option.getOrUndefined(decodeMemberJson(json))

/** The kind a channel's name gives it: the server's name is the primary channel, `@…` anonymous ones. */
export const kindOf = (serverName: string, name: string): ChannelKind =>
  nameKey(name) === nameKey(serverName) ? "primary" : name.startsWith("@") ? "anonymous" : "regular"

/** The `Channel` entity's handlers, on this runner's registry, store and configuration. */
export const layer = ChannelEntity.toLayer(
  Effect.gen(function*() {
    const key = (yield* Entity.CurrentAddress).entityId
    const registry = yield* Registry
    const config = yield* ServerConfig
    const store = yield* Store
    const runners = yield* ClusterRunners
    const keeper = yield* StoredChannels.StoredChannels
    const links = yield* LinkStore
    const services = yield* Effect.context<HandlerServices>()
    const incarnation = `${runners.self}/${Date.now().toString(36)}`
    const lock = yield* Semaphore.make(1)
    const recorded = Extensions.isEnabled(config, "shirakumo-history") || Extensions.isEnabled(config, "shirakumo-backfill")
    const historyLimit = Extensions.isEnabled(config, "shirakumo-backfill") ? config.backfillLimit : 0

    const remotes = new Map<string, Remote>()
    /** The stand-ins' users by key: what the steps find as the registry's users. */
    const users = new Map<string, User>()
    const byUser = new WeakMap<User, Remote>()
    const outgoing = new Map<string, Outgoing>()
    const subscribers = new Map<string, Queue.Queue<Delivery, Cause.Done>>()
    const parked = new Map<string, Array<Delivery>>()
    const missed = new Set<string>()
    /** The last batch number handled per runner (they come in order; a later one first is logged). */
    const lastTicket = new Map<string, number>()
    let nextConnection = 0

    const out = (runner: string): Outgoing => {
      let o = outgoing.get(runner)
      if (o === undefined) outgoing.set(runner, o = { deliveries: [], last: undefined })
      return o
    }
    const frameTo = (runner: string, id: number, frame: OutFrame) => {
      const o = out(runner)
      const last = o.deliveries.at(-1)
      if (o.last === frame && last?._tag === "Frame") (last.to as Array<number>).push(id)
      else {
        o.deliveries.push({ _tag: "Frame", text: typeof frame === "string" ? frame : frame.text, to: [id] })
        o.last = frame
      }
    }
    const tell = (runner: string, delivery: Delivery) => {
      const o = out(runner)
      o.deliveries.push(delivery)
      o.last = undefined
    }
    /** Hands what was gathered to each runner's subscription (or parks it while the runner resubscribes). */
    const flush = () => {
      for (const [runner, o] of outgoing) {
        if (o.deliveries.length === 0) continue
        const queue = subscribers.get(runner)
        if (queue !== undefined) Queue.offerAllUnsafe(queue, o.deliveries)
        else if (runners.live().has(runner)) {
          const waiting = parked.get(runner) ?? []
          if (waiting.length + o.deliveries.length > PARKED_LIMIT) {
            missed.add(runner)
            parked.delete(runner)
          } else parked.set(runner, waiting.concat(o.deliveries))
        }
      }
      outgoing.clear()
    }

    // The channel, once it exists (the primary always does; a stored one is read back).
    let hosted: {
      readonly state: ChannelState.ChannelState
      readonly view: Registry["Service"]
      readonly handlers: ReturnType<typeof Channel.behaviour>
    } | undefined
    let rulesSent: unknown
    /** Whether who is in the channel is written down (not for anonymous channels). */
    let durable = true

    const host = Effect.fnUntraced(function*(name: string, kind: ChannelKind, registrant: string) {
      const handle: ChannelHandle = {
        name,
        key,
        kind,
        actor: {
          name: `channel ${name}`,
          tell: () => false,
          send: () => Effect.void,
          call: () => Effect.die(new Error("a hosted channel is reached through its entity"))
        }
      }
      durable = kind !== "anonymous"
      const state = ChannelState.makeState({
        handle,
        registrant,
        rules: Channel.rulesFor(config, kind, registrant),
        historyLimit,
        record: recorded && kind !== "anonymous" ? (entry) => store.append(key, entry) : undefined,
        keeper: kind === "anonymous" ? ChannelState.keepsNothing : keeper
      })
      // What the steps look up in the registry, they find among this channel's stand-ins.
      const view: Registry["Service"] = Object.create(registry, {
        findUser: { value: (n: string) => users.get(nameKey(n)) ?? registry.findUser(n) },
        findChannel: { value: (n: string) => nameKey(n) === key ? handle : registry.findChannel(n) },
        rulesOf: { value: (c: ChannelHandle) => c.key === key ? state.rules : registry.rulesOf(c) },
        state: {
          value: {
            ...registry.state,
            users,
            channels: new Map([[key, { handle, state, scope: undefined }]])
          }
        }
      })
      const around: Channel.Surroundings = { steps: channelSteps, registry: view, config }
      hosted = { state, view, handlers: Channel.behaviour(state, around) }
      return hosted
    })

    const context = (view: Registry["Service"]) => Context.add(services, Registry, view)

    /** The stand-in of a runner's user, made or brought up to date from its reference. */
    const standIn = (runner: string, ref: MemberRef): Effect.Effect<User, never, HandlerServices> =>
      Effect.gen(function*() {
        const userKey = nameKey(ref.name)
        let remote = remotes.get(userKey)
        if (remote !== undefined && remote.runner !== runner) {
          // The name is claimed anew elsewhere: the user it was is gone.
          yield* leave(remote)
          remote = undefined
        }
        if (remote === undefined) {
          const user: User = {
            name: ref.name,
            key: userKey,
            connections: new Set(),
            channels: membershipOf(runner, ref.name),
            registered: ref.registered,
            blocked: new Set()
          }
          remote = { user, runner, connections: new Map(), ref }
          remotes.set(userKey, remote)
          users.set(userKey, user)
          byUser.set(user, remote)
        }
        const { user } = remote
        const changed = remote.ref.connections.length !== ref.connections.length ||
          remote.ref.connections.some((c, i) => c.id !== ref.connections[i]?.id)
        remote.ref = ref
        // A member's connections are written down, so that a host after a crash can reach them at once.
        if (changed && hosted?.state.members.get(user.key) === user) noteMember(remote)
        user.registered = ref.registered
        user.blocked.clear()
        for (const b of ref.blocked) user.blocked.add(b)
        const current = new Set(ref.connections.map((c) => c.id))
        for (const [id, connection] of remote.connections) {
          if (current.has(id)) continue
          remote.connections.delete(id)
          user.connections.delete(connection)
        }
        for (const c of ref.connections) {
          if (remote.connections.has(c.id)) continue
          const connection: ConnectionHandle = {
            id: ++nextConnection,
            address: c.address,
            clientExtensions: new Set(c.extensions),
            connectedAt: c.connectedAt,
            deliver: (frame) => frameTo(runner, c.id, frame),
            close: (reason: CloseReason) => tell(runner, { _tag: "Close", connection: c.id, reason })
          }
          remote.connections.set(c.id, connection)
          user.connections.add(connection)
        }
        return user
      })

    const forget = (remote: Remote) => {
      if (remotes.get(remote.user.key) !== remote) return
      remotes.delete(remote.user.key)
      users.delete(remote.user.key)
    }

    const noteMember = (remote: Remote) => {
      if (durable) runners.note(key, remote.user.key, { runner: remote.runner, json: JSON.stringify(remote.ref) })
    }

    /** A user map whose entry for this channel tells the user's runner, and `lichat_presence`, when it is set or removed. */
    const membershipOf = (runner: string, name: string): Map<string, ChannelHandle> => {
      const map = new Map<string, ChannelHandle>()
      const userKey = nameKey(name)
      return Object.assign(map, {
        set: (k: string, v: ChannelHandle) => {
          if (k === key && !map.has(k)) {
            tell(runner, { _tag: "Member", user: name, joined: true })
            const remote = remotes.get(userKey)
            if (remote !== undefined) noteMember(remote)
          }
          return Map.prototype.set.call(map, k, v) as Map<string, ChannelHandle>
        },
        delete: (k: string) => {
          if (k === key && map.has(k)) {
            tell(runner, { _tag: "Member", user: name, joined: false })
            if (durable) runners.note(key, userKey, undefined)
          }
          return Map.prototype.delete.call(map, k)
        }
      })
    }

    /** A stand-in gone (its runner died, or its name is someone else's now) leaves, as at a disconnection. */
    const leave = (remote: Remote): Effect.Effect<void, never, HandlerServices> =>
      Effect.gen(function*() {
        forget(remote)
        if (hosted === undefined || hosted.state.members.get(remote.user.key) !== remote.user) return
        const clock = yield* universalTimeNow
        const update = new Leave({ ...stampAt(registry, clock), from: remote.user.name, channel: hosted.state.handle.name })
        yield* hosted.handlers.Depart({ _tag: "Depart", user: remote.user, leave: update })
      })

    /** After a change, a changed rule set goes to every subscriber (runners check some updates against it). */
    const announceRules = () => {
      if (hosted === undefined || hosted.state.rules === rulesSent) return
      rulesSent = hosted.state.rules
      const rules = printValue(printRules(hosted.state.rules))
      for (const runner of subscribers.keys()) tell(runner, { _tag: "Rules", rules })
    }

    const handleItem = (runner: string, item: Item): Effect.Effect<void, never, HandlerServices> =>
      Effect.gen(function*() {
        const channel = hosted
        if (channel === undefined) {
          // Gone (destroyed, expired) since the sender's runner last heard of it.
          if (item._tag === "Post") {
            const clock = yield* universalTimeNow
            const failure = new NoSuchChannel({ ...stampAt(registry, clock), updateId: item.update.id, text: `There is no channel named ${key}.` })
            tell(runner, { _tag: "Frame", text: frame(failure), to: [item.connection] })
          }
          return
        }
        switch (item._tag) {
          case "Post": {
            const user = yield* standIn(runner, item.sender)
            const connection = byUser.get(user)?.connections.get(item.connection)
            const update = item.update
            if (connection === undefined || !("channel" in update) || typeof update.channel !== "string") return
            const target = item.target === undefined ? undefined : users.get(nameKey(item.target))
            return yield* channel.handlers.Post({
              _tag: "Post",
              sender: { user, connection },
              update: update as typeof update & { readonly channel: string },
              target
            })
          }
          case "Enter": {
            const user = yield* standIn(runner, item.user)
            return yield* channel.handlers.Enter({ _tag: "Enter", user, join: item.join })
          }
          case "Present": {
            yield* Effect.logDebug(`cluster: ${item.user.name} of ${runner} is in ${key}`)
            const user = yield* standIn(runner, item.user)
            if (channel.state.members.get(user.key) !== user) ChannelState.addMember(channel.state, user)
            return
          }
          case "Depart": {
            const remote = remotes.get(nameKey(item.user))
            if (remote === undefined || remote.runner !== runner) return
            forget(remote)
            return yield* channel.handlers.Depart({ _tag: "Depart", user: remote.user, leave: item.leave })
          }
        }
      })

    /** Runs `effect` alone, then hands its deliveries out. */
    const serially = <A>(effect: Effect.Effect<A, never, HandlerServices>): Effect.Effect<A> =>
      lock.withPermits(1)(
        Effect.suspend(() => effect.pipe(Effect.provideContext(context(hosted?.view ?? registry)))).pipe(
          Effect.ensuring(Effect.sync(() => {
            announceRules()
            flush()
          }))
        )
      )

    // Reading back what the store keeps of the channel.
    const primaryKey = nameKey(config.name)
    const savedJson = yield* Effect.orDie(store.get("channels", key))
    const saved = savedJson === undefined ? undefined : StoredChannels.decodeChannel(savedJson)
    if (key === primaryKey || saved !== undefined) {
      const made = yield* host(saved?.name ?? config.name, key === primaryKey ? "primary" : "regular", saved?.registrant ?? config.name)
      if (saved !== undefined) StoredChannels.restore(made.state, saved)
      yield* keeper.reload(made.state)
      if (historyLimit > 0) yield* StoredChannels.restoreHistory(store, made.state, historyLimit)
      // The server's user, present in the primary channel of every runner: a stand-in of no runner.
      if (key === primaryKey) ChannelState.addMember(made.state, { ...registry.serverUser, channels: new Map() })
    }
    yield* Effect.logInfo(`cluster: hosting ${key} (${hosted === undefined ? "no such channel" : hosted.state.members.size + " present"})`)
    // Who was in it when its last host stopped: those of dead runners leave (below), the others are told again.
    if (hosted !== undefined) {
      for (const { member, runner } of yield* Effect.orDie(runners.present(key))) {
        const ref = decodeMember(member)
        if (ref === undefined) continue
        const user = yield* standIn(runner, ref).pipe(Effect.provideContext(services))
        ChannelState.addMember(hosted.state, user)
      }
    }

    /** The channel goes: its members see themselves leave, and what the store keeps of it goes too. */
    const remove = Effect.gen(function*() {
      const channel = hosted
      if (channel === undefined) return false
      yield* channel.handlers.Close({ _tag: "Close", clock: yield* universalTimeNow })
      hosted = undefined
      remotes.clear()
      users.clear()
      yield* links.removeChannel(key)
      yield* Effect.catch(store.removeHistory(key), (error) => Effect.logError(error.message))
      yield* keeper.remove(key)
      yield* Effect.logInfo(`cluster: channel ${channel.state.handle.name} removed`)
      return true
    })

    // The users of runners that stopped beating leave (a new host knows the live runners'
    // members and their connections from lichat_presence, so they hear those leaves).
    // A regular channel empty for the channel lifetime expires.
    let emptySince: number | undefined
    yield* Effect.forkScoped(
      Effect.repeat(
        serially(Effect.gen(function*() {
          const live = runners.live()
          for (const remote of Array.from(remotes.values())) {
            if (!live.has(remote.runner)) yield* leave(remote)
          }
          for (const runner of parked.keys()) if (!live.has(runner)) parked.delete(runner)
          const now = yield* Clock.currentTimeMillis
          if (hosted?.state.handle.kind !== "regular" || hosted.state.members.size > 0) emptySince = undefined
          else if (emptySince === undefined) emptySince = now
          else if (now - emptySince >= Duration.toMillis(config.channelLifetime)) yield* remove
        })),
        Schedule.spaced("1 second")
      )
    )

    return ChannelEntity.of({
      Send: ({ payload }) =>
        serially(Effect.gen(function*() {
          const last = lastTicket.get(payload.runner) ?? 0
          if (payload.ticket < last) yield* Effect.logWarning(`cluster: batch ${payload.ticket} of ${payload.runner} after ${last} in ${key}`)
          lastTicket.set(payload.runner, payload.ticket)
          for (const item of payload.items) {
            yield* handleItem(payload.runner, item).pipe(
              Effect.catchCause((cause) => Effect.logError(`channel ${key}: an item failed`, cause))
            )
          }
          tell(payload.runner, { _tag: "Handled", ticket: payload.ticket })
        })),
      Subscribe: ({ payload }) =>
        Stream.unwrap(serially(Effect.gen(function*() {
          const { members, runner } = payload
          const queue = yield* Queue.unbounded<Delivery, Cause.Done>()
          const previous = subscribers.get(runner)
          if (previous !== undefined) Queue.endUnsafe(previous)
          yield* Effect.logDebug(`cluster: ${runner} subscribes to ${key} with ${members.length} member(s)`)
          if (hosted !== undefined) {
            // Who the runner says is in the channel is. (Not the reverse: after a crash the cluster sends the
            // same request again, with the members of when it was first made; a runner's users leave by `Depart`.)
            for (const member of members) {
              const user = yield* standIn(runner, member)
              if (hosted.state.members.get(user.key) !== user) ChannelState.addMember(hosted.state, user)
            }
            rulesSent = undefined
          }
          Queue.offerUnsafe(queue, { _tag: "Ready", incarnation, missed: missed.delete(runner) })
          Queue.offerAllUnsafe(queue, parked.get(runner) ?? [])
          parked.delete(runner)
          subscribers.set(runner, queue)
          return Stream.fromQueue(queue).pipe(
            Stream.ensuring(Effect.sync(() => {
              if (subscribers.get(runner) === queue) subscribers.delete(runner)
            }))
          )
        }))),
      Create: ({ payload }) =>
        serially(Effect.gen(function*() {
          if (hosted !== undefined) return "taken" as const
          const made = yield* host(payload.name, payload.kind, payload.registrant)
          yield* ChannelState.kept(made.state)
          return "created" as const
        })),
      Exists: () => Effect.sync(() => hosted !== undefined),
      Destroy: () => serially(hosted?.state.handle.kind === "primary" ? Effect.succeed(false) : remove),
      Disconnect: ({ payload }) =>
        serially(Effect.sync(() => {
          const user = users.get(nameKey(payload.name))
          if (user !== undefined) for (const connection of Array.from(user.connections)) connection.close("killed")
        }))
    })
  }),
  { concurrency: "unbounded", maxIdleTime: "1 hour" }
)
