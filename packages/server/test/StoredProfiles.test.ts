/**
 * Profiles in the store (here its SQLite file): what is stored comes back
 * after the store is closed and opened again; a row that cannot be read is
 * skipped; a file that is not a database is an error of the layer.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { DatabaseSync } from "node:sqlite"
import * as Passwords from "../src/storage/Passwords.ts"
import * as SqliteStore from "../src/storage/SqliteStore.ts"
import * as StoredProfiles from "../src/storage/StoredProfiles.ts"
import { type Profile, ProfileStore } from "../src/storage/ProfileStore.ts"

const tempPath = (name: string) => Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "lichat-profiles-")), "nested", name)

/** Runs `f` against a store on `path`, opening and closing it around the call. */
const withStore = <A>(path: string, f: (store: ProfileStore["Service"]) => Effect.Effect<A>) =>
  Effect.flatMap(Effect.service(ProfileStore), f).pipe(
    Effect.provide(StoredProfiles.layer.pipe(Layer.provide(SqliteStore.layer(path))))
  )

const profile = (name: string, password: Passwords.PasswordHash, data: Profile["data"] = {}): Profile => ({
  name,
  password,
  registeredAt: 3_900_000_000,
  lastUsed: 3_900_000_100,
  data
})

describe("StoredProfiles", () => {
  it.effect("what is stored is there after the file is opened again, password included", () =>
    Effect.gen(function*() {
      const path = tempPath("profiles.db")
      const password = yield* Passwords.hash("secret1", Redacted.make("pepper"))
      yield* withStore(path, (store) =>
        Effect.gen(function*() {
          yield* store.put("ana", profile("Ana", password, { "shirakumo-user-info": { status: "away" }, "shirakumo-block": ["bob"] }))
          yield* store.put("bob", profile("bob", password))
          yield* store.put("carol", profile("carol", password))
          yield* store.put("bob", { ...profile("bob", password), lastUsed: 3_900_000_200 })
          yield* store.remove("carol")
        }))
      const [ana, bob, carol, all] = yield* withStore(path, (store) =>
        Effect.all([store.get("ana"), store.get("bob"), store.get("carol"), store.all]))
      assert.isDefined(ana)
      assert.deepStrictEqual(ana, profile("Ana", password, { "shirakumo-user-info": { status: "away" }, "shirakumo-block": ["bob"] }))
      assert.strictEqual(bob?.lastUsed, 3_900_000_200)
      assert.isUndefined(carol)
      assert.deepStrictEqual(all.map(([key]) => key).sort(), ["ana", "bob"])
      assert.isTrue(yield* Passwords.verify("secret1", Redacted.make("pepper"), ana!.password))
      assert.isFalse(yield* Passwords.verify("secret2", Redacted.make("pepper"), ana!.password))
    }))

  it.effect("a row that cannot be read is skipped, and the others load", () =>
    Effect.gen(function*() {
      const path = tempPath("profiles.db")
      const password = yield* Passwords.hash("secret1", Redacted.make(""))
      yield* withStore(path, (store) => store.put("ana", profile("ana", password)))
      const db = new DatabaseSync(path)
      db.prepare("INSERT INTO profiles (key, value) VALUES (?, ?)").run("broken", "{not json")
      db.prepare("INSERT INTO profiles (key, value) VALUES (?, ?)").run("odd", JSON.stringify({ name: "odd" }))
      db.close()
      const all = yield* withStore(path, (store) => store.all)
      assert.deepStrictEqual(all.map(([key]) => key), ["ana"])
    }))

  it.effect("a file that is not a database fails the layer with its path", () =>
    Effect.gen(function*() {
      const path = tempPath("profiles.db")
      Fs.mkdirSync(Path.dirname(path), { recursive: true })
      Fs.writeFileSync(path, "this is not a database, just some text that is long enough to have a header")
      const error = yield* Effect.flip(withStore(path, (store) => store.all))
      assert.strictEqual(error._tag, "StoreError")
      assert.strictEqual(error.store, `SQLite ${path}`)
      assert.include(error.message, "not a database")
    }))

  it("decodes only what it encoded", () => {
    assert.isUndefined(StoredProfiles.decodeProfile("[]"))
    assert.isUndefined(StoredProfiles.decodeProfile(JSON.stringify({ name: "a", password: { algorithm: "md5" }, data: {} })))
    const password: Passwords.PasswordHash = { algorithm: "scrypt", cost: 16384, salt: new Uint8Array([1, 2, 3]), hash: new Uint8Array([250, 0, 7]) }
    const stored = profile("ana", password, { x: [1, "two"] })
    assert.deepStrictEqual(StoredProfiles.decodeProfile(StoredProfiles.encodeProfile(stored)), stored)
  })
})
