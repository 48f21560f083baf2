/**
 * The default store: one SQLite file (`node:sqlite`), `lichat.db` under
 * `--data-dir`. Writes are synchronous and gathered per pass of the event
 * loop into one transaction, committed at the end of the pass before any
 * socket is written (PassEnd.ts): a killed process loses nothing it
 * acknowledged, and a busy channel costs one commit per pass rather than
 * one per message. With `synchronous = NORMAL` a power cut may lose the
 * last commits, never the file. A live copy for backups: `sqlite3 lichat.db ".backup copy.db"`.
 *
 * The schema is versioned with `PRAGMA user_version`; older files are
 * migrated at start, a file from a newer server is refused.
 *
 * @since 0.2.0
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import { DatabaseSync, type SQLInputValue } from "node:sqlite"
import { Effect, Layer, Schedule } from "effect"
import * as PassEnd from "../PassEnd.ts"
import * as Checkpointer from "./Checkpointer.ts"
import { messageOf } from "./Records.ts"
import {
  COLLECTIONS,
  type Collection,
  type HistoryEntry,
  SCHEMA_VERSION,
  type SearchFilter,
  Store,
  StoreError,
  type StoreService
} from "./Store.ts"

/** Each migration takes the file from the version before it to its own. */
const MIGRATIONS: ReadonlyArray<(db: DatabaseSync) => void> = [
  // 1: a table per collection and the history log. A state file of the
  // 0.1 servers (`--state-file`: profiles (key, profile), channels (key,
  // channel)) keeps its rows.
  (db) => {
    for (const [table, column] of [["profiles", "profile"], ["channels", "channel"]] as const) {
      const columns = db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all().map((row) => row["name"])
      if (columns.includes(column)) db.exec(`ALTER TABLE ${table} RENAME COLUMN ${column} TO value`)
    }
    for (const table of COLLECTIONS) {
      db.exec(`CREATE TABLE IF NOT EXISTS ${table} (key TEXT PRIMARY KEY, value TEXT NOT NULL)`)
    }
    db.exec(
      "CREATE TABLE history (seq INTEGER PRIMARY KEY AUTOINCREMENT, channel TEXT NOT NULL, clock INTEGER NOT NULL, " +
        "kind TEXT NOT NULL, sender TEXT NOT NULL, sender_lower TEXT NOT NULL, body TEXT NOT NULL, body_lower TEXT NOT NULL, " +
        "text TEXT NOT NULL)"
    )
    db.exec("CREATE INDEX history_by_channel ON history (channel, seq)")
    db.exec("CREATE INDEX history_by_clock ON history (clock)")
  }
]

