/**
 * Registered profiles kept in the state file, a SQLite file
 * (`node:sqlite`) given by the `stateFile` option, so that they outlive the
 * process (the channels are kept there too: ChannelFile.ts).
 *
 * The profiles are read into memory when the layer starts and every change
 * is written through to the file at once (one row per profile, its JSON,
 * the password's salt and hash in base64). Reads never touch the disk. A
 * write that fails (a full disk, a file made read-only) is logged and the
 * server goes on with what it holds in memory; a file that cannot be opened
 * at start is an error of the layer. A row that cannot be read back (edited
 * by hand, say) is skipped with a warning rather than stopping the server.
 *
 * @since 0.1.0
 */
import { Data, Effect, Layer } from "effect"
import { ServerConfig } from "../config/ServerConfig.ts"
import type { PasswordHash } from "./Passwords.ts"
import { type Profile, ProfileStore } from "./ProfileStore.ts"
import * as SqliteFile from "./SqliteFile.ts"

/** The state file (profiles and channels) could not be opened or created. */
export class StateFileError extends Data.TaggedError("StateFileError")<{
  readonly path: string
  readonly message: string
}> {}

const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64")
const fromBase64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "base64"))

/** A profile as the JSON of its row. */
export const encodeProfile = (profile: Profile): string =>
  JSON.stringify({
    ...profile,
    password: { ...profile.password, salt: toBase64(profile.password.salt), hash: toBase64(profile.password.hash) }
  })

/** A profile from the JSON of its row; `undefined` when it is not one. */
export const decodeProfile = (json: string): Profile | undefined => {
  const value = SqliteFile.parseRecord(json)
  if (value === undefined || !SqliteFile.isRecord(value["password"]) || !SqliteFile.isRecord(value["data"])) return undefined
  const { name, registeredAt, lastUsed, data } = value
  const { algorithm, cost, salt, hash } = value["password"]
  if (
    typeof name !== "string" || typeof registeredAt !== "number" || typeof lastUsed !== "number" ||
    algorithm !== "scrypt" || typeof cost !== "number" || typeof salt !== "string" || typeof hash !== "string"
  ) return undefined
  const password: PasswordHash = { algorithm, cost, salt: fromBase64(salt), hash: fromBase64(hash) }
  return { name, password, registeredAt, lastUsed, data }
}

const schema = ["CREATE TABLE IF NOT EXISTS profiles (key TEXT PRIMARY KEY, profile TEXT NOT NULL)"]

/** Profiles in the SQLite file at `path` (created, with its directory, when missing). */
export const layer = (path: string): Layer.Layer<ProfileStore, StateFileError> =>
  Layer.effect(
    ProfileStore,
    Effect.gen(function*() {
      const db = yield* SqliteFile.acquire(path, schema, (message) => new StateFileError({ path, message }))
      const rows = yield* SqliteFile.loadRows(db, {
        label: `state file ${path}`,
        table: "profiles",
        column: "profile",
        noun: "profile",
        decode: decodeProfile,
        onError: (message) => new StateFileError({ path, message })
      })
      const profiles = new Map(rows.map((row): [string, Profile] => [row.key, row.value]))
      yield* Effect.logInfo(`state file ${path}: ${profiles.size} profile(s)`)
      const upsert = db.prepare(
        "INSERT INTO profiles (key, profile) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET profile = excluded.profile"
      )
      const remove = db.prepare("DELETE FROM profiles WHERE key = ?")
      // A failed write is logged; memory stays as the server sees it.
      const write = (what: string, run: () => void) => SqliteFile.write(`state file ${path}`, what, run)
      return ProfileStore.of({
        get: (key) => Effect.sync(() => profiles.get(key)),
        put: (key, profile) =>
          Effect.suspend(() => {
            profiles.set(key, profile)
            return write(`store the profile ${key}`, () => void upsert.run(key, encodeProfile(profile)))
          }),
        remove: (key) =>
          Effect.suspend(() => {
            profiles.delete(key)
            return write(`remove the profile ${key}`, () => void remove.run(key))
          }),
        all: Effect.sync(() => Array.from(profiles))
      })
    })
  )

/** The store the configuration asks for: this file when `stateFile` is set, else memory. */
export const layerFromConfig: Layer.Layer<ProfileStore, StateFileError, ServerConfig> = Layer.unwrap(
  Effect.map(Effect.service(ServerConfig), (config) => config.stateFile === "" ? ProfileStore.layerMemory : layer(config.stateFile))
)
