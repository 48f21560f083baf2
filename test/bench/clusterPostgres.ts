/**
 * A throwaway PostgreSQL server for `pnpm bench:cluster`: the tests' own
 * (test/support/Postgres.ts: `initdb` into a temporary directory, trust
 * authentication, `fsync` off, run as the `postgres` user when we are
 * root), kept for the length of one callback and stopped, its directory
 * removed, when the callback ends, fails, or the driver exits.
 */
import { Effect } from "effect"
import { TestPostgres } from "../support/Postgres.ts"

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)))

/** Runs `body` with the URL of a fresh, empty database (`postgres://postgres@127.0.0.1:PORT/lichat_1`). */
export const withPostgres = <A>(body: (database: string) => Promise<A>): Promise<A> =>
  Effect.runPromise(
    Effect.gen(function*() {
      const postgres = yield* TestPostgres
      const database = yield* postgres.createDatabase
      return yield* Effect.tryPromise({ try: () => body(database), catch: asError })
    }).pipe(Effect.provide(TestPostgres.layer))
  )
