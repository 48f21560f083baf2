/**
 * The shared store: a PostgreSQL database (`--database postgres://…`),
 * through `effect/sql` and `@effect/sql-pg`'s connection pool, so that
 * several server nodes can keep their records and history in one place.
 *
 * The tables are those of the SQLite store: one `(key, value)` table per
 * collection, and `history`, a log ordered by `seq` (with each entry's
 * sender and body also lower-cased, for search). The schema is versioned in
 * `lichat_schema`: at start, under an advisory lock (two nodes starting
 * together do not race), an older database is migrated in one transaction
 * and a newer one is refused.
 *
 * `append` does not wait for the database: entries are queued, in order,
 * and a background fiber writes them in batches (one multi-row `INSERT`
 * each); `flush` waits for what was appended before it. A batch that fails
 * is logged and retried once, then given up (logged with its count). The
 * history reads and deletes flush first, so that they see (or remove) every
 * entry appended before them; closing the store flushes too.
 *
 * @since 0.2.0
 */
import * as PgClient from "@effect/sql-pg/PgClient"
import { Cause, Deferred, Effect, Layer, Queue, Redacted } from "effect"
import * as Reactivity from "effect/reactivity/Reactivity"
import type { SqlClient } from "effect/sql/SqlClient"
import { isSqlError, type SqlError } from "effect/sql/SqlError"
import {
  COLLECTIONS,
  type Collection,
  type HistoryEntry,
  SCHEMA_VERSION,
  Store,
  StoreError,
  type StoreService
} from "./Store.ts"

/** How long opening a connection (and authenticating) may take, unless the URL says (`?connect_timeout=seconds`). */
const CONNECT_TIMEOUT = "10 seconds"
/** How long one batch of history may take to write before it counts as failed. */
const WRITE_TIMEOUT = "30 seconds"
/** How long closing the store waits for the history queue to be written. */
const CLOSE_TIMEOUT = "60 seconds"
/** The most history entries written by one `INSERT`. */
const BATCH_ROWS = 1000
/** About the most text (UTF-16 code units) one `INSERT` carries; a single larger entry goes alone. */
const BATCH_CHARS = 4 * 1024 * 1024

/** Each migration takes the database from the version before it to its own (index 0: to version 1). */
const MIGRATIONS: ReadonlyArray<(sql: SqlClient) => Effect.Effect<void, SqlError>> = [
  // 1: a table per collection and the history log.
  (sql) =>
    Effect.gen(function*() {
      for (const table of COLLECTIONS) {
        yield* sql`CREATE TABLE IF NOT EXISTS ${sql(table)} (key TEXT PRIMARY KEY, value TEXT NOT NULL)`
      }
      yield* sql`CREATE TABLE IF NOT EXISTS history (
        seq BIGSERIAL PRIMARY KEY, channel TEXT NOT NULL, clock BIGINT NOT NULL, kind TEXT NOT NULL,
        sender TEXT NOT NULL, sender_lower TEXT NOT NULL, body TEXT NOT NULL, body_lower TEXT NOT NULL,
        text TEXT NOT NULL)`
      yield* sql`CREATE INDEX IF NOT EXISTS history_by_channel ON history (channel, seq)`
      yield* sql`CREATE INDEX IF NOT EXISTS history_by_clock ON history (clock)`
    })
]

/** A thrown or failed error's message on one line, without the driver's prefix. */
const messageOf = (error: unknown): string => {
  let message: string
  if (isSqlError(error)) {
    const reason = error.reason
    const base = (reason.message ?? error.message).replace(/^PgConnection: /, "")
    const inner = reason.cause instanceof Error ? reason.cause.message : undefined
    message = inner === undefined || inner === "" || base.includes(inner) ? base : `${base}: ${inner}`
  } else if (Cause.isCause(error)) {
    message = messageOf(Cause.squash(error))
  } else {
    message = error instanceof Error ? error.message : String(error)
  }
  return message.replace(/\s*\n\s*/g, " ").trim()
}

const hasParam = (raw: string, name: string): boolean => {
  try {
    return new URL(raw).searchParams.has(name)
  } catch {
    return false
  }
}

/** What the store is called: `PostgreSQL host:port/db`, never with the password; or what is wrong with the URL. */
const describeUrl = (raw: string): { readonly describe: string } | { readonly error: string } => {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { error: "not a URL (postgres://user:password@host:port/database)" }
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    return { error: `not a PostgreSQL URL (${url.protocol}//…): postgres://user:password@host:port/database` }
  }
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text)
    } catch {
      return text
    }
  }
  const host = url.hostname !== "" ? url.hostname : url.searchParams.get("host") ?? "localhost"
  const port = url.port !== "" ? url.port : url.searchParams.get("port") ?? "5432"
  const user = url.username !== "" ? decode(url.username) : process.env["USER"] ?? "postgres"
  const database = url.pathname.length > 1 ? decode(url.pathname.slice(1)) : user
  return { describe: `PostgreSQL ${host}:${port}/${database}` }
}

