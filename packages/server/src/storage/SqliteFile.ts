/**
 * What the server's SQLite files (`node:sqlite`: the state file and the
 * history file) share: opening one in the scope of its layer, reading its
 * JSON rows back (skipping, with a warning, those that do not decode), and
 * writing without ever failing the caller (a failure is logged).
 *
 * @since 0.1.0
 */

import * as Fs from "node:fs"
import * as Path from "node:path"
import { DatabaseSync } from "node:sqlite"
import { Effect, type Scope } from "effect"

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

/** The JSON text of a row as a plain object; `undefined` when it is not one. */
export const parseRecord = (json: string): Record<string, unknown> | undefined => {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    return undefined
  }
  return isRecord(value) ? value : undefined
}

/** Whether a value is a plain object (not null, not an array). */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** A row read back: its key, its JSON text and what that decoded to. */
export interface Loaded<A> {
  readonly key: string
  readonly json: string
  readonly value: A
}

/**
 * Reads every `(key, json)` row of `table`, decodes each JSON with `decode`,
 * and skips (with one warning naming them) the rows that do not decode.
 * Failing to read the table at all fails with `onError`.
 */
export const loadRows = <A, E>(
  db: DatabaseSync,
  options: {
    readonly label: string
    readonly table: string
    readonly column: string
    readonly noun: string
    readonly decode: (json: string) => A | undefined
    readonly onError: (message: string) => E
  }
): Effect.Effect<ReadonlyArray<Loaded<A>>, E> =>
  Effect.gen(function*() {
    const rows = yield* Effect.try({
      try: () => db.prepare(`SELECT key, ${options.column} AS json FROM ${options.table}`).all(),
      catch: (error) => options.onError(messageOf(error))
    })
    const loaded: Array<Loaded<A>> = []
    const unreadable: Array<string> = []
    for (const row of rows) {
      const { key, json } = row
      const value = typeof json === "string" ? options.decode(json) : undefined
      if (typeof key === "string" && typeof json === "string" && value !== undefined) loaded.push({ key, json, value })
      else unreadable.push(String(key))
    }
    if (unreadable.length > 0) {
      yield* Effect.logWarning(
        `${options.label}: skipped ${unreadable.length} unreadable ${options.noun}(s): ${unreadable.join(", ")}`
      )
    }
    return loaded
  })
