/**
 * shirakumo-link payloads across a restart: files under `dataDir/links`,
 * their index in the store's `links` collection (a SQLite file here), read
 * back when the layer starts again; what expired, lost its file or has no
 * row is cleaned up then. With `memory`, nothing touches the disk.
 */
import { assert, describe, it } from "@effect/vitest"
import { Deferred, Effect, Fiber, Layer } from "effect"
import { TestClock } from "effect/testing"
import * as Crypto from "node:crypto"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { ServerConfig, type ServerOptionsInput } from "../src/config/ServerConfig.ts"
import { type Entry, LinkStore } from "../src/extensions/link/link.ts"
import * as MemoryStore from "../src/storage/MemoryStore.ts"
import * as SqliteStore from "../src/storage/SqliteStore.ts"
import { Store, StoreError } from "../src/storage/Store.ts"

/** A fresh data directory (not created yet) and its database file, as the server lays them out; removed with the scope. */
const tempDirs = Effect.acquireRelease(
  Effect.sync(() => {
    const root = Fs.mkdtempSync(Path.join(Os.tmpdir(), "lichat-linkstore-"))
    const dataDir = Path.join(root, "data")
    return { root, dataDir, db: Path.join(dataDir, "lichat.db") }
  }),
  ({ root }) => Effect.sync(() => Fs.rmSync(root, { recursive: true, force: true }))
)

type Services = { readonly links: LinkStore["Service"]; readonly store: Store["Service"] }

/** Runs `f` against a LinkStore (and its Store) opened on `store` with `options`, closing both after. */
const withLinks = <A, E>(
  store: Layer.Layer<Store, StoreError>,
  options: ServerOptionsInput,
  f: (services: Services) => Effect.Effect<A, E>
) =>
  Effect.flatMap(
    Effect.all({ links: Effect.service(LinkStore), store: Effect.service(Store) }),
    f
  ).pipe(
    Effect.provide(
      LinkStore.layer.pipe(
        Layer.provideMerge(store),
        Layer.provide(ServerConfig.layer({ linkLifetime: "1 hour", ...options }))
      )
    )
  )

const token = () => Crypto.randomBytes(24).toString("base64url")

const entry = (channel: string, owner: string, filename?: string): Entry => ({
  contentType: "image/png",
  filename,
  channel,
  owner
})

const bytesOf = (text: string) => new Uint8Array(Buffer.from(text))

const text = (bytes: Uint8Array | undefined) => bytes === undefined ? undefined : Buffer.from(bytes).toString()

const linksDir = (dataDir: string) => Path.join(dataDir, "links")

