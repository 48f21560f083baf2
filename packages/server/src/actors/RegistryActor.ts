/**
 * The registry's actor and its layer: starts the registry, the server
 * user, the primary channel (and the channels kept from the last run) and
 * the expiry sweep. Each channel actor runs in a scope forked from the
 * registry's, closed when the channel goes away.
 *
 * @since 0.1.0
 */
import { nameKey, type RuleSet, readRules, readValue } from "@lichat/core"
import { Clock, Context, Duration, Effect, Exit, Layer, Option, Result, Schedule, Scope } from "effect"
import { kindOf } from "../cluster/ChannelHost.ts"
import { ClusterMode } from "../cluster/Cluster.ts"
import { ServerConfig } from "../config/ServerConfig.ts"
import type { HandlerServices } from "../connection/Session.ts"
import * as Extensions from "../extensions/Extensions.ts"
import * as EmoteFiles from "../extensions/emotes/emoteFiles.ts"
import { addBan } from "../extensions/ip/ipBan.ts"
import { liftBans } from "../extensions/ip/ipUnban.ts"
import { LinkStore } from "../extensions/link/link.ts"
import { channelSteps } from "../handlers/index.ts"
import { Handshakes } from "../limits/Admission.ts"
import { LoginThrottle } from "../limits/LoginThrottle.ts"
import { RateWindow } from "../limits/RateWindow.ts"
import type { ChannelHandle, ChannelKind, ConnectionHandle, User } from "../Model.ts"
import * as Operators from "../storage/Operators.ts"
import { ProfileStore } from "../storage/ProfileStore.ts"
import * as Retention from "../storage/Retention.ts"
import { Store, type StoreError, type StoreService } from "../storage/Store.ts"
import * as StoredBans from "../storage/StoredBans.ts"
import * as StoredChannels from "../storage/StoredChannels.ts"
import * as Actor from "./Actor.ts"
import * as Channel from "./Channel.ts"
import * as ChannelState from "./ChannelState.ts"
import * as Expiry from "./Expiry.ts"
import * as Presence from "./Presence.ts"
import { Registry, type RegistryState } from "./Registry.ts"
import type { CreateChannel, RegistryMessage } from "./RegistryProtocol.ts"

/** The regular channels the store keeps, and the primary one, with their rules (a cluster's `channels`). */
const storedChannels = (
  store: StoreService,
  serverName: string,
  defaults: (kind: ChannelKind, registrant: string) => RuleSet
) =>
  Effect.gen(function*() {
    const primaryKey = nameKey(serverName)
    const listed = [{ name: serverName, key: primaryKey, rules: defaults("primary", serverName) }]
    for (const [key, json] of yield* store.all("channels")) {
      const saved = StoredChannels.decodeChannel(json)
      const value = saved === undefined ? undefined : readValue(saved.rules)
      const rules = value !== undefined && Result.isSuccess(value) ? readRules(value.success) : undefined
      if (saved === undefined || rules === undefined || Result.isFailure(rules)) continue
      if (key === primaryKey) listed[0] = { name: serverName, key, rules: rules.success }
      else listed.push({ name: saved.name, key, rules: rules.success })
    }
    return listed
  }).pipe(Effect.catch((error) => Effect.as(Effect.logError(`channels could not be listed: ${error.message}`), [])))

/** The blacklists as the store has them now (in a cluster, another runner may have changed them). */
const refreshBans = (store: StoreService, state: RegistryState) =>
  Effect.gen(function*() {
    const names = yield* StoredBans.loadNames(store)
    const addresses = yield* StoredBans.loadAddresses(store)
    state.blacklist.clear()
    for (const name of names) state.blacklist.add(name)
    state.ipBlacklist.splice(0, state.ipBlacklist.length, ...addresses)
  }).pipe(Effect.catch((error) => Effect.logWarning(`the blacklists were not read again: ${error.message}`)))


