/**
 * The registry actor: the server's directory of users and channels. It owns
 * the user table, the channel directory, the connection count, and the
 * life of every channel actor (each runs in a scope the registry forks from
 * its own, closed when the channel goes away).
 *
 * Changes go through its mailbox (`exec`), one at a time, so that claiming
 * a name, creating a channel or counting a connection is atomic. Lookups
 * (`findUser`, `findChannel`) read the tables directly: they are plain maps
 * that only the registry's fiber changes, one synchronous step at a time.
 *
 * Rule of waiting: code running in the registry may wait on a channel actor
 * (never the reverse); connections may wait on both. With that order there
 * is no cycle of waits and so no deadlock.
 *
 * @since 0.1.0
 */
import {
  anonymousChannelRules,
  nameKey,
  primaryChannelRules,
  regularChannelRules,
  type RuleSet
} from "@lichat/core"
import { Context, Duration, Effect, Exit, Layer, Schedule, Scope } from "effect"
import * as Actor from "./Actor.ts"
import { Handshakes } from "../limits/Admission.ts"
import { LoginThrottle } from "../limits/LoginThrottle.ts"
import { RateWindow } from "../limits/RateWindow.ts"
import * as Channel from "./Channel.ts"
import * as ChannelFile from "../storage/ChannelFile.ts"
import type { ChannelHandle, ChannelKind, ConnectionHandle, User } from "../Model.ts"
import * as Expiry from "./Expiry.ts"
import * as Extensions from "../extensions/Extensions.ts"
import * as EmoteFiles from "../extensions/emotes/emoteFiles.ts"
import { LinkStore } from "../extensions/link/link.ts"
import { type Archive, type Kept, MessageArchive } from "../storage/MessageArchive.ts"
import { ProfileStore } from "../storage/ProfileStore.ts"
import { ServerConfig } from "../config/ServerConfig.ts"
import type { HandlerServices } from "../connection/Session.ts"

/** A channel known to the registry. */
interface ChannelEntry {
  readonly handle: ChannelHandle
  /** The actor's state, read by the registry only for sweeping expired channels. */
  readonly state: Channel.ChannelState
  readonly scope: Scope.Closeable
}

/** What the registry owns. Only code running in its actor mutates it. */
export interface RegistryState {
  readonly users: Map<string, User>
  readonly channels: Map<string, ChannelEntry>
  /** Open connections, counted from the moment the socket is accepted. */
  connections: number
  /** The connections still in their handshake (Admission.ts). */
  readonly handshaking: Handshakes
  /** Failed logins by name and address (LoginThrottle.ts). */
  readonly logins: LoginThrottle
  /** Channels created by each user (by key) within `channelCreationWindow`. */
  readonly creations: RateWindow
  /** Banned user names, by key (shirakumo-server-management). */
  readonly blacklist: Set<string>
  /** Banned addresses with their masks (shirakumo-ip). */
  readonly ipBlacklist: Array<IpBan>
}

/** One entry of the IP blacklist: an address and a mask, both as 16-byte IPv6. */
export interface IpBan {
  readonly ip: Uint8Array
  readonly mask: Uint8Array
}

/** The registry's interface. */
export interface RegistryService {
  /** The server's name, its user's and its primary channel's. */
  readonly serverName: string
  /** The server's own user. */
  readonly serverUser: User
  /** The primary channel. */
  readonly primary: ChannelHandle
  /** The registry's state, for reading. */
  readonly state: RegistryState
  /** Looks a present user up by name, case-insensitively. */
  readonly findUser: (name: string) => User | undefined
  /** Looks a channel up by name, case-insensitively. */
  readonly findChannel: (name: string) => ChannelHandle | undefined
  /** A channel's current rule set (an immutable value its actor replaces whole). */
  readonly rulesOf: (channel: ChannelHandle) => RuleSet | undefined
  /** Runs `f` inside the registry's actor and waits for its result. */
  readonly exec: <A, E = never>(
    f: (state: RegistryState) => Effect.Effect<A, E>
  ) => Effect.Effect<A, E | Actor.ActorStopped>
  /**
   * Creates a channel actor and enters it in the directory. Must run inside
   * `exec` (it changes the directory).
   */
  readonly createChannel: (options: {
    readonly name: string
    readonly kind: ChannelKind
    readonly registrant: string
  }) => Effect.Effect<ChannelHandle>
  /** Stops a channel actor and removes it from the directory. Must run inside `exec`. */
  readonly removeChannel: (key: string) => Effect.Effect<void>
  /** A fresh id for an update the server originates. */
  readonly nextId: () => number
  /** The kept messages of the channels, for search (shirakumo-history). */
  readonly archive: Archive
}

