/**
 * What outlives the process of a channel (regular channels and the primary
 * channel), in the store's `channels` collection: its name, registrant,
 * permission rules, pause, channel info, emotes and quiet list; in
 * `last_read`, its members' last-read marks; in `members`, since when each
 * registered member has been in it (backfill goes back that far). Members and their presence are
 * not kept: after a restart a channel starts empty, its history read back
 * from the store (backfill), and its lifetime counts from then.
 *
 * Written through: a step that changes a channel stores it before it
 * answers (`ChannelState.kept`). A row that cannot be read back is skipped
 * with a warning.
 *
 * @since 0.1.0
 */
import { isValidName, nameKey, printRules, printValue, readRules, readValue, type Value } from "@lichat/core"
import { Context, Effect, Layer, Result } from "effect"
import type { ChannelKeeper, ChannelState, Emote } from "../actors/ChannelState.ts"
import * as Records from "./Records.ts"
import { type Collection, Store, type StoreError, type StoreService } from "./Store.ts"

/** A channel as the store keeps it. */
export interface SavedChannel {
  readonly name: string
  readonly registrant: string
  /** The rule set as its printed `:permissions` list. */
  readonly rules: string
  readonly pause: number
  readonly info: ReadonlyArray<readonly [string, string]>
  readonly emotes: ReadonlyArray<Emote>
  readonly quiet: ReadonlyArray<string>
}

/** What a channel keeps across restarts. */
const snapshot = (state: ChannelState): SavedChannel => ({
  name: state.handle.name,
  registrant: state.registrant,
  rules: printValue(printRules(state.rules)),
  pause: state.pause,
  info: Array.from(state.info),
  emotes: Array.from(state.emotes.values()),
  quiet: Array.from(state.quiet)
})

/** Puts a saved channel's keeping into a freshly made channel. */
export const restore = (state: ChannelState, saved: SavedChannel): void => {
  const value = readValue(saved.rules)
  const rules = Result.isSuccess(value) ? readRules(value.success) : undefined
  if (rules !== undefined && Result.isSuccess(rules)) state.rules = rules.success
  state.pause = saved.pause
  for (const [key, text] of saved.info) state.info.set(key, text)
  for (const emote of saved.emotes) state.emotes.set(nameKey(emote.name), emote)
  for (const key of saved.quiet) state.quiet.add(key)
}

const isStringPair = (value: unknown): value is readonly [string, string] =>
  Array.isArray(value) && value.length === 2 && typeof value[0] === "string" && typeof value[1] === "string"
const isEmote = (value: unknown): value is Emote =>
  Records.isRecord(value) && typeof value["name"] === "string" && typeof value["contentType"] === "string" &&
  typeof value["payload"] === "string"

/** A saved channel from the JSON of its row; `undefined` when it is not one. */
export const decodeChannel = (json: string): SavedChannel | undefined => {
  const value = Records.parseRecord(json)
  if (value === undefined) return undefined
  const { name, registrant, rules, pause, info, emotes, quiet } = value
  if (
    typeof name !== "string" || !isValidName(name) || typeof registrant !== "string" || typeof rules !== "string" ||
    typeof pause !== "number" || !Array.isArray(info) || !info.every(isStringPair) || !Array.isArray(emotes) ||
    !emotes.every(isEmote) || !Array.isArray(quiet) || !quiet.every((q) => typeof q === "string")
  ) return undefined
  return { name, registrant, rules, pause, info, emotes, quiet }
}

/**
 * Fills a channel's freshly made backfill ring with the newest `limit`
 * entries of its stored history, so that backfill after a restart shows
 * what was said before it. A history that cannot be read is logged and
 * left out.
 */
export const restoreHistory = (store: StoreService, state: ChannelState, limit: number): Effect.Effect<void> =>
  Effect.gen(function*() {
    const ring = state.history
    if (ring === undefined) return
    for (const entry of yield* store.recent(state.handle.key, limit)) {
      state.seq++
      const fromKey = entry.from === "" ? undefined : nameKey(entry.from)
      ring.add({ seq: state.seq, clock: entry.clock, fromKey, isJoin: entry.kind === "join" }, entry.text + "\u0000")
    }
  }).pipe(Effect.catch((error) => Effect.logError(`${error.store}: the history of ${state.handle.name} was not read: ${error.message}`)))

/** A member's last-read mark as the store keeps it. */
interface SavedMark {
  /** The update id, printed. */
  readonly id: string
  readonly author: string
}

const markKey = (channelKey: string, userKey: string) => `${channelKey}\u0000${userKey}`

/** The channel keeper's interface. */
export interface Keeper extends ChannelKeeper {
  /** The channels kept when the server last ran. */
  readonly saved: ReadonlyArray<SavedChannel>
  /** Puts the kept last-read marks and memberships of a channel into its freshly made state. */
  readonly restoreMarks: (state: ChannelState) => void
  /**
   * Puts the marks and memberships the store holds now into a channel's
   * state, and forgets what was last written of it: another node may have
   * written since (a channel hosted in a cluster moves between runners).
   */
  readonly reload: (state: ChannelState) => Effect.Effect<void>
  /** Forgets a channel and its marks; a failure is logged. */
  readonly remove: (key: string) => Effect.Effect<void>
}

