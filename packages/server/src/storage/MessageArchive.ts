/**
 * The archive of channel messages behind shirakumo-history (search): every
 * `message` distributed in a channel is kept, as its wire text, in a SQLite
 * file (`node:sqlite`) given by the `historyFile` option, for as long as
 * the channel lives; a channel that goes (expiry, `destroy`) takes its
 * messages with it. At start only the messages of the channels that
 * outlived the last run are kept (the primary channel, and with a state
 * file the regular channels kept there): a channel created later under an
 * old name does not show its predecessor's messages. The file keeps the
 * messages out of memory. Without the option there is no archive and the
 * extension is off.
 *
 * Recording runs inside the channel actor as the message is distributed,
 * so it is synchronous and never fails the message: a write that fails is
 * counted, and the count with the last error is logged once a minute.
 *
 * @since 0.1.0
 */
import { Context, Data, Effect, Layer, Schedule, type Scope } from "effect"
import { ServerConfig } from "../config/ServerConfig.ts"
import * as SqliteFile from "./SqliteFile.ts"

/** The history file could not be opened or created. */
export class HistoryFileError extends Data.TaggedError("HistoryFileError")<{
  readonly path: string
  readonly message: string
}> {}

/** A message as the archive keeps it. */
export interface Kept {
  readonly clock: number
  /** The sender's name. */
  readonly from: string
  /** The message text. */
  readonly body: string
  /** The whole update's wire text, without the NUL. */
  readonly text: string
}

/**
 * What the archive itself filters on: a clock range, and for the sender
 * and the text a list of SQL `LIKE` patterns (with `\` as the escape) over
 * their lower-case forms, at least one of which must match; an empty list
 * matches anything.
 */
export interface Filter {
  readonly from: number
  readonly to: number
  readonly senders: ReadonlyArray<string>
  readonly bodies: ReadonlyArray<string>
}

/** The archive's interface. */
export interface Archive {
  /** Whether messages are kept (a history file is configured). */
  readonly enabled: boolean
  /** Keeps a message of a channel. */
  readonly record: (channelKey: string, message: Kept) => void
  /** The wire texts of a channel's kept messages that pass `filter`, oldest first, read lazily. */
  readonly scan: (channelKey: string, filter: Filter) => Iterable<string>
  /** Forgets every message of a channel. */
  readonly removeChannel: (channelKey: string) => Effect.Effect<void>
  /** Forgets the messages of every channel but these (at start: those that did not outlive the last run). */
  readonly keepOnly: (channelKeys: ReadonlyArray<string>) => Effect.Effect<void>
}

const schema = [
  "CREATE TABLE IF NOT EXISTS messages (seq INTEGER PRIMARY KEY AUTOINCREMENT, channel TEXT NOT NULL, " +
  "clock INTEGER NOT NULL, sender TEXT NOT NULL, body TEXT NOT NULL, text TEXT NOT NULL)",
  "CREATE INDEX IF NOT EXISTS messages_by_channel ON messages (channel, clock, seq)"
]

/** No archive: nothing is kept, and search is off. */
const none: Archive = {
  enabled: false,
  record: () => {},
  scan: () => [],
  removeChannel: () => Effect.void,
  keepOnly: () => Effect.void
}

/** The archive in the SQLite file at `path` (created, with its directory, when missing). */
const inFile = (path: string): Effect.Effect<Archive, HistoryFileError, Scope.Scope> =>
  Effect.gen(function*() {
    const db = yield* SqliteFile.acquire(path, schema, (message) => new HistoryFileError({ path, message }))
    const insert = db.prepare("INSERT INTO messages (channel, clock, sender, body, text) VALUES (?, ?, ?, ?, ?)")
    const any = (column: string, count: number) =>
      count === 0 ? "" : ` AND (${Array.from({ length: count }, () => `${column} LIKE ? ESCAPE '\\'`).join(" OR ")})`
    const select = (filter: Filter) =>
      db.prepare(
        "SELECT text FROM messages WHERE channel = ? AND clock BETWEEN ? AND ?" +
          any("sender", filter.senders.length) + any("body", filter.bodies.length) + " ORDER BY clock, seq"
      )
    const forget = db.prepare("DELETE FROM messages WHERE channel = ?")
    let failed = 0
    let lastError = ""
    const failure = (error: unknown) => {
      failed++
      lastError = SqliteFile.messageOf(error)
    }
    const write = (run: () => void): Effect.Effect<void> =>
      Effect.sync(() => {
        try {
          run()
        } catch (error) {
          failure(error)
        }
      })
    yield* Effect.forkScoped(
      Effect.suspend(() => {
        if (failed === 0) return Effect.void
        const count = failed
        failed = 0
        return Effect.logError(`history file ${path}: ${count} message(s) could not be kept; last error: ${lastError}`)
      }).pipe(Effect.repeat(Schedule.spaced("1 minute")))
    )
    const count = db.prepare("SELECT count(*) AS n FROM messages").get()?.["n"]
    yield* Effect.logInfo(`history file ${path}: ${String(count)} message(s)`)
    return {
      enabled: true,
      record: (channelKey, message) => {
        try {
          insert.run(channelKey, Math.floor(message.clock), message.from.toLowerCase(), message.body.toLowerCase(), message.text)
        } catch (error) {
          failure(error)
        }
      },
      scan: function*(channelKey, filter) {
        const rows = select(filter).iterate(channelKey, filter.from, filter.to, ...filter.senders, ...filter.bodies)
        for (const row of rows) {
          if (typeof row["text"] === "string") yield row["text"]
        }
      },
      removeChannel: (channelKey) => write(() => forget.run(channelKey)),
      keepOnly: (channelKeys) =>
        write(() => {
          db.exec("CREATE TEMP TABLE IF NOT EXISTS kept (channel TEXT PRIMARY KEY)")
          db.exec("DELETE FROM kept")
          const keep = db.prepare("INSERT OR IGNORE INTO kept (channel) VALUES (?)")
          for (const key of channelKeys) keep.run(key)
          db.exec("DELETE FROM messages WHERE channel NOT IN (SELECT channel FROM kept)")
        })
    } satisfies Archive
  })

/** The message archive service. */
export class MessageArchive extends Context.Service<MessageArchive, Archive>()("@lichat/server/MessageArchive") {
  /** No archive (search off). */
  static readonly layerNone: Layer.Layer<MessageArchive> = Layer.succeed(MessageArchive, none)

  /** The archive in the file at `path`. */
  static readonly layerFile = (path: string): Layer.Layer<MessageArchive, HistoryFileError> =>
    Layer.effect(MessageArchive, inFile(path))

  /** The archive the configuration asks for: the `historyFile`, or none. */
  static readonly layerFromConfig: Layer.Layer<MessageArchive, HistoryFileError, ServerConfig> = Layer.unwrap(
    Effect.map(
      Effect.service(ServerConfig),
      (config) => config.historyFile === "" ? MessageArchive.layerNone : MessageArchive.layerFile(config.historyFile)
    )
  )
}
