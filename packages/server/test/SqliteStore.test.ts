/**
 * The SQLite store's own migrations: a state file of the 0.1 servers
 * (`--state-file`: profiles (key, profile), channels (key, channel)) is
 * taken over with its rows, and stamped with the current version.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { DatabaseSync } from "node:sqlite"
import * as SqliteStore from "../src/storage/SqliteStore.ts"
import { SCHEMA_VERSION, Store } from "../src/storage/Store.ts"

describe("SqliteStore", () => {
  it.effect("takes over a 0.1 state file: its profiles and channels are kept, the version stamped", () =>
    Effect.gen(function*() {
      const path = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "lichat-legacy-")), "state.db")
      const legacy = new DatabaseSync(path)
      legacy.exec("CREATE TABLE profiles (key TEXT PRIMARY KEY, profile TEXT NOT NULL)")
      legacy.exec("CREATE TABLE channels (key TEXT PRIMARY KEY, channel TEXT NOT NULL)")
      legacy.prepare("INSERT INTO profiles VALUES (?, ?)").run("ana", `{"name":"ana"}`)
      legacy.prepare("INSERT INTO channels VALUES (?, ?)").run("garden", `{"name":"garden"}`)
      legacy.close()
      const [profiles, channels, bans] = yield* Effect.gen(function*() {
        const store = yield* Store
        yield* store.put("name_bans", "mallory", "{}")
        return yield* Effect.all([store.all("profiles"), store.all("channels"), store.all("name_bans")])
      }).pipe(Effect.provide(SqliteStore.layer(path)))
      assert.deepStrictEqual(profiles, [["ana", `{"name":"ana"}`]])
      assert.deepStrictEqual(channels, [["garden", `{"name":"garden"}`]])
      assert.deepStrictEqual(bans, [["mallory", "{}"]])
      const db = new DatabaseSync(path, { readOnly: true })
      assert.strictEqual(Number(db.prepare("PRAGMA user_version").get()?.["user_version"]), SCHEMA_VERSION)
      db.close()
    }))
})
