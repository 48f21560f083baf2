/**
 * Which runners of the cluster are alive, and which user names they hold,
 * in the shared PostgreSQL database: each runner writes a heartbeat every
 * second (`lichat_runners`); one not heard from for `DEAD_AFTER` is gone,
 * and so are the names it claimed (`lichat_names`). A name is claimed by
 * one statement, so of two logins on two runners at once exactly one wins.
 *
 * @since 0.3.0
 */
import { Context, Effect, Layer, Queue, Schedule } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"

/** Seconds without a heartbeat after which a runner counts as gone. */
const DEAD_AFTER = 5

/** The live runners and the names they hold. */
export interface RunnersService {
  /** This runner's id: random per process, so that a restarted runner holds nothing of its past. */
  readonly self: string
  /** The runners heard from within `DEAD_AFTER` seconds, as last read (every second). */
  readonly live: () => ReadonlySet<string>
  /** Claims a name key for this runner: `false` when another live runner holds it (the registry knows its own). */
  readonly claim: (key: string) => Effect.Effect<boolean, SqlError>
  /** Gives a name key back. */
  readonly release: (key: string) => Effect.Effect<void, SqlError>
  /** Whether a live runner holds the name key. */
  readonly held: (key: string) => Effect.Effect<boolean, SqlError>
  /**
   * Who was in a channel, by runner (`lichat_presence`), as its last host
   * wrote it: the host that takes it over after a crash makes the users of
   * dead runners leave.
   */
  readonly present: (channel: string) => Effect.Effect<ReadonlyArray<{ readonly runner: string; readonly member: string }>, SqlError>
  /**
   * Notes a member of a channel (its reference as JSON, connections
   * included), or with `member` undefined forgets it; written in order,
   * without waiting.
   */
  readonly note: (channel: string, key: string, member: { readonly runner: string; readonly json: string } | undefined) => void
}


export class ClusterRunners extends Context.Service<ClusterRunners, RunnersService>()("@lichat/server/ClusterRunners") {}

const liveSince = (sql: SqlClient) => sql`now() - make_interval(secs => ${DEAD_AFTER})`