interface Row {
  readonly channel: string
  readonly clock: bigint
  readonly kind: string
  readonly sender: string
  readonly body: string
  readonly text: string
}

/** A whole number for a query, within the safe integers (`fallback` for NaN). */
const whole = (n: number, fallback = 0): number =>
  Number.isNaN(n) ? fallback : Math.min(Number.MAX_SAFE_INTEGER, Math.max(Number.MIN_SAFE_INTEGER, Math.floor(n)))

/** A count for `LIMIT` or `OFFSET`: not below 0. */
const count = (n: number): number => Math.max(0, whole(n))

const toRow = (channel: string, entry: HistoryEntry): Row => ({
  channel,
  clock: BigInt(whole(entry.clock)),
  kind: entry.kind,
  sender: entry.from,
  body: entry.body,
  text: entry.text
})

/** Splits the queued rows into batches of at most `BATCH_ROWS` rows and about `BATCH_CHARS` characters, in order. */
const batches = (rows: ReadonlyArray<Row>): Array<ReadonlyArray<Row>> => {
  const out: Array<Array<Row>> = []
  let current: Array<Row> = []
  let chars = 0
  for (const row of rows) {
    const size = row.text.length + row.body.length * 2 + row.sender.length * 2 + row.channel.length + row.kind.length
    if (current.length > 0 && (current.length >= BATCH_ROWS || chars + size > BATCH_CHARS)) {
      out.push(current)
      current = []
      chars = 0
    }
    current.push(row)
    chars += size
  }
  if (current.length > 0) out.push(current)
  return out
}