/** Logs a failed write: the server goes on with what it holds in memory. */
const logged = (what: string) => (effect: Effect.Effect<void, StoreError>): Effect.Effect<void> =>
  Effect.catch(effect, (error) => Effect.logError(`${error.store}: could not ${what}: ${error.message}`))

/**
 * The rows of a collection keyed `channel NUL user` (`markKey`), decoded by
 * `decode`, by channel key then user key; rows that do not decode are left out.
 */
const perMember = <A>(store: StoreService, collection: Collection, decode: (row: Record<string, unknown>) => A | undefined) =>
  Effect.map(store.all(collection), (rows) => {
    const byChannel = new Map<string, Map<string, A>>()
    for (const [key, json] of rows) {
      const [channelKey, userKey] = key.split("\u0000")
      const row = Records.parseRecord(json)
      const value = row === undefined ? undefined : decode(row)
      if (channelKey === undefined || userKey === undefined || value === undefined) continue
      let members = byChannel.get(channelKey)
      if (members === undefined) byChannel.set(channelKey, members = new Map())
      members.set(userKey, value)
    }
    return byChannel
  })

const decodeSince = (row: Record<string, unknown>) => typeof row["since"] === "number" ? row["since"] : undefined

const decodeMark = (row: Record<string, unknown>): readonly [Value, string] | undefined => {
  const id = typeof row["id"] === "string" ? readValue(row["id"]) : undefined
  return id === undefined || Result.isFailure(id) || typeof row["author"] !== "string" ? undefined : [id.success, row["author"]]
}

const make = (store: StoreService) =>
  Effect.gen(function*() {
    const rows = yield* store.all("channels")
    const saved: Array<SavedChannel> = []
    const unreadable: Array<string> = []
    for (const [key, json] of rows) {
      const channel = decodeChannel(json)
      if (channel === undefined) unreadable.push(key)
      else saved.push(channel)
    }
    if (unreadable.length > 0) {
      yield* Effect.logWarning(`${store.describe}: skipped ${unreadable.length} unreadable channel(s): ${unreadable.join(", ")}`)
    }
    const since = yield* perMember(store, "members", decodeSince)
    const marks = yield* perMember(store, "last_read", decodeMark)
    /** The JSON last written per channel key, so that an unchanged channel is not written again. */
    const written = new Map(rows)
    const keeper: Keeper = {
      saved,
      restoreMarks: (state) => {
        for (const [userKey, mark] of marks.get(state.handle.key) ?? []) state.lastRead.set(userKey, mark)
        for (const [userKey, member] of since.get(state.handle.key) ?? []) state.memberSince.set(userKey, member)
        marks.delete(state.handle.key)
        since.delete(state.handle.key)
      },
      reload: (state) =>
        Effect.gen(function*() {
          const key = state.handle.key
          written.delete(key)
          const marksNow = yield* perMember(store, "last_read", decodeMark)
          const sinceNow = yield* perMember(store, "members", decodeSince)
          for (const [userKey, mark] of marksNow.get(key) ?? []) state.lastRead.set(userKey, mark)
          for (const [userKey, member] of sinceNow.get(key) ?? []) state.memberSince.set(userKey, member)
        }).pipe(logged(`read the marks of ${state.handle.name}`)),
      save: (state) =>
        Effect.suspend(() => {
          const key = state.handle.key
          const json = JSON.stringify(snapshot(state))
          if (written.get(key) === json) return Effect.void
          return store.put("channels", key, json).pipe(
            Effect.tap(() => Effect.sync(() => written.set(key, json))),
            logged(`store the channel ${state.handle.name}`)
          )
        }),
      saveLastRead: (state, userKey) =>
        Effect.suspend(() => {
          const mark = state.lastRead.get(userKey)
          if (mark === undefined) return Effect.void
          const saved: SavedMark = { id: printValue(mark[0]), author: mark[1] }
          return logged(`store a last-read mark in ${state.handle.name}`)(
            store.put("last_read", markKey(state.handle.key, userKey), JSON.stringify(saved))
          )
        }),
      saveMember: (state, userKey) =>
        Effect.suspend(() => {
          const member = state.memberSince.get(userKey)
          const key = markKey(state.handle.key, userKey)
          return logged(`store a membership of ${state.handle.name}`)(
            member === undefined ? store.remove("members", key) : store.put("members", key, JSON.stringify({ since: member }))
          )
        }),
      remove: (key) =>
        Effect.suspend(() => {
          written.delete(key)
          return logged(`remove the channel ${key}`)(
            Effect.all([
              store.remove("channels", key),
              store.removePrefix("last_read", markKey(key, "")),
              store.removePrefix("members", markKey(key, ""))
            ], { discard: true })
          )
        })
    }
    return keeper
  })

/** The channel keeper service. */
export class StoredChannels extends Context.Service<StoredChannels, Keeper>()("@lichat/server/StoredChannels") {
  /** Channels kept in the `Store`. */
  static readonly layer: Layer.Layer<StoredChannels, StoreError, Store> = Layer.effect(
    StoredChannels,
    Effect.flatMap(Effect.service(Store), make)
  )
}
