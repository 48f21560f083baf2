/**
 * Where the server keeps what outlives the process: one storage contract,
 * with three implementations — in memory (`--memory`, and tests), an
 * embedded SQLite file under `--data-dir` (the default,
 * storage/SqliteStore.ts) and PostgreSQL (`--database postgres://…`,
 * storage/PostgresStore.ts).
 *
 * Two shapes of data: keyed records (profiles, channels, bans, last-read
 * marks, registered members' membership, link payloads' index), each the JSON text of one value in a named
 * collection; and each channel's history, an ordered log of distributed
 * updates (backfill after a restart, and search).
 *
 * The server reads most records into memory at start (profiles it reads
 * through, so that one provisioned by `lichat-server operator add`, or by
 * another node, counts at once) and writes through: a write's Effect
 * succeeds once the store holds it, and the server acknowledges a change
 * only after that (see docs/storage.md).
 *
 * @since 0.2.0
 */
import { Context, Data, type Effect } from "effect"

/** The store could not be opened, migrated, read or written. */
export class StoreError extends Data.TaggedError("StoreError")<{
  /** The store, as `describe` names it. */
  readonly store: string
  readonly message: string
}> {}

/** The collections of keyed records, each a table of `(key, value)` with `value` JSON text. */
export const COLLECTIONS = ["profiles", "channels", "name_bans", "ip_bans", "last_read", "members", "links"] as const
export type Collection = typeof COLLECTIONS[number]

/** One distributed update in a channel's history. */
export interface HistoryEntry {
  /** The update's clock (universal time, seconds). */
  readonly clock: number
  /** The update's type (`message`, `edit`, …). */
  readonly kind: string
  /** The sender's name, as sent. */
  readonly from: string
  /** A message's text (what search looks in); "" for other updates. */
  readonly body: string
  /** The whole update's wire text, without the NUL. */
  readonly text: string
}

/**
 * What search filters on: a clock range, and for the sender and the text a
 * list of SQL `LIKE` patterns (with `\` as the escape) over their lower-case
 * forms, at least one of which must match; an empty list matches anything.
 * Only `message` entries are searched; of the matches, oldest first, `offset`
 * are skipped and at most `limit` returned.
 */
export interface SearchFilter {
  readonly from: number
  readonly to: number
  readonly senders: ReadonlyArray<string>
  readonly bodies: ReadonlyArray<string>
  readonly offset: number
  readonly limit: number
}

/** The storage contract. */
export interface StoreService {
  /** The store for messages and logs: `memory`, `SQLite lichat-data/lichat.db`, `PostgreSQL host:port/db`. */
  readonly describe: string
  /** Whether the store outlives the process. */
  readonly durable: boolean
  /** Every record of a collection: `[key, json]`. */
  readonly all: (collection: Collection) => Effect.Effect<ReadonlyArray<readonly [string, string]>, StoreError>
  /** One record's JSON, or `undefined` when there is none. */
  readonly get: (collection: Collection, key: string) => Effect.Effect<string | undefined, StoreError>
  /** Creates or replaces a record. */
  readonly put: (collection: Collection, key: string, json: string) => Effect.Effect<void, StoreError>
  /** Removes a record (nothing when there is none). */
  readonly remove: (collection: Collection, key: string) => Effect.Effect<void, StoreError>
  /** Removes every record of a collection whose key starts with `prefix`. */
  readonly removePrefix: (collection: Collection, prefix: string) => Effect.Effect<void, StoreError>
  /**
   * Appends an entry to a channel's history. Called inside a channel's
   * fan-out, so it does not wait: memory holds the entry when this returns,
   * SQLite commits it at the end of the pass, before any socket write of
   * the pass leaves (PassEnd.ts); PostgreSQL queues it, in order, and
   * `flush` waits for the queue. A write that fails is counted and logged
   * by the store, never raised.
   */
  readonly append: (channel: string, entry: HistoryEntry) => void
  /** Waits until every entry appended so far is written. */
  readonly flush: Effect.Effect<void>
  /** A channel's newest `limit` entries, oldest first. */
  readonly recent: (channel: string, limit: number) => Effect.Effect<ReadonlyArray<HistoryEntry>, StoreError>
  /** The wire texts of a channel's `message` entries that pass `filter`, oldest first. */
  readonly search: (channel: string, filter: SearchFilter) => Effect.Effect<ReadonlyArray<string>, StoreError>
  /** Forgets a channel's history. */
  readonly removeHistory: (channel: string) => Effect.Effect<void, StoreError>
  /** Forgets the history of every channel not in `channels` (at start: those that did not outlive the last run). */
  readonly retainHistory: (channels: ReadonlyArray<string>) => Effect.Effect<void, StoreError>
  /**
   * Retention: forgets entries older than `before` (a clock; 0 for no age
   * limit) and, per channel, all but the newest `limit`. Returns how many went.
   */
  readonly pruneHistory: (options: { readonly before: number; readonly limit: number }) => Effect.Effect<number, StoreError>
}

/** The store service. Layers: `MemoryStore.layer`, `SqliteStore.layer`, `PostgresStore.layer`, `StoreFromConfig.layer`. */
export class Store extends Context.Service<Store, StoreService>()("@lichat/server/Store") {}

/** The current schema version; each store migrates an older one up to it at start and refuses a newer one. */
export const SCHEMA_VERSION = 1