describe("LinkStore on disk", () => {
  it.effect("a payload outlives the layer: same bytes, type and filename, quotas restored, row as JSON", () =>
    Effect.gen(function*() {
      const { dataDir, db } = yield* tempDirs
      const sqlite = SqliteStore.layer(db)
      const [png, txt] = [token(), token()]
      yield* withLinks(sqlite, { dataDir }, ({ links }) =>
        Effect.gen(function*() {
          yield* links.put(png, entry("room", "ana", "cat.png"), bytesOf("png bytes"))
          yield* links.put(txt, { ...entry("room", "bob"), contentType: "text/plain" }, bytesOf("hello"))
        }))
      assert.isTrue(Fs.readFileSync(Path.join(linksDir(dataDir), png)).equals(Buffer.from("png bytes")))
      yield* withLinks(sqlite, { dataDir }, ({ links, store }) =>
        Effect.gen(function*() {
          const payload = yield* links.get(png)
          assert.isDefined(payload)
          assert.strictEqual(payload?.contentType, "image/png")
          assert.strictEqual(payload?.filename, "cat.png")
          assert.strictEqual(payload?.channel, "room")
          assert.strictEqual(payload?.owner, "ana")
          assert.strictEqual(payload?.size, 9)
          assert.strictEqual(payload?.expiresAt, 3_600_000)
          assert.strictEqual(text(yield* links.read(png)), "png bytes")
          assert.strictEqual((yield* links.get(txt))?.contentType, "text/plain")
          assert.isUndefined((yield* links.get(txt))?.filename)
          assert.strictEqual(text(yield* links.read(txt)), "hello")
          assert.strictEqual(links.usage("ana"), 9)
          assert.strictEqual(links.usage("bob"), 5)
          assert.strictEqual(links.usage(), 14)
          const rows = new Map(yield* store.all("links"))
          assert.deepStrictEqual(JSON.parse(rows.get(png) ?? "null"), {
            contentType: "image/png",
            filename: "cat.png",
            channel: "room",
            owner: "ana",
            size: 9,
            expiresAt: 3_600_000
          })
        }))
    }))

  it.effect("the restored bytes count against the quotas", () =>
    Effect.gen(function*() {
      const { dataDir, db } = yield* tempDirs
      const sqlite = SqliteStore.layer(db)
      const options = { dataDir, linkQuotaPerUser: 10, linkQuotaTotal: 15 }
      yield* withLinks(sqlite, options, ({ links }) => links.put(token(), entry("room", "ana"), bytesOf("12345678")))
      yield* withLinks(sqlite, options, ({ links }) =>
        Effect.gen(function*() {
          const user = yield* Effect.flip(links.put(token(), entry("room", "ana"), bytesOf("123")))
          assert.strictEqual(user.reason, "user-quota")
          const all = yield* Effect.flip(links.put(token(), entry("room", "bob"), bytesOf("12345678")))
          assert.strictEqual(all.reason, "total-quota")
          yield* links.put(token(), entry("room", "bob"), bytesOf("1234567"))
          assert.strictEqual(links.usage(), 15)
        }))
    }))

  it.effect("a payload that expired while the server was down is gone, row and file, and its bytes no longer count", () =>
    Effect.gen(function*() {
      const { dataDir, db } = yield* tempDirs
      const sqlite = SqliteStore.layer(db)
      const [old, young] = [token(), token()]
      yield* withLinks(sqlite, { dataDir }, ({ links }) =>
        Effect.gen(function*() {
          yield* links.put(old, entry("room", "ana"), bytesOf("old"))
          yield* TestClock.adjust("40 minutes")
          yield* links.put(young, entry("room", "ana"), bytesOf("young"))
        }))
      yield* TestClock.adjust("30 minutes")
      yield* withLinks(sqlite, { dataDir }, ({ links, store }) =>
        Effect.gen(function*() {
          assert.isUndefined(yield* links.get(old))
          assert.isFalse(Fs.existsSync(Path.join(linksDir(dataDir), old)))
          assert.deepStrictEqual((yield* store.all("links")).map(([key]) => key), [young])
          assert.strictEqual(links.usage("ana"), 5)
          assert.strictEqual(text(yield* links.read(young)), "young")
          // The survivor still expires on time.
          yield* TestClock.adjust("31 minutes")
          assert.isUndefined(yield* links.get(young))
          assert.strictEqual(links.usage(), 0)
          assert.deepStrictEqual(yield* store.all("links"), [])
          assert.isFalse(Fs.existsSync(Path.join(linksDir(dataDir), young)))
        }))
    }))

  it.effect("a shorter lifetime after the restart caps what is restored", () =>
    Effect.gen(function*() {
      const { dataDir, db } = yield* tempDirs
      const sqlite = SqliteStore.layer(db)
      const kept = token()
      yield* withLinks(sqlite, { dataDir }, ({ links }) => links.put(kept, entry("room", "ana"), bytesOf("abc")))
      yield* withLinks(sqlite, { dataDir, linkLifetime: "10 minutes" }, ({ links }) =>
        Effect.gen(function*() {
          assert.strictEqual((yield* links.get(kept))?.expiresAt, 600_000)
          yield* TestClock.adjust("11 minutes")
          assert.isUndefined(yield* links.get(kept))
        }))
    }))

  it.effect("at start a file no row names is removed; the others stay", () =>
    Effect.gen(function*() {
      const { dataDir, db } = yield* tempDirs
      const sqlite = SqliteStore.layer(db)
      const kept = token()
      yield* withLinks(sqlite, { dataDir }, ({ links }) => links.put(kept, entry("room", "ana"), bytesOf("kept")))
      // As a crash between the file and its row leaves it.
      const orphan = Path.join(linksDir(dataDir), token())
      Fs.writeFileSync(orphan, "half an upload")
      const subdir = Path.join(linksDir(dataDir), "not-ours")
      Fs.mkdirSync(subdir)
      yield* withLinks(sqlite, { dataDir }, ({ links }) =>
        Effect.gen(function*() {
          assert.isFalse(Fs.existsSync(orphan))
          assert.isTrue(Fs.existsSync(subdir), "only files are removed")
          assert.strictEqual(text(yield* links.read(kept)), "kept")
        }))
    }))

  it.effect("at start a row whose file is missing, of another size, or that does not decode is dropped", () =>
    Effect.gen(function*() {
      const { dataDir, db } = yield* tempDirs
      const sqlite = SqliteStore.layer(db)
      const [missing, truncated, kept, garbled] = [token(), token(), token(), token()]
      yield* withLinks(sqlite, { dataDir }, ({ links, store }) =>
        Effect.gen(function*() {
          yield* links.put(missing, entry("room", "ana"), bytesOf("missing"))
          yield* links.put(truncated, entry("room", "ana"), bytesOf("truncated"))
          yield* links.put(kept, entry("room", "bob"), bytesOf("kept"))
          Fs.writeFileSync(Path.join(linksDir(dataDir), garbled), "x")
          yield* store.put("links", garbled, "{not json")
          yield* store.put("links", "../lichat.db", JSON.stringify({ contentType: "a/b", channel: "c", owner: "d", size: 1, expiresAt: 1e15 }))
        }))
      Fs.rmSync(Path.join(linksDir(dataDir), missing))
      Fs.writeFileSync(Path.join(linksDir(dataDir), truncated), "trunc")
      yield* withLinks(sqlite, { dataDir }, ({ links, store }) =>
        Effect.gen(function*() {
          assert.isUndefined(yield* links.get(missing))
          assert.isUndefined(yield* links.get(truncated))
          assert.isUndefined(yield* links.get(garbled))
          assert.deepStrictEqual((yield* store.all("links")).map(([key]) => key), [kept])
          assert.deepStrictEqual(Fs.readdirSync(linksDir(dataDir)), [kept])
          assert.isTrue(Fs.existsSync(db), "a row's key never names a file outside links/ (here the database)")
          assert.strictEqual(links.usage("ana"), 0)
          assert.strictEqual(links.usage(), 4)
        }))
    }))

  it.effect("removeChannel removes the channel's rows and files, and only those", () =>
    Effect.gen(function*() {
      const { dataDir, db } = yield* tempDirs
      const sqlite = SqliteStore.layer(db)
      const [a, b, other] = [token(), token(), token()]
      yield* withLinks(sqlite, { dataDir }, ({ links, store }) =>
        Effect.gen(function*() {
          yield* links.put(a, entry("room", "ana"), bytesOf("a"))
          yield* links.put(b, entry("room", "bob"), bytesOf("bb"))
          yield* links.put(other, entry("lobby", "ana"), bytesOf("other"))
          yield* links.removeChannel("room")
          assert.isUndefined(yield* links.get(a))
          assert.isUndefined(yield* links.get(b))
          assert.deepStrictEqual((yield* store.all("links")).map(([key]) => key), [other])
          assert.deepStrictEqual(Fs.readdirSync(linksDir(dataDir)), [other])
          assert.strictEqual(links.usage(), 5)
        }))
      yield* withLinks(sqlite, { dataDir }, ({ links }) =>
        Effect.gen(function*() {
          assert.isUndefined(yield* links.get(a))
          assert.strictEqual(text(yield* links.read(other)), "other")
        }))
    }))

  it.effect("a store that cannot write the row refuses the put, and nothing of it is left", () =>
    Effect.gen(function*() {
      const { dataDir } = yield* tempDirs
      const failing = Layer.effect(
        Store,
        Effect.map(Effect.service(Store), (store) => ({
          ...store,
          durable: true,
          put: () => Effect.fail(new StoreError({ store: "broken", message: "disk full" }))
        }))
      ).pipe(Layer.provide(MemoryStore.layer))
      yield* withLinks(failing, { dataDir }, ({ links, store }) =>
        Effect.gen(function*() {
          const refused = yield* Effect.flip(links.put(token(), entry("room", "ana"), bytesOf("lost")))
          assert.strictEqual(refused._tag, "LinkRefused")
          assert.strictEqual(refused.reason, "storage")
          assert.strictEqual(links.usage(), 0)
          assert.deepStrictEqual(Fs.readdirSync(linksDir(dataDir)), [])
          assert.deepStrictEqual(yield* store.all("links"), [])
        }))
    }))
})