/** Starts the registry, the server user, the primary channel and the expiry sweep. */
export const layer: Layer.Layer<
  Registry,
  StoreError,
  ServerConfig | ProfileStore | LinkStore | Store | StoredChannels.StoredChannels
> = Layer.effect(
  Registry,
  Effect.gen(function*() {
    const config = yield* ServerConfig
    const links = yield* LinkStore
    const store = yield* Store
    yield* Effect.logInfo(`storage: ${store.describe}`)
    const keeper = yield* StoredChannels.StoredChannels
    const recorded = Extensions.isEnabled(config, "shirakumo-history") || Extensions.isEnabled(config, "shirakumo-backfill")
    const scope = yield* Effect.scope
    const services = yield* Effect.context<ServerConfig | ProfileStore | LinkStore>()
    // Channel actors run with every handler service, the registry
    // included; set below, once the service exists, before any channel.
    let channelContext: Context.Context<HandlerServices> | undefined
    const state: RegistryState = {
      users: new Map(),
      channels: new Map(),
      connections: 0,
      handshaking: new Handshakes(),
      logins: new LoginThrottle(),
      creations: new RateWindow(config.channelCreations, Duration.toMillis(config.channelCreationWindow)),
      blacklist: yield* StoredBans.loadNames(store),
      ipBlacklist: yield* StoredBans.loadAddresses(store),
      emptySince: new Map()
    }
    let lastId = 0
    const nextId = () => ++lastId

    const historyLimit = Extensions.isEnabled(config, "shirakumo-backfill") ? config.backfillLimit : 0
    const rulesFor = (kind: ChannelKind, registrant: string) => Channel.rulesFor(config, kind, registrant)

    const createChannel = Effect.fnUntraced(function*(options: {
      readonly name: string
      readonly kind: ChannelKind
      readonly registrant: string
    }) {
      const key = nameKey(options.name)
      const context = channelContext
      if (context === undefined) return yield* Effect.die(new Error("a channel made before the registry"))
      const channelScope = yield* Scope.fork(scope, "sequential")
      const { handle, state: channelState } = yield* Channel.make({
        name: options.name,
        key,
        kind: options.kind,
        registrant: options.registrant,
        rules: rulesFor(options.kind, options.registrant),
        historyLimit,
        // Anonymous channels are private and short-lived: nothing of them is stored.
        record: recorded && options.kind !== "anonymous" ? (entry) => store.append(key, entry) : undefined,
        keeper: options.kind === "anonymous" ? ChannelState.keepsNothing : keeper,
        steps: channelSteps
      }).pipe(Scope.provide(channelScope), Effect.provideContext(context))
      state.channels.set(key, { handle, state: channelState, scope: channelScope })
      return handle
    })

    const removeChannel = (key: string) =>
      Effect.suspend(() => {
        const entry = state.channels.get(key)
        if (entry === undefined) return Effect.void
        state.channels.delete(key)
        // A channel made later under this name starts its own lifetime.
        state.emptySince.delete(key)
        for (const user of entry.state.members.values()) ChannelState.removeMember(entry.state, user)
        return Scope.close(entry.scope, Exit.void).pipe(
          Effect.andThen(links.removeChannel(key)),
          Effect.andThen(Effect.catch(store.removeHistory(key), (error) => Effect.logError(error.message))),
          Effect.andThen(keeper.remove(key))
        )
      })

    const serverUser: User = {
      name: config.name,
      key: nameKey(config.name),
      connections: new Set<ConnectionHandle>(),
      channels: new Map(),
      registered: true,
      blocked: new Set()
    }
    state.users.set(serverUser.key, serverUser)
    let primary: ChannelHandle | undefined

    // In a cluster, channels are entities reached through handles (cluster/RemoteChannels.ts).
    const cluster = Option.getOrUndefined(yield* Effect.serviceOption(ClusterMode))
    const remote = cluster === undefined ? undefined : yield* cluster.channels({
      localUser: (name) => state.users.get(nameKey(name)),
      localUsers: () => state.users.values()
    })

    /** A user's new channel, within its creation quota (`CreateChannel`). */
    const create = ({ creator, kind, name }: CreateChannel) =>
      Effect.gen(function*() {
        const now = yield* Clock.currentTimeMillis
        const wait = state.creations.wait(creator.key, now)
        if (wait > 0) return { wait }
        if (state.channels.has(nameKey(name))) return "taken" as const
        state.creations.record(creator.key, now)
        if (remote !== undefined) {
          // The channel's entity makes it, stored, unless it exists anywhere in the cluster.
          if ((yield* remote.create(name, kind, creator.name)) === "taken") return "taken" as const
          return remote.handle(name, kind)
        }
        const handle = yield* createChannel({ name, kind, registrant: creator.name })
        // Stored before the creator hears of it.
        const entry = state.channels.get(handle.key)
        if (entry !== undefined) yield* ChannelState.kept(entry.state)
        return handle
      })

    // The registry's protocol, one handler per message (RegistryProtocol.ts).
    const handlers: Actor.Handlers<RegistryMessage, never> = {
      Admit: ({ connection }) =>
        Effect.sync(() => {
          const admitted = state.handshaking.admit(connection, config.handshakeLimit, config.handshakesPerAddress)
          if (admitted._tag === "Admitted") state.connections++
          return admitted
        }),
      Spoke: ({ connection }) => Effect.sync(() => state.handshaking.spoke(connection)),
      HandshakeDone: ({ connection }) => Effect.sync(() => state.handshaking.done(connection)),
      Release: ({ connection }) =>
        Effect.sync(() => {
          state.connections--
          state.handshaking.done(connection)
        }),
      LoginEvent: ({ address, event, name, now }) =>
        Effect.sync(() => {
          if (event === "started") state.logins.start(name, address)
          else if (event === "succeeded") state.logins.succeeded(name, address)
          else state.logins.failed(name, address, now)
        }),
      Claim: (message) =>
        cluster === undefined || state.users.has(message.arrival.key)
          ? Effect.sync(() => Presence.claim(state, message))
          : Effect.flatMap(
            cluster.runners.claim(message.arrival.key).pipe(
              Effect.catch((error) => Effect.as(Effect.logError(`cluster: a name claim failed: ${error.message}`), false))
            ),
            (claimed) => claimed ? Effect.sync(() => Presence.claim(state, message)) : Effect.succeed("taken" as const)
          ),
      Detach: (message) =>
        Presence.release(state, service, message).pipe(
          Effect.andThen(Effect.suspend(() => {
            if (cluster === undefined || remote === undefined) return Effect.void
            remote.forget(message.connection)
            if (state.users.has(message.user.key)) return Effect.void
            return cluster.runners.release(message.user.key).pipe(
              Effect.catch((error) => Effect.logWarning(`cluster: a name was not given back: ${error.message}`))
            )
          }))
        ),
      CreateChannel: create,
      RemoveChannel: ({ key }) => removeChannel(key),
      SweepChannels: (message) => Expiry.sweepChannels(state, message, removeChannel),
      SetNameBan: ({ banned, key }) =>
        Effect.suspend(() => {
          if (banned) state.blacklist.add(key)
          else state.blacklist.delete(key)
          return StoredBans.saveName(store, key, banned)
        }),
      BanAddress: (message) =>
        Effect.suspend(() => {
          const before = Array.from(state.ipBlacklist)
          const result = addBan(state.ipBlacklist, message)
          return Effect.as(StoredBans.saveAddresses(store, before, state.ipBlacklist), result)
        }),
      UnbanAddress: (message) =>
        Effect.suspend(() => {
          const before = Array.from(state.ipBlacklist)
          const result = liftBans(state.ipBlacklist, message)
          return Effect.as(StoredBans.saveAddresses(store, before, state.ipBlacklist), result)
        })
    }
    const actor = yield* Actor.make<RegistryMessage, never>({ name: "registry", capacity: 4096, handle: Actor.byTag(handlers) })

    const service = Registry.of({
      serverName: config.name,
      serverUser,
      get primary() {
        if (primary === undefined) throw new Error("the primary channel is made when the registry starts")
        return primary
      },
      state,
      findUser: (name) => state.users.get(nameKey(name)),
      findChannel: (name) => state.channels.get(nameKey(name))?.handle ?? remote?.known(name),
      rulesOf: (channel) => state.channels.get(channel.key)?.state.rules ?? remote?.rulesOf(channel),
      lookupChannel: remote === undefined ? undefined : (name) =>
        Effect.map(remote.exists(name), (exists) => exists ? remote.handle(name, kindOf(config.name, name)) : undefined),
      disconnectElsewhere: remote === undefined ? undefined : (name) => remote.disconnect(config.name, name),
      destroyChannel: remote === undefined ? undefined : (channel) => Effect.asVoid(remote.destroy(channel.name)),
      listChannels: remote === undefined ? undefined : storedChannels(store, config.name, rulesFor),
      lookupUser: cluster === undefined ? undefined : (name) =>
        cluster.runners.held(nameKey(name)).pipe(
          Effect.map((held) => held ? Presence.absentUser(name) : undefined),
          Effect.catch(() => Effect.succeed(undefined))
        ),
      call: actor.call,
      nextId,
      store
    })
    channelContext = Context.add(services, Registry, service)
    if (remote !== undefined) {
      // The primary channel and the kept ones live as entities; their hosts read what the store keeps.
      primary = remote.handle(config.name, "primary")
      // Bans made on other runners hold here within two seconds.
      yield* Effect.forkScoped(Effect.repeat(refreshBans(store, state), Schedule.spaced("2 seconds")))
      yield* Effect.forkScoped(Retention.run(store, config))
      yield* Operators.warnUnprovisioned
      // Profiles expire as on one server; each channel's host expires its channel.
      yield* Effect.forkScoped(Expiry.run(service))
      return service
    }
    primary = yield* createChannel({ name: config.name, kind: "primary", registrant: config.name })
    // The channels kept from the last run (the primary one's rules and info among them), with their history.
    for (const saved of keeper.saved) {
      const key = nameKey(saved.name)
      if (key !== primary.key && state.channels.has(key)) continue
      if (key !== primary.key) yield* createChannel({ name: saved.name, kind: "regular", registrant: saved.registrant })
      const entry = state.channels.get(key)
      if (entry !== undefined) StoredChannels.restore(entry.state, saved)
    }
    if (keeper.saved.length > 0) yield* Effect.logInfo(`${state.channels.size - 1} channel(s) restored`)
    // The history of channels that did not outlive the last run goes; the rest fills the backfill rings.
    yield* store.retainHistory(Array.from(state.channels.keys()))
    for (const entry of state.channels.values()) {
      keeper.restoreMarks(entry.state)
      if (historyLimit > 0) yield* StoredChannels.restoreHistory(store, entry.state, historyLimit)
    }
    yield* Effect.forkScoped(Retention.run(store, config))
    yield* Operators.warnUnprovisioned
    const primaryState = state.channels.get(primary.key)?.state
    if (primaryState === undefined) return yield* Effect.die(new Error("the primary channel was not registered"))
    ChannelState.addMember(primaryState, serverUser)
    if (config.emotesDir !== "" && Extensions.isEnabled(config, "shirakumo-emotes")) {
      for (const emote of yield* EmoteFiles.load(config.emotesDir, config.maxImageSize, config.maxEmotes)) {
        primaryState.emotes.set(nameKey(emote.name), emote)
      }
      yield* Effect.logInfo(`${primaryState.emotes.size} server emotes loaded from ${config.emotesDir}`)
    }
    yield* Effect.forkScoped(Expiry.run(service))
    return service
  })
)