/** Opens the file, creating it and its directory, and migrates it to `SCHEMA_VERSION`. */
const open = (path: string): DatabaseSync => {
  Fs.mkdirSync(Path.dirname(Path.resolve(path)), { recursive: true })
  const db = new DatabaseSync(path)
  try {
    db.exec("PRAGMA journal_mode = WAL")
    db.exec("PRAGMA synchronous = NORMAL")
    db.exec("PRAGMA busy_timeout = 5000")
    const version = Number(db.prepare("PRAGMA user_version").get()?.["user_version"] ?? 0)
    if (version > SCHEMA_VERSION) {
      throw new Error(`schema version ${version}: written by a newer server (this one knows up to ${SCHEMA_VERSION})`)
    }
    for (let next = version; next < SCHEMA_VERSION; next++) {
      db.exec("BEGIN IMMEDIATE")
      try {
        MIGRATIONS[next]?.(db)
        db.exec(`PRAGMA user_version = ${next + 1}`)
        db.exec("COMMIT")
      } catch (error) {
        db.exec("ROLLBACK")
        throw error
      }
    }
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

const toEntry = (row: Record<string, SQLInputValue>): HistoryEntry => ({
  clock: Number(row["clock"]),
  kind: String(row["kind"]),
  from: String(row["sender"]),
  body: String(row["body"]),
  text: String(row["text"])
})

/** `LIKE` alternatives over a column, for a list of patterns (none: no condition). */
export const anyLike = (column: string, count: number): string =>
  count === 0 ? "" : ` AND (${Array.from({ length: count }, () => `${column} LIKE ? ESCAPE '\\'`).join(" OR ")})`

const make = (path: string) =>
  Effect.gen(function*() {
    const describe = `SQLite ${path}`
    const db = yield* Effect.acquireRelease(
      Effect.try({ try: () => open(path), catch: (error) => new StoreError({ store: describe, message: messageOf(error) }) }),
      (db) => Effect.sync(() => db.close())
    )
    // Checkpoints (and their waits for the disk) run in a worker thread, not on the event loop.
    db.exec("PRAGMA wal_autocheckpoint = 0")
    yield* Checkpointer.run(path, describe)
    let failed = 0
    let lastError = ""
    // One transaction per pass of the event loop, committed before the pass's writes leave.
    let inTransaction = false
    const commit = () => {
      if (!inTransaction) return
      inTransaction = false
      try {
        db.exec("COMMIT")
      } catch (error) {
        failed++
        lastError = `commit: ${messageOf(error)}`
        if (db.isTransaction) db.exec("ROLLBACK")
      }
    }
    const inPass = () => {
      if (inTransaction || !db.isOpen) return
      db.exec("BEGIN")
      inTransaction = true
      PassEnd.beforeFlush(commit)
    }
    yield* Effect.addFinalizer(() => Effect.sync(commit))
    const attempt = <A>(what: string, run: () => A): Effect.Effect<A, StoreError> =>
      Effect.try({
        try: () => {
          inPass()
          return run()
        },
        catch: (error) => new StoreError({ store: describe, message: `${what}: ${messageOf(error)}` })
      })
    const statements = new Map<string, ReturnType<DatabaseSync["prepare"]>>()
    const prepared = (sql: string) => {
      let statement = statements.get(sql)
      if (statement === undefined) {
        statement = db.prepare(sql)
        statements.set(sql, statement)
      }
      return statement
    }
    const insert = db.prepare(
      "INSERT INTO history (channel, clock, kind, sender, sender_lower, body, body_lower, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    )
    yield* Effect.forkScoped(
      Effect.suspend(() => {
        if (failed === 0) return Effect.void
        const count = failed
        failed = 0
        return Effect.logError(`${describe}: ${count} history entries could not be kept; last error: ${lastError}`)
      }).pipe(Effect.repeat(Schedule.spaced("1 minute")))
    )
    const service: StoreService = {
      describe,
      durable: true,
      all: (collection: Collection) =>
        attempt(`read ${collection}`, () =>
          prepared(`SELECT key, value FROM ${collection}`).all().map((row) =>
            [String(row["key"]), String(row["value"])] as const
          )),
      get: (collection, key) =>
        attempt(`read ${collection} ${key}`, () => {
          const value = prepared(`SELECT value FROM ${collection} WHERE key = ?`).get(key)?.["value"]
          return typeof value === "string" ? value : undefined
        }),
      put: (collection, key, json) =>
        attempt(`write ${collection} ${key}`, () =>
          void prepared(
            `INSERT INTO ${collection} (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`
          ).run(key, json)),
      remove: (collection, key) =>
        attempt(`remove ${collection} ${key}`, () => void prepared(`DELETE FROM ${collection} WHERE key = ?`).run(key)),
      removePrefix: (collection, prefix) =>
        attempt(`remove ${collection} ${prefix}…`, () =>
          void prepared(`DELETE FROM ${collection} WHERE substr(key, 1, length(?)) = ?`).run(prefix, prefix)),
      append: (channel, entry) => {
        try {
          inPass()
          insert.run(
            channel,
            Math.floor(entry.clock),
            entry.kind,
            entry.from,
            entry.from.toLowerCase(),
            entry.body,
            entry.body.toLowerCase(),
            entry.text
          )
        } catch (error) {
          failed++
          lastError = messageOf(error)
        }
      },
      flush: Effect.void,
      recent: (channel, limit) =>
        attempt(`read the history of ${channel}`, () =>
          prepared(
            "SELECT clock, kind, sender, body, text FROM " +
              "(SELECT * FROM history WHERE channel = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq"
          ).all(channel, limit).map(toEntry)),
      search: (channel, filter: SearchFilter) =>
        attempt(`search ${channel}`, () =>
          prepared(
            "SELECT text FROM history WHERE channel = ? AND kind = 'message' AND clock BETWEEN ? AND ?" +
              anyLike("sender_lower", filter.senders.length) + anyLike("body_lower", filter.bodies.length) +
              " ORDER BY clock, seq LIMIT ? OFFSET ?"
          ).all(
            channel,
            Math.floor(filter.from),
            Math.ceil(filter.to),
            ...filter.senders,
            ...filter.bodies,
            filter.limit,
            filter.offset
          ).map((row) =>
            String(row["text"])
          )),
      removeHistory: (channel) =>
        attempt(`remove the history of ${channel}`, () => void prepared("DELETE FROM history WHERE channel = ?").run(channel)),
      retainHistory: (channels) =>
        attempt("remove the history of channels gone", () => {
          db.exec("CREATE TEMP TABLE IF NOT EXISTS kept (channel TEXT PRIMARY KEY)")
          db.exec("DELETE FROM kept")
          const keep = db.prepare("INSERT OR IGNORE INTO kept (channel) VALUES (?)")
          for (const channel of channels) keep.run(channel)
          db.exec("DELETE FROM history WHERE channel NOT IN (SELECT channel FROM kept)")
        }),
      pruneHistory: ({ before, limit }) =>
        attempt("prune the history", () => {
          let removed = 0
          if (before > 0) removed += Number(prepared("DELETE FROM history WHERE clock < ?").run(Math.floor(before)).changes)
          removed += Number(
            prepared(
              "DELETE FROM history WHERE seq IN (SELECT seq FROM " +
                "(SELECT seq, row_number() OVER (PARTITION BY channel ORDER BY seq DESC) AS n FROM history) WHERE n > ?)"
            ).run(limit).changes
          )
          return removed
        })
    }
    return service
  })

/** The store in the SQLite file at `path` (created, with its directory, when missing). */
export const layer = (path: string): Layer.Layer<Store, StoreError> => Layer.effect(Store, make(path))

/** The database file's name under the data directory. */
export const FILE_NAME = "lichat.db"