/** The tables, the heartbeat and the live set, for runner `self` at `address`; gone from the tables when the scope closes. */
export const layer = (self: string, address: string): Layer.Layer<ClusterRunners, SqlError, SqlClient> =>
  Layer.effect(
    ClusterRunners,
    Effect.gen(function*() {
      const sql = yield* SqlClient
      // Under a lock: runners starting together would race to make the tables.
      yield* sql.withTransaction(Effect.gen(function*() {
        yield* sql`SELECT pg_advisory_xact_lock(hashtext('lichat_cluster'))`
        yield* sql`CREATE TABLE IF NOT EXISTS lichat_runners (runner TEXT PRIMARY KEY, address TEXT NOT NULL, seen TIMESTAMPTZ NOT NULL DEFAULT now())`
        yield* sql`CREATE TABLE IF NOT EXISTS lichat_names (name_key TEXT PRIMARY KEY, runner TEXT NOT NULL, claimed TIMESTAMPTZ NOT NULL DEFAULT now())`
        yield* sql`CREATE TABLE IF NOT EXISTS lichat_presence (channel TEXT NOT NULL, user_key TEXT NOT NULL, member TEXT NOT NULL,
          runner TEXT NOT NULL, PRIMARY KEY (channel, user_key))`
      }))
      // Presence changes, written by one fiber in the order they happened.
      const notes = yield* Queue.unbounded<readonly [string, string, { readonly runner: string; readonly json: string } | undefined]>()
      yield* Effect.forkScoped(
        Effect.forever(Effect.gen(function*() {
          for (const [channel, key, member] of yield* Queue.takeAll(notes)) {
            yield* (member === undefined
              ? sql`DELETE FROM lichat_presence WHERE channel = ${channel} AND user_key = ${key}`
              : sql`INSERT INTO lichat_presence (channel, user_key, member, runner) VALUES (${channel}, ${key}, ${member.json}, ${member.runner})
                  ON CONFLICT (channel, user_key) DO UPDATE SET member = EXCLUDED.member, runner = EXCLUDED.runner`).pipe(
                Effect.catch((error) => Effect.logWarning(`cluster: presence not written: ${error.message}`))
              )
          }
        }))
      )
      let live: ReadonlySet<string> = new Set([self])
      const beat = Effect.gen(function*() {
        yield* sql`INSERT INTO lichat_runners (runner, address) VALUES (${self}, ${address})
          ON CONFLICT (runner) DO UPDATE SET seen = now()`
        const rows = yield* sql<{ readonly runner: string }>`SELECT runner FROM lichat_runners WHERE seen > ${liveSince(sql)}`
        live = new Set([self, ...rows.map((row) => row.runner)])
        // The long dead are forgotten.
        yield* sql`DELETE FROM lichat_runners WHERE seen < now() - interval '1 hour'`
      })
      yield* beat
      yield* Effect.forkScoped(
        beat.pipe(
          Effect.catch((error) => Effect.logWarning(`cluster heartbeat failed: ${error.message}`)),
          Effect.repeat(Schedule.spaced("1 second"))
        )
      )
      yield* Effect.addFinalizer(() =>
        Effect.all([
          sql`DELETE FROM lichat_names WHERE runner = ${self}`,
          sql`DELETE FROM lichat_runners WHERE runner = ${self}`
        ], { discard: true }).pipe(Effect.ignore)
      )
      return ClusterRunners.of({
        self,
        live: () => live,
        claim: (key) =>
          Effect.map(
            sql<{ readonly runner: string }>`INSERT INTO lichat_names (name_key, runner) VALUES (${key}, ${self})
              ON CONFLICT (name_key) DO UPDATE SET runner = EXCLUDED.runner, claimed = now()
              WHERE lichat_names.runner = EXCLUDED.runner OR NOT EXISTS (SELECT 1 FROM lichat_runners r WHERE r.runner = lichat_names.runner AND r.seen > ${liveSince(sql)})
              RETURNING runner`,
            (rows) => rows.length > 0
          ),
        release: (key) => Effect.asVoid(sql`DELETE FROM lichat_names WHERE name_key = ${key} AND runner = ${self}`),
        held: (key) =>
          Effect.map(
            sql`SELECT 1 FROM lichat_names n JOIN lichat_runners r ON r.runner = n.runner
              WHERE n.name_key = ${key} AND r.seen > ${liveSince(sql)}`,
            (rows) => rows.length > 0
          ),
        present: (channel) => sql<{ readonly runner: string; readonly member: string }>`SELECT runner, member FROM lichat_presence WHERE channel = ${channel}`,
        note: (channel, key, member) => void Queue.offerUnsafe(notes, [channel, key, member])
      })
    })
  )

/**
 * Runners in memory, for tests: `self` and whichever runners `live` holds
 * (change it to make one die), names and presence in maps.
 */
export const layerTest = (self: string, live: Set<string> = new Set([self])): Layer.Layer<ClusterRunners> =>
  Layer.sync(ClusterRunners, () => {
    const names = new Map<string, string>()
    const presence = new Map<string, Map<string, { readonly runner: string; readonly member: string }>>()
    return ClusterRunners.of({
      self,
      live: () => new Set([self, ...live]),
      claim: (key) =>
        Effect.sync(() => {
          const holder = names.get(key)
          if (holder !== undefined && holder !== self && live.has(holder)) return false
          names.set(key, self)
          return true
        }),
      release: (key) => Effect.sync(() => void (names.get(key) === self && names.delete(key))),
      held: (key) => Effect.sync(() => live.has(names.get(key) ?? "")),
      present: (channel) => Effect.sync(() => Array.from(presence.get(channel)?.values() ?? [])),
      note: (channel, key, member) => {
        let members = presence.get(channel)
        if (members === undefined) presence.set(channel, members = new Map())
        if (member === undefined) members.delete(key)
        else members.set(key, { runner: member.runner, member: member.json })
      }
    })
  })
