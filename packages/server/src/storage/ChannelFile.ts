/**
 * Regular channels kept in the state file (the `stateFile` option, beside
 * the profiles of ProfileFile.ts), so that they outlive the process: each
 * channel's name, registrant, permission rules, pause, channel info, emotes
 * and quiet list. Members, backfill and last-read marks are not kept: after
 * a restart a channel starts empty, and its lifetime counts from then.
 *
 * The registry saves every regular channel that changed every 30 seconds
 * and when it stops (a crash loses at most that long of changes), removes a
 * channel's row when the channel goes, and restores the saved channels at
 * start. A row that cannot be read back is skipped with a warning.
 *
 * @since 0.1.0
 */
import { isValidName, nameKey, printRules, printValue, readRules, readValue } from "@lichat/core"
import { Context, Duration, Effect, Layer, Result } from "effect"
import type { ChannelState, Emote } from "../actors/ChannelState.ts"
import { ServerConfig } from "../config/ServerConfig.ts"
import { StateFileError } from "./ProfileFile.ts"
import * as SqliteFile from "./SqliteFile.ts"

/** How often the registry saves the channels that changed. */
export const saveInterval = Duration.seconds(30)

/** A regular channel as the state file keeps it. */
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
export const snapshot = (state: ChannelState): SavedChannel => ({
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
  SqliteFile.isRecord(value) && typeof value["name"] === "string" && typeof value["contentType"] === "string" &&
  typeof value["payload"] === "string"

/** A saved channel from the JSON of its row; `undefined` when it is not one. */
export const decodeChannel = (json: string): SavedChannel | undefined => {
  const value = SqliteFile.parseRecord(json)
  if (value === undefined) return undefined
  const { name, registrant, rules, pause, info, emotes, quiet } = value
  if (
    typeof name !== "string" || !isValidName(name) || typeof registrant !== "string" || typeof rules !== "string" ||
    typeof pause !== "number" || !Array.isArray(info) || !info.every(isStringPair) || !Array.isArray(emotes) ||
    !emotes.every(isEmote) || !Array.isArray(quiet) || !quiet.every((q) => typeof q === "string")
  ) return undefined
  return { name, registrant, rules, pause, info, emotes, quiet }
}

/** The channel keeper's interface. */
export interface Keeper {
  /** Whether channels are kept (a state file is configured). */
  readonly enabled: boolean
  /** The channels saved when the server last ran. */
  readonly saved: ReadonlyArray<SavedChannel>
  /** Saves a channel, if it changed since it was last saved; a failure is logged. */
  readonly save: (key: string, channel: SavedChannel) => Effect.Effect<void>
  /** Forgets a channel; a failure is logged. */
  readonly remove: (key: string) => Effect.Effect<void>
}

const none: Keeper = { enabled: false, saved: [], save: () => Effect.void, remove: () => Effect.void }

const schema = ["CREATE TABLE IF NOT EXISTS channels (key TEXT PRIMARY KEY, channel TEXT NOT NULL)"]

const inFile = (path: string) =>
  Effect.gen(function*() {
    const db = yield* SqliteFile.acquire(path, schema, (message) => new StateFileError({ path, message }))
    const rows = yield* SqliteFile.loadRows(db, {
      label: `state file ${path}`,
      table: "channels",
      column: "channel",
      noun: "channel",
      decode: decodeChannel,
      onError: (message) => new StateFileError({ path, message })
    })
    /** The JSON last written per channel key, so that unchanged channels are not written again. */
    const written = new Map(rows.map((row): [string, string] => [row.key, row.json]))
    const saved = rows.map((row) => row.value)
    const upsert = db.prepare(
      "INSERT INTO channels (key, channel) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET channel = excluded.channel"
    )
    const forget = db.prepare("DELETE FROM channels WHERE key = ?")
    // A failed save is tried again at the next one: `written` keeps the old JSON.
    const write = (what: string, run: () => void) => SqliteFile.write(`state file ${path}`, what, run)
    return {
      enabled: true,
      saved,
      save: (key, channel) =>
        Effect.suspend(() => {
          const json = JSON.stringify(channel)
          if (written.get(key) === json) return Effect.void
          return write(`save the channel ${channel.name}`, () => {
            upsert.run(key, json)
            written.set(key, json)
          })
        }),
      remove: (key) =>
        Effect.suspend(() => written.delete(key) ? write(`remove the channel ${key}`, () => void forget.run(key)) : Effect.void)
    } satisfies Keeper
  })

/** The channel keeper service. */
export class ChannelFile extends Context.Service<ChannelFile, Keeper>()("@lichat/server/ChannelFile") {
  /** Channels kept nowhere: they last as long as the process. */
  static readonly layerNone: Layer.Layer<ChannelFile> = Layer.succeed(ChannelFile, none)

  /** Channels kept in the state file at `path`. */
  static readonly layerFile = (path: string): Layer.Layer<ChannelFile, StateFileError> => Layer.effect(ChannelFile, inFile(path))

  /** The keeper the configuration asks for: the `stateFile`, or none. */
  static readonly layerFromConfig: Layer.Layer<ChannelFile, StateFileError, ServerConfig> = Layer.unwrap(
    Effect.map(
      Effect.service(ServerConfig),
      (config) => config.stateFile === "" ? ChannelFile.layerNone : ChannelFile.layerFile(config.stateFile)
    )
  )
}