const make = (describe: string) =>
  Effect.gen(function*() {
    const failure = (what: string) => (error: unknown) => new StoreError({ store: describe, message: `${what}: ${messageOf(error)}` })
    const attempt = <A>(what: string, effect: Effect.Effect<A, SqlError>): Effect.Effect<A, StoreError> =>
      Effect.mapError(effect, failure(what))
    const sql = yield* PgClient.PgClient

    // Migrations, in one transaction, under a lock held until it ends.
    yield* sql.withTransaction(Effect.gen(function*() {
      yield* sql`SELECT pg_advisory_xact_lock(hashtext('lichat_schema'))`
      const [present] = yield* sql<{ present: boolean }>`SELECT to_regclass('lichat_schema') IS NOT NULL AS present`
      if (present?.present !== true) yield* sql`CREATE TABLE lichat_schema (version INTEGER NOT NULL)`
      const [row] = yield* sql<{ version: number | null }>`SELECT max(version) AS version FROM lichat_schema`
      const version = row?.version ?? 0
      if (version > SCHEMA_VERSION) {
        return yield* new StoreError({
          store: describe,
          message: `the database was written by a newer server (schema version ${version}, this server knows up to ${SCHEMA_VERSION})`
        })
      }
      if (version === SCHEMA_VERSION) return
      for (let next = version; next < SCHEMA_VERSION; next++) {
        const migration = MIGRATIONS[next]
        if (migration !== undefined) yield* migration(sql)
      }
      yield* sql`DELETE FROM lichat_schema`
      yield* sql`INSERT INTO lichat_schema (version) VALUES (${SCHEMA_VERSION})`
      yield* Effect.logInfo(`${describe}: schema migrated from version ${version} to ${SCHEMA_VERSION}`)
    })).pipe(Effect.mapError((error) => error instanceof StoreError ? error : failure("could not open the database")(error)))

    // The history writer: entries queue up in order, a fiber writes them in batches.
    const queue = yield* Queue.unbounded<Row>()
    let appended = 0
    let settled = 0
    /** The writer is gone (the store is closed): nothing more is written. */
    let stopped = false
    let waiters: Array<{ readonly target: number; readonly deferred: Deferred.Deferred<void> }> = []
    const release = (all: boolean) => {
      const due = all ? waiters : waiters.filter((waiter) => waiter.target <= settled)
      waiters = all ? [] : waiters.filter((waiter) => waiter.target > settled)
      for (const waiter of due) Deferred.doneUnsafe(waiter.deferred, Effect.void)
    }
    const insert = (rows: ReadonlyArray<Row>) =>
      sql`INSERT INTO history (channel, clock, kind, sender, sender_lower, body, body_lower, text)
        SELECT channel, clock, kind, sender, sender_lower, body, body_lower, text
        FROM unnest(${rows.map((r) => r.channel)}::text[], ${rows.map((r) => r.clock)}::int8[],
          ${rows.map((r) => r.kind)}::text[], ${rows.map((r) => r.sender)}::text[],
          ${rows.map((r) => r.sender.toLowerCase())}::text[], ${rows.map((r) => r.body)}::text[],
          ${rows.map((r) => r.body.toLowerCase())}::text[], ${rows.map((r) => r.text)}::text[])
          WITH ORDINALITY AS batch (channel, clock, kind, sender, sender_lower, body, body_lower, text, n)
        ORDER BY n`.pipe(
        Effect.timeoutOrElse({ duration: WRITE_TIMEOUT, orElse: () => Effect.fail(new Error(`timed out after ${WRITE_TIMEOUT}`)) }),
        Effect.asVoid
      )
    /** Writes a batch, retrying once; a failure is logged, never raised. */
    const write = (rows: ReadonlyArray<Row>): Effect.Effect<void> => {
      const recover = (onFailure: (cause: Cause.Cause<unknown>) => Effect.Effect<void, unknown>) =>
        Effect.catchCause((cause: Cause.Cause<unknown>) => Cause.hasInterruptsOnly(cause) ? Effect.failCause(cause) : onFailure(cause))
      return insert(rows).pipe(
        recover((cause) =>
          Effect.logError(`${describe}: could not write ${rows.length} history entries, retrying: ${messageOf(cause)}`).pipe(
            Effect.andThen(insert(rows)),
            recover((cause) => Effect.logError(`${describe}: ${rows.length} history entries lost: ${messageOf(cause)}`))
          )
        ),
        Effect.orDie
      )
    }
    yield* Effect.forkScoped(
      Effect.gen(function*() {
        while (true) {
          const rows = yield* Queue.takeAll(queue)
          for (const batch of batches(rows)) {
            yield* write(batch)
            settled += batch.length
            release(false)
          }
        }
      }).pipe(Effect.ensuring(Effect.sync(() => {
        stopped = true
        release(true)
      })))
    )
    const flush: Effect.Effect<void> = Effect.suspend(() => {
      if (stopped || settled >= appended) return Effect.void
      const deferred = Deferred.makeUnsafe<void>()
      waiters.push({ target: appended, deferred })
      return Deferred.await(deferred)
    })
    // Runs before the writer is stopped and the pool closed (finalizers run last first).
    yield* Effect.addFinalizer(() =>
      Effect.timeoutOrElse(flush, {
        duration: CLOSE_TIMEOUT,
        orElse: () => Effect.logError(`${describe}: closed with ${appended - settled} history entries not written`)
      })
    )

    /** A history operation, after every entry appended before it is written. */
    const flushed = <A>(what: string, effect: Effect.Effect<A, SqlError>) => Effect.andThen(flush, attempt(what, effect))

    const service: StoreService = {
      describe,
      durable: true,
      all: (collection: Collection) =>
        attempt(
          `read ${collection}`,
          Effect.map(
            sql<{ key: string; value: string }>`SELECT key, value FROM ${sql(collection)}`,
            (rows) => rows.map((row) => [row.key, row.value] as const)
          )
        ),
      get: (collection, key) =>
        attempt(
          `read ${collection} ${key}`,
          Effect.map(
            sql<{ value: string }>`SELECT value FROM ${sql(collection)} WHERE key = ${key}`,
            (rows) => rows[0]?.value
          )
        ),
      put: (collection, key, json) =>
        attempt(
          `write ${collection} ${key}`,
          Effect.asVoid(sql`INSERT INTO ${sql(collection)} (key, value) VALUES (${key}, ${json})
            ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
        ),
      remove: (collection, key) =>
        attempt(`remove ${collection} ${key}`, Effect.asVoid(sql`DELETE FROM ${sql(collection)} WHERE key = ${key}`)),
      removePrefix: (collection, prefix) =>
        attempt(
          `remove ${collection} ${prefix}…`,
          Effect.asVoid(sql`DELETE FROM ${sql(collection)} WHERE starts_with(key, ${prefix})`)
        ),
      append: (channel, entry) => {
        appended++
        let row: Row | undefined
        try {
          row = toRow(channel, entry)
        } catch {
          row = undefined
        }
        // Not queued (a bad entry, or the store is closed): nothing to wait for.
        if (stopped || row === undefined || !Queue.offerUnsafe(queue, row)) settled++
      },
      flush,
      recent: (channel, limit) =>
        flushed(
          `read the history of ${channel}`,
          Effect.map(
            sql<{ clock: bigint; kind: string; sender: string; body: string; text: string }>`
              SELECT clock, kind, sender, body, text FROM
                (SELECT * FROM history WHERE channel = ${channel} ORDER BY seq DESC LIMIT ${count(limit)}) newest
              ORDER BY seq`,
            (rows) =>
              rows.map((row): HistoryEntry => ({
                clock: Number(row.clock),
                kind: row.kind,
                from: row.sender,
                body: row.body,
                text: row.text
              }))
          )
        ),
      search: (channel, filter) => {
        const anyLike = (column: string, patterns: ReadonlyArray<string>) =>
          patterns.length === 0
            ? sql.literal("TRUE")
            : sql.or(patterns.map((pattern) => sql`${sql(column)} LIKE ${pattern} ESCAPE '\\'`))
        return flushed(
          `search ${channel}`,
          Effect.map(
            sql<{ text: string }>`SELECT text FROM history
              WHERE channel = ${channel} AND kind = 'message'
                AND clock BETWEEN ${whole(filter.from, Number.MIN_SAFE_INTEGER)} AND ${whole(Math.ceil(filter.to), Number.MAX_SAFE_INTEGER)}
                AND ${anyLike("sender_lower", filter.senders)} AND ${anyLike("body_lower", filter.bodies)}
              ORDER BY clock, seq
              LIMIT ${count(filter.limit)} OFFSET ${count(filter.offset)}`,
            (rows) => rows.map((row) => row.text)
          )
        )
      },
      removeHistory: (channel) =>
        flushed(`remove the history of ${channel}`, Effect.asVoid(sql`DELETE FROM history WHERE channel = ${channel}`)),
      retainHistory: (channels) =>
        flushed(
          "remove the history of channels gone",
          Effect.asVoid(sql`DELETE FROM history WHERE channel <> ALL (${Array.from(channels)}::text[])`)
        ),
      pruneHistory: ({ before, limit }) =>
        flushed(
          "prune the history",
          sql.withTransaction(Effect.gen(function*() {
            const countOf = (rows: ReadonlyArray<{ n: bigint }>) => Number(rows[0]?.n ?? 0)
            let removed = 0
            if (before > 0) {
              removed += countOf(
                yield* sql<{ n: bigint }>`WITH gone AS (DELETE FROM history WHERE clock < ${whole(before)} RETURNING 1)
                  SELECT count(*) AS n FROM gone`
              )
            }
            removed += countOf(
              yield* sql<{ n: bigint }>`WITH gone AS (
                  DELETE FROM history WHERE seq IN (SELECT seq FROM
                    (SELECT seq, row_number() OVER (PARTITION BY channel ORDER BY seq DESC) AS n FROM history) ranked
                    WHERE n > ${count(limit)})
                  RETURNING 1)
                SELECT count(*) AS n FROM gone`
            )
            return removed
          }))
        )
    }
    return service
  })

/**
 * The store in the PostgreSQL database at `url`
 * (`postgres://user:password@host:port/database`, with libpq's parameters:
 * `sslmode`, `connect_timeout`, `application_name`, `options`…). A bad URL,
 * a server that cannot be reached (within 10 s, or the URL's
 * `connect_timeout`), a failed migration or a database of a newer server
 * fail the layer.
 */
export const layer = (url: Redacted.Redacted<string> | string): Layer.Layer<Store, StoreError> => {
  const raw = Redacted.isRedacted(url) ? Redacted.value(url) : url
  const target = describeUrl(raw)
  if ("error" in target) return Layer.effect(Store, Effect.fail(new StoreError({ store: "PostgreSQL", message: target.error })))
  const { describe } = target
  return Layer.effect(
    Store,
    Effect.gen(function*() {
      const client = yield* PgClient.make({
        url: Redacted.make(raw),
        // The URL's `connect_timeout` (seconds, as libpq reads it) and `application_name` when it has them.
        ...(hasParam(raw, "connect_timeout") ? {} : { connectTimeout: CONNECT_TIMEOUT }),
        ...(hasParam(raw, "application_name") ? {} : { applicationName: "lichat" })
      }).pipe(
        Effect.provideService(Reactivity.Reactivity, yield* Reactivity.make),
        Effect.mapError((error) => new StoreError({ store: describe, message: `could not open the database: ${messageOf(error)}` }))
      )
      return yield* Effect.provideService(make(describe), PgClient.PgClient, client)
    })
  )
}