describe("LinkStore, a put and a removal at once", () => {
  it.effect("a channel removed while its payload is being indexed takes the payload along; the put is refused", () =>
    Effect.gen(function*() {
      const { dataDir } = yield* tempDirs
      const entered = yield* Deferred.make<void>()
      const release = yield* Deferred.make<void>()
      // A store whose row writes wait for `release`.
      const slow = Layer.effect(
        Store,
        Effect.map(Effect.service(Store), (store) => ({
          ...store,
          durable: true,
          put: (collection: Parameters<typeof store.put>[0], key: string, json: string) =>
            Deferred.succeed(entered, undefined).pipe(
              Effect.andThen(Deferred.await(release)),
              Effect.andThen(store.put(collection, key, json))
            )
        }))
      ).pipe(Layer.provide(MemoryStore.layer))
      yield* withLinks(slow, { dataDir }, ({ links, store }) =>
        Effect.gen(function*() {
          const t = token()
          const put = yield* Effect.forkChild(Effect.flip(links.put(t, entry("room", "ana"), bytesOf("racing"))))
          yield* Deferred.await(entered)
          assert.isTrue(Fs.existsSync(Path.join(linksDir(dataDir), t)), "the file is written before the row")
          yield* links.removeChannel("room")
          assert.strictEqual(links.usage(), 0)
          yield* Deferred.succeed(release, undefined)
          const refused = yield* Fiber.join(put)
          assert.strictEqual(refused.reason, "storage")
          assert.isUndefined(yield* links.get(t))
          assert.deepStrictEqual(yield* store.all("links"), [])
          assert.deepStrictEqual(Fs.readdirSync(linksDir(dataDir)), [])
        }))
    }))
})