/** The registry service. */
export class Registry extends Context.Service<Registry, RegistryService>()("@lichat/server/Registry") {
  /** Starts the registry, the server user, the primary channel and the expiry sweep. */
  static readonly layer: Layer.Layer<
    Registry,
    never,
    ServerConfig | ProfileStore | LinkStore | MessageArchive | ChannelFile.ChannelFile
  > = Layer.effect(
    Registry,
    Effect.gen(function*() {
      const config = yield* ServerConfig
      const links = yield* LinkStore
      const archive = yield* MessageArchive
      const keeper = yield* ChannelFile.ChannelFile
      const searchable = archive.enabled && Extensions.isEnabled(config, "shirakumo-history")
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
        blacklist: new Set(),
        ipBlacklist: []
      }
      let lastId = 0
      const nextId = () => ++lastId
      const actor = yield* Actor.makeStateful({ name: "registry", capacity: 4096, state })

      const tables = Extensions.ruleTables(config)
      const historyLimit = Extensions.isEnabled(config, "shirakumo-backfill") ? config.backfillLimit : 0
      const rulesFor = (kind: ChannelKind, registrant: string) =>
        kind === "primary"
          ? primaryChannelRules(registrant, tables)
          : kind === "regular"
          ? regularChannelRules(registrant, tables)
          : anonymousChannelRules(registrant, tables)

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
          archive: searchable ? (message: Kept) => archive.record(key, message) : undefined
        }).pipe(Scope.provide(channelScope), Effect.provideContext(context))
        state.channels.set(key, { handle, state: channelState, scope: channelScope })
        return handle
      })

      const removeChannel = (key: string) =>
        Effect.suspend(() => {
          const entry = state.channels.get(key)
          if (entry === undefined) return Effect.void
          state.channels.delete(key)
          for (const user of entry.state.members.values()) Channel.removeMember(entry.state, user)
          return Scope.close(entry.scope, Exit.void).pipe(
            Effect.andThen(links.removeChannel(key)),
            Effect.andThen(archive.removeChannel(key)),
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

      const exec = <A, E = never>(f: (state: RegistryState) => Effect.Effect<A, E>) => Actor.exec(actor, f)

      const service = Registry.of({
        serverName: config.name,
        serverUser,
        get primary() {
          if (primary === undefined) throw new Error("the primary channel is made when the registry starts")
          return primary
        },
        state,
        findUser: (name) => state.users.get(nameKey(name)),
        findChannel: (name) => state.channels.get(nameKey(name))?.handle,
        rulesOf: (channel) => state.channels.get(channel.key)?.state.rules,
        exec,
        createChannel,
        removeChannel,
        nextId,
        archive
      })
      channelContext = Context.add(services, Registry, service)
      primary = yield* createChannel({ name: config.name, kind: "primary", registrant: config.name })
      // The regular channels kept in the state file from the last run.
      for (const saved of keeper.saved) {
        if (state.channels.has(nameKey(saved.name))) continue
        const handle = yield* createChannel({ name: saved.name, kind: "regular", registrant: saved.registrant })
        const entry = state.channels.get(handle.key)
        if (entry !== undefined) ChannelFile.restore(entry.state, saved)
      }
      if (keeper.saved.length > 0) yield* Effect.logInfo(`${state.channels.size - 1} channel(s) restored`)
      // Messages of channels that did not outlive the last run go.
      yield* archive.keepOnly(Array.from(state.channels.keys()))
      const saveChannels = Effect.suspend(() =>
        Effect.forEach(
          Array.from(state.channels).filter(([, entry]) => entry.handle.kind === "regular"),
          ([key, entry]) => keeper.save(key, ChannelFile.snapshot(entry.state)),
          { discard: true }
        )
      )
      if (keeper.enabled) {
        yield* Effect.forkScoped(Effect.repeat(saveChannels, Schedule.spaced(ChannelFile.saveInterval)))
        yield* Effect.addFinalizer(() => saveChannels)
      }
      const primaryState = state.channels.get(primary.key)?.state
      if (primaryState === undefined) return yield* Effect.die(new Error("the primary channel was not registered"))
      Channel.addMember(primaryState, serverUser)
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
}
