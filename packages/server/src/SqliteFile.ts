/**
 * Opening the server's SQLite files (`node:sqlite`): the state file and the
 * history file. Both are opened the same way, in the scope of their
 * layer, and closed with it.
 *
 * @since 0.1.0
 */
import { Effect, type Scope } from "effect"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { DatabaseSync } from "node:sqlite"

/** A thrown error's message. */
export const messageOf = (error: unknown): string => error instanceof Error ? error.message : String(error)

const open = (path: string, schema: ReadonlyArray<string>): DatabaseSync => {
  Fs.mkdirSync(Path.dirname(Path.resolve(path)), { recursive: true })
  const db = new DatabaseSync(path)
  try {
    // WAL with NORMAL sync: a commit does not wait for the disk on the event
    // loop; what a power cut can lose is the last commits, never the file.
    db.exec("PRAGMA journal_mode = WAL")
    db.exec("PRAGMA synchronous = NORMAL")
    for (const statement of schema) db.exec(statement)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

/**
 * Opens (creating it and its directory when missing) the file at `path`,
 * runs the `schema` statements, and closes it when the scope closes. A file
 * that cannot be opened, or is not a database, fails with `onError`.
 */
export const acquire = <E>(
  path: string,
  schema: ReadonlyArray<string>,
  onError: (message: string) => E
): Effect.Effect<DatabaseSync, E, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.try({ try: () => open(path, schema), catch: (error) => onError(messageOf(error)) }),
    (db) => Effect.sync(() => db.close())
  )

/**
 * Runs a write; a failure is logged (as `label: could not what: …`) and not
 * raised, so that the server goes on with what it holds in memory.
 */
export const write = (label: string, what: string, run: () => void): Effect.Effect<void> =>
  Effect.suspend(() => {
    try {
      run()
      return Effect.void
    } catch (error) {
      return Effect.logError(`${label}: could not ${what}: ${messageOf(error)}`)
    }
  })