describe("LinkStore in memory", () => {
  it.effect("with memory, nothing is written under dataDir nor to the store", () =>
    Effect.gen(function*() {
      const { dataDir } = yield* tempDirs
      const t = token()
      yield* withLinks(MemoryStore.layer, { dataDir, memory: true }, ({ links, store }) =>
        Effect.gen(function*() {
          yield* links.put(t, entry("room", "ana"), bytesOf("in memory"))
          assert.strictEqual(text(yield* links.read(t)), "in memory")
          assert.strictEqual(links.usage("ana"), 9)
          assert.deepStrictEqual(yield* store.all("links"), [])
          yield* links.removeChannel("room")
          assert.isUndefined(yield* links.get(t))
        }))
      assert.isFalse(Fs.existsSync(dataDir))
    }))

  it.effect("with memory, a durable store gets no index either", () =>
    Effect.gen(function*() {
      const { dataDir, db } = yield* tempDirs
      const t = token()
      yield* withLinks(SqliteStore.layer(db), { dataDir, memory: true }, ({ links, store }) =>
        Effect.gen(function*() {
          yield* links.put(t, entry("room", "ana"), bytesOf("in memory"))
          assert.strictEqual(text(yield* links.read(t)), "in memory")
          assert.deepStrictEqual(yield* store.all("links"), [])
        }))
      assert.isFalse(Fs.existsSync(linksDir(dataDir)))
    }))
})
