/**
 * The storage contract (storage/Store.ts), one suite run against each
 * store: in memory, SQLite in a temporary file, and PostgreSQL in a
 * throwaway server (test/support/Postgres.ts; each test gets a database of
 * its own). Records per collection (odd keys, large values), history order,
 * search, the history removals and retention with their counts, reopening,
 * and schema versions (a newer database is refused). Then what only
 * PostgreSQL has: migrating an empty database, two nodes starting together,
 * the background history writer (a failed batch retried once, then given
 * up, never raised; closing writes what is queued), and its URL handling.
 */
import { assert, layer, type Vitest } from "@effect/vitest"
import { Cause, Effect, Exit, Layer, Logger, References } from "effect"
import * as Fs from "node:fs"
import * as Net from "node:net"
import * as Os from "node:os"
import * as Path from "node:path"
import { DatabaseSync } from "node:sqlite"
import {
  COLLECTIONS,
  type HistoryEntry,
  SCHEMA_VERSION,
  type SearchFilter,
  MemoryStore,
  PostgresStore,
  SqliteStore,
  Store,
  type StoreError,
  type StoreService
} from "@lichat/server"
import { TestPostgres } from "../support/Postgres.ts"


/** Where one store lives: a layer opening it (each build opens it again), and its schema version (none in memory). */
interface Place {
  readonly open: Layer.Layer<Store, StoreError>
  readonly schema?: {
    /** The version the store (opened once before) is stamped with: this server's, once it has opened it. */
    readonly read: Effect.Effect<number>
    /** Marks the store as written by a server of schema `version`. */
    readonly stamp: (version: number) => Effect.Effect<void>
  }
}

/** A store implementation under test. */
interface Subject<R> {
  readonly name: string
  readonly durable: boolean
  /** A new, empty place. */
  readonly fresh: Effect.Effect<Place, never, R>
}

/** Runs `f` on the store at `place`, opening it before and closing it after (logging at Warn and above only). */
const withStore = <A, E>(place: Place, f: (store: StoreService) => Effect.Effect<A, E>) =>
  Effect.flatMap(Effect.service(Store), f).pipe(
    Effect.provide(place.open),
    Effect.provideService(References.MinimumLogLevel, "Warn")
  )

const entry = (clock: number, from: string, body: string, kind = "message"): HistoryEntry => ({
  clock,
  kind,
  from,
  body,
  text: `(${kind} :from ${JSON.stringify(from)} :clock ${clock} :text ${JSON.stringify(body)})`
})

const everything: SearchFilter = {
  from: Number.MIN_SAFE_INTEGER,
  to: Number.MAX_SAFE_INTEGER,
  senders: [],
  bodies: [],
  offset: 0,
  limit: 1_000_000
}

const sorted = (rows: ReadonlyArray<readonly [string, string]>) =>
  [...rows].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)

const ODD_KEYS = ["plain", "ünïcödé ключ 日本語 😀", `it's "quoted" \\ back`, "a%b", "axb", "a_b", "a", "", " spaced "]

/** The contract, for one implementation. */
const contract = <R>(it: Vitest.MethodsNonLive<R>, subject: Subject<R>) => {
  it.effect("records: put (and replace), get, all, remove, removePrefix, each collection apart", () =>
    Effect.gen(function*() {
      const place = yield* subject.fresh
      yield* withStore(place, (store) =>
        Effect.gen(function*() {
          for (const collection of COLLECTIONS) {
            for (const key of ODD_KEYS) yield* store.put(collection, key, JSON.stringify({ collection, key }))
          }
          yield* store.put("profiles", "plain", JSON.stringify({ replaced: true }))
          const profiles = sorted(yield* store.all("profiles"))
          assert.deepStrictEqual(profiles.map(([key]) => key), [...ODD_KEYS].sort())
          assert.strictEqual(yield* store.get("profiles", "plain"), JSON.stringify({ replaced: true }))
          assert.strictEqual(yield* store.get("channels", "plain"), JSON.stringify({ collection: "channels", key: "plain" }))
          for (const key of ODD_KEYS) {
            assert.strictEqual(yield* store.get("links", key), JSON.stringify({ collection: "links", key }), key)
          }
          assert.isUndefined(yield* store.get("profiles", "nobody"))

          yield* store.remove("profiles", `it's "quoted" \\ back`)
          yield* store.remove("profiles", "nobody")
          assert.isUndefined(yield* store.get("profiles", `it's "quoted" \\ back`))
          // The prefix is plain text: `%` and `_` in it are themselves.
          yield* store.removePrefix("profiles", "a%")
          yield* store.removePrefix("profiles", "a_")
          assert.deepStrictEqual(
            sorted(yield* store.all("profiles")).map(([key]) => key),
            ["", " spaced ", "a", "axb", "plain", "ünïcödé ключ 日本語 😀"]
          )
          yield* store.removePrefix("profiles", "a")
          assert.deepStrictEqual(
            sorted(yield* store.all("profiles")).map(([key]) => key),
            ["", " spaced ", "plain", "ünïcödé ключ 日本語 😀"]
          )
          yield* store.removePrefix("last_read", "")
          assert.deepStrictEqual(yield* store.all("last_read"), [])
          // The other collections are untouched.
          for (const collection of ["channels", "name_bans", "ip_bans", "links"] as const) {
            assert.strictEqual((yield* store.all(collection)).length, ODD_KEYS.length, collection)
          }
        }))
    }))

  it.effect("records: a value of about 1 MB comes back whole", () =>
    Effect.gen(function*() {
      const place = yield* subject.fresh
      const big = JSON.stringify({ text: "ünï 😀 \"quoted\" \\ ".repeat(60_000), list: Array.from({ length: 5_000 }, (_, i) => i) })
      assert.isAbove(big.length, 1_000_000)
      yield* withStore(place, (store) =>
        Effect.gen(function*() {
          yield* store.put("channels", "big", big)
          assert.strictEqual(yield* store.get("channels", "big"), big)
          assert.deepStrictEqual(yield* store.all("channels"), [["big", big]])
        }))
    }))

  it.effect("history: 1,000 appends, flush, and recent gives the newest in order, `from` and body as given", () =>
    Effect.gen(function*() {
      const place = yield* subject.fresh
      yield* withStore(place, (store) =>
        Effect.gen(function*() {
          const room: Array<HistoryEntry> = []
          for (let i = 0; i < 1_000; i++) {
            // Clocks out of order: the log keeps the order of appends.
            const e = entry(3_900_000_000 + (i % 7) * 1_000 + i, i % 2 === 0 ? "Ana" : "BOB", `Message ${i} ÜNÏ`, i % 10 === 0 ? "edit" : "message")
            room.push(e)
            store.append("room", e)
            store.append("other", entry(i, "carol", `other ${i}`))
          }
          yield* store.flush
          assert.deepStrictEqual(yield* store.recent("room", 100), room.slice(-100))
          assert.deepStrictEqual(yield* store.recent("room", 1), room.slice(-1))
          assert.deepStrictEqual(yield* store.recent("room", 5_000), room)
          assert.strictEqual((yield* store.recent("other", 2_000)).length, 1_000)
          assert.deepStrictEqual(yield* store.recent("nowhere", 10), [])
        }))
    }))

  it.effect("history: recent with fewer entries than the limit; flush with nothing to write", () =>
    Effect.gen(function*() {
      const place = yield* subject.fresh
      yield* withStore(place, (store) =>
        Effect.gen(function*() {
          yield* store.flush
          const entries = [entry(10, "Ana", "one"), entry(5, "Ana", "two"), entry(20, "Bob", "", "join")]
          for (const e of entries) store.append("room", e)
          yield* store.flush
          yield* store.flush
          assert.deepStrictEqual(yield* store.recent("room", 10), entries)
          assert.deepStrictEqual(yield* store.recent("room", 3), entries)
          assert.deepStrictEqual(yield* store.recent("room", 2), entries.slice(1))
        }))
    }))

  it.effect("search: sender and text patterns (LIKE, escaped, lower-case), clock range, messages only, channels apart, offset and limit", () =>
    Effect.gen(function*() {
      const place = yield* subject.fresh
      yield* withStore(place, (store) =>
        Effect.gen(function*() {
          const m = {
            hello: entry(100, "Ana", "Hello World"),
            sure: entry(110, "Bob", "100% sure"),
            notSure: entry(120, "Bob", "1000 sure"),
            underscore: entry(130, "ana_b", "a_b"),
            axb: entry(140, "anaxb", "axb"),
            unicode: entry(150, "Ünï", "ÜNÏCODE, hello"),
            early: entry(90, "Ana", "hello, early"),
            same: entry(100, "Carol", "hello again")
          }
          // Appended out of clock order; `same` has the clock of `hello`, appended after it.
          for (const e of [m.hello, m.sure, m.notSure, m.underscore, m.axb, m.unicode, m.early, m.same]) store.append("room", e)
          store.append("room", entry(105, "Ana", "hello, edited", "edit"))
          store.append("room", entry(106, "Ana", "", "join"))
          store.append("elsewhere", entry(100, "Ana", "hello from elsewhere"))
          yield* store.flush
          const search = (filter: Partial<SearchFilter>) => store.search("room", { ...everything, ...filter })
          const texts = (...entries: ReadonlyArray<HistoryEntry>) => entries.map((e) => e.text)

          assert.deepStrictEqual(
            yield* search({}),
            texts(m.early, m.hello, m.same, m.sure, m.notSure, m.underscore, m.axb, m.unicode)
          )
          assert.deepStrictEqual(yield* search({ bodies: ["%hello%"] }), texts(m.early, m.hello, m.same, m.unicode))
          assert.deepStrictEqual(yield* search({ senders: ["ana"] }), texts(m.early, m.hello))
          assert.deepStrictEqual(yield* search({ senders: ["ana%"] }), texts(m.early, m.hello, m.underscore, m.axb))
          assert.deepStrictEqual(yield* search({ senders: ["ana\\_b"] }), texts(m.underscore))
          assert.deepStrictEqual(yield* search({ senders: ["ana_b"] }), texts(m.underscore, m.axb))
          assert.deepStrictEqual(yield* search({ bodies: ["%100\\%%"] }), texts(m.sure))
          assert.deepStrictEqual(yield* search({ bodies: ["%100%"] }), texts(m.sure, m.notSure))
          assert.deepStrictEqual(yield* search({ bodies: ["a\\_b"] }), texts(m.underscore))
          assert.deepStrictEqual(yield* search({ bodies: ["a_b"] }), texts(m.underscore, m.axb))
          assert.deepStrictEqual(yield* search({ senders: ["ünï"], bodies: ["%ünï%"] }), texts(m.unicode))
          // Several patterns: any of them; sender and text: both.
          assert.deepStrictEqual(yield* search({ bodies: ["%world%", "%sure"] }), texts(m.hello, m.sure, m.notSure))
          assert.deepStrictEqual(yield* search({ senders: ["bob", "carol"], bodies: ["%again%", "1000%"] }), texts(m.same, m.notSure))
          assert.deepStrictEqual(yield* search({ senders: ["nobody"] }), [])
          // The clock range is inclusive.
          assert.deepStrictEqual(yield* search({ from: 100, to: 130 }), texts(m.hello, m.same, m.sure, m.notSure, m.underscore))
          assert.deepStrictEqual(yield* search({ from: 100, to: 100 }), texts(m.hello, m.same))
          assert.deepStrictEqual(yield* search({ from: 200, to: 300 }), [])
          // Offset and limit, over the matches oldest first.
          assert.deepStrictEqual(yield* search({ offset: 2, limit: 3 }), texts(m.same, m.sure, m.notSure))
          assert.deepStrictEqual(yield* search({ bodies: ["%hello%"], offset: 3, limit: 10 }), texts(m.unicode))
          assert.deepStrictEqual(yield* search({ limit: 0 }), [])
          assert.deepStrictEqual(
            yield* store.search("elsewhere", { ...everything, bodies: ["%hello%"] }),
            [entry(100, "Ana", "hello from elsewhere").text]
          )
          assert.deepStrictEqual(yield* store.search("nowhere", everything), [])
        }))
    }))

  it.effect("removeHistory forgets one channel; retainHistory every channel but those given", () =>
    Effect.gen(function*() {
      const place = yield* subject.fresh
      yield* withStore(place, (store) =>
        Effect.gen(function*() {
          for (const channel of ["a", "b", "c", "d", "O'Brien's"]) {
            for (let i = 0; i < 3; i++) store.append(channel, entry(i, "ana", `${channel} ${i}`))
          }
          yield* store.flush
          yield* store.removeHistory("b")
          yield* store.removeHistory("nowhere")
          assert.deepStrictEqual(yield* store.recent("b", 10), [])
          assert.strictEqual((yield* store.recent("a", 10)).length, 3)
          yield* store.retainHistory(["a", "O'Brien's", "nowhere"])
          assert.strictEqual((yield* store.recent("a", 10)).length, 3)
          assert.strictEqual((yield* store.recent("O'Brien's", 10)).length, 3)
          assert.deepStrictEqual(yield* store.recent("c", 10), [])
          assert.deepStrictEqual(yield* store.recent("d", 10), [])
          // What is appended before a removal is removed with it.
          store.append("a", entry(9, "ana", "late"))
          yield* store.removeHistory("a")
          assert.deepStrictEqual(yield* store.recent("a", 10), [])
          yield* store.retainHistory([])
          assert.deepStrictEqual(yield* store.recent("O'Brien's", 10), [])
        }))
    }))

  it.effect("pruneHistory by age, by count per channel, and both, returning how many went", () =>
    Effect.gen(function*() {
      const place = yield* subject.fresh
      yield* withStore(place, (store) =>
        Effect.gen(function*() {
          // a: clocks 1..10; b: clocks 1..3; c: 5, then 1 (out of order).
          for (let i = 1; i <= 10; i++) store.append("a", entry(i, "ana", `a ${i}`))
          for (let i = 1; i <= 3; i++) store.append("b", entry(i, "bob", `b ${i}`))
          store.append("c", entry(5, "carol", "c 5"))
          store.append("c", entry(1, "carol", "c 1"))
          yield* store.flush
          const bodies = (channel: string) => Effect.map(store.recent(channel, 100), (es) => es.map((e) => e.body))

          assert.strictEqual(yield* store.pruneHistory({ before: 0, limit: 100 }), 0)
          // Age: clock < 3 goes (a 1, a 2, b 1, b 2, c 1).
          assert.strictEqual(yield* store.pruneHistory({ before: 3, limit: 100 }), 5)
          assert.deepStrictEqual(yield* bodies("b"), ["b 3"])
          assert.deepStrictEqual(yield* bodies("c"), ["c 5"])
          // Count: each channel keeps its newest 5 (a: 3..10 → 6..10).
          assert.strictEqual(yield* store.pruneHistory({ before: 0, limit: 5 }), 3)
          assert.deepStrictEqual(yield* bodies("a"), ["a 6", "a 7", "a 8", "a 9", "a 10"])
          assert.strictEqual(yield* store.pruneHistory({ before: 0, limit: 5 }), 0)
          // Both: age first (a 6, a 7, b 3, c 5), then all but the newest 2 of what is left (a 8).
          assert.strictEqual(yield* store.pruneHistory({ before: 8, limit: 2 }), 5)
          assert.deepStrictEqual(yield* bodies("a"), ["a 9", "a 10"])
          assert.deepStrictEqual(yield* bodies("b"), [])
          assert.deepStrictEqual(yield* bodies("c"), [])
        }))
    }))

  it.effect("pruneHistory by count keeps the newest appended, whatever their clocks", () =>
    Effect.gen(function*() {
      const place = yield* subject.fresh
      yield* withStore(place, (store) =>
        Effect.gen(function*() {
          for (const clock of [50, 10, 40, 20, 30]) store.append("room", entry(clock, "ana", `at ${clock}`))
          assert.strictEqual(yield* store.pruneHistory({ before: 0, limit: 2 }), 3)
          assert.deepStrictEqual((yield* store.recent("room", 10)).map((e) => e.body), ["at 20", "at 30"])
        }))
    }))

  it.effect(`reopened, the store ${subject.durable ? "still holds" : "no longer holds"} its records and history`, () =>
    Effect.gen(function*() {
      const place = yield* subject.fresh
      const history = [entry(1, "Ana", "one"), entry(2, "Bob", "two", "edit"), entry(3, "Ana", "three")]
      yield* withStore(place, (store) =>
        Effect.gen(function*() {
          assert.strictEqual(store.durable, subject.durable)
          assert.isString(store.describe)
          yield* store.put("profiles", "ana", `{"name":"Ana"}`)
          yield* store.put("channels", "room", `{"name":"room"}`)
          for (const e of history) store.append("room", e)
          // No flush: closing the store writes what was appended.
        }))
      yield* withStore(place, (store) =>
        Effect.gen(function*() {
          if (subject.durable) {
            assert.deepStrictEqual(yield* store.all("profiles"), [["ana", `{"name":"Ana"}`]])
            assert.strictEqual(yield* store.get("channels", "room"), `{"name":"room"}`)
            assert.deepStrictEqual(yield* store.recent("room", 10), history)
            assert.deepStrictEqual(yield* store.search("room", everything), [history[0]?.text, history[2]?.text])
          } else {
            assert.deepStrictEqual(yield* store.all("profiles"), [])
            assert.deepStrictEqual(yield* store.recent("room", 10), [])
          }
        }))
    }))

  it.effect("a store written by a newer server (a later schema version) is refused, naming both versions", () =>
    Effect.gen(function*() {
      const place = yield* subject.fresh
      yield* withStore(place, (store) => store.put("profiles", "ana", "{}"))
      if (place.schema === undefined) {
        assert.isFalse(subject.durable, "a durable store has a schema version")
        return
      }
      const current = yield* place.schema.read
      assert.strictEqual(current, SCHEMA_VERSION)
      yield* place.schema.stamp(current + 1)
      const exit = yield* Effect.exit(withStore(place, (store) => store.all("profiles")))
      assert.isTrue(Exit.isFailure(exit))
      const error = Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined
      assert.strictEqual((error as StoreError | undefined)?._tag, "StoreError", String(error))
      const message = (error as StoreError).message
      assert.include(message, `schema version ${current + 1}`)
      assert.include(message, `up to ${current}`)
      assert.notInclude(message, "\n")
      // The data is left alone: stamped back, it opens.
      yield* place.schema.stamp(current)
      assert.deepStrictEqual(yield* withStore(place, (store) => store.all("profiles")), [["ana", "{}"]])
    }))
}

const memory: Subject<never> = {
  name: "MemoryStore",
  durable: false,
  fresh: Effect.succeed({ open: MemoryStore.layer })
}

const sqlite: Subject<never> = {
  name: "SqliteStore",
  durable: true,
  fresh: Effect.sync(() => {
    const path = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "lichat-store-")), "lichat.db")
    const pragma = (statement: string) =>
      Effect.sync(() => {
        const db = new DatabaseSync(path)
        try {
          return Number(db.prepare(statement).get()?.["user_version"] ?? 0)
        } finally {
          db.close()
        }
      })
    return {
      open: SqliteStore.layer(path),
      schema: {
        read: pragma("PRAGMA user_version"),
        stamp: (version: number) => Effect.asVoid(pragma(`PRAGMA user_version = ${version}`))
      }
    }
  })
}

const postgres: Subject<TestPostgres> = {
  name: "PostgresStore",
  durable: true,
  fresh: Effect.gen(function*() {
    const pg = yield* TestPostgres
    const url = yield* pg.createDatabase
    const database = url.slice(url.lastIndexOf("/") + 1)
    return {
      open: PostgresStore.layer(url),
      schema: {
        read: Effect.map(pg.psql("SELECT version FROM lichat_schema", database), Number),
        stamp: (version: number) => Effect.asVoid(pg.psql(`UPDATE lichat_schema SET version = ${version}`, database))
      }
    }
  })
}

/** What a logger saw at Warn and above. */
const capturingLogs = () => {
  const lines: Array<string> = []
  const logger = Logger.make<unknown, void>(({ logLevel, message }) => {
    if (logLevel === "Error" || logLevel === "Warn" || logLevel === "Fatal") {
      lines.push((Array.isArray(message) ? message : [message]).map(String).join(" "))
    }
  })
  return { lines, logger }
}

/** A TCP server that accepts connections and never answers. */
const silentServer = Effect.acquireRelease(
  Effect.callback<{ readonly server: Net.Server; readonly port: number }>((resume) => {
    const sockets = new Set<Net.Socket>()
    const server = Net.createServer((socket) => {
      sockets.add(socket)
      socket.on("error", () => {})
    })
    server.on("close", () => sockets.forEach((s) => s.destroy()))
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      resume(Effect.succeed({ server, port: typeof address === "object" && address !== null ? address.port : 0 }))
    })
  }),
  ({ server }) => Effect.sync(() => server.close())
)

const failureOf = <A>(effect: Effect.Effect<A, StoreError>) =>
  Effect.map(Effect.exit(effect), (exit) => {
    assert.isTrue(Exit.isFailure(exit), "expected the store to fail")
    const error = Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined
    assert.strictEqual((error as StoreError | undefined)?._tag, "StoreError", String(error))
    return error as StoreError
  })

const postgresOnly = (it: Vitest.MethodsNonLive<TestPostgres>) => {
  it.effect("an empty database (version 0, no lichat_schema) is migrated: every table, the version, rows already there kept", () =>
    Effect.gen(function*() {
      const pg = yield* TestPostgres
      const url = yield* pg.createDatabase
      const database = url.slice(url.lastIndexOf("/") + 1)
      // A collection table made by hand before the first start keeps its rows.
      yield* pg.psql(`CREATE TABLE profiles (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO profiles VALUES ('ana', '{}')`, database)
      assert.strictEqual((yield* pg.psql("SELECT to_regclass('lichat_schema') IS NULL", database)).trim(), "t")
      yield* withStore({ open: PostgresStore.layer(url) }, (store) =>
        Effect.gen(function*() {
          assert.deepStrictEqual(yield* store.all("profiles"), [["ana", "{}"]])
          assert.strictEqual(store.describe, `PostgreSQL 127.0.0.1:${pg.port}/${database}`)
        }))
      assert.isAtLeast(Number(yield* pg.psql("SELECT version FROM lichat_schema", database)), 1)
      const tables = (yield* pg.psql(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
        database
      )).trim().split("\n")
      assert.deepStrictEqual(tables, [...COLLECTIONS, "history", "lichat_schema"].sort())
      const columns = (yield* pg.psql(
        "SELECT column_name || ' ' || data_type FROM information_schema.columns WHERE table_name = 'history' ORDER BY ordinal_position",
        database
      )).trim().split("\n")
      assert.deepStrictEqual(columns, [
        "seq bigint",
        "channel text",
        "clock bigint",
        "kind text",
        "sender text",
        "sender_lower text",
        "body text",
        "body_lower text",
        "text text"
      ])
      // Opened again, nothing is migrated twice.
      yield* withStore({ open: PostgresStore.layer(url) }, () => Effect.void)
      assert.strictEqual((yield* pg.psql("SELECT count(*) FROM lichat_schema", database)).trim(), "1")
    }))

  it.effect("several nodes starting together on an empty database all open it (the migration is locked)", () =>
    Effect.gen(function*() {
      const pg = yield* TestPostgres
      const url = yield* pg.createDatabase
      const database = url.slice(url.lastIndexOf("/") + 1)
      const node = (name: string) =>
        withStore({ open: PostgresStore.layer(url) }, (store) => store.put("profiles", name, "{}"))
      yield* Effect.all([node("a"), node("b"), node("c"), node("d")], { concurrency: "unbounded" })
      assert.strictEqual((yield* pg.psql("SELECT count(*) FROM lichat_schema", database)).trim(), "1")
      assert.strictEqual((yield* pg.psql("SELECT count(*) FROM profiles", database)).trim(), "4")
    }))

  it.effect("two nodes share one database: what one writes, the other reads", () =>
    Effect.gen(function*() {
      const pg = yield* TestPostgres
      const url = yield* pg.createDatabase
      const place = { open: PostgresStore.layer(url) }
      yield* withStore(place, (a) =>
        withStore(place, (b) =>
          Effect.gen(function*() {
            yield* a.put("channels", "room", "{}")
            a.append("room", entry(1, "ana", "from a"))
            yield* a.flush
            assert.strictEqual(yield* b.get("channels", "room"), "{}")
            assert.deepStrictEqual((yield* b.recent("room", 10)).map((e) => e.body), ["from a"])
          })))
    }))

  it.effect("a history batch that fails is logged and retried once; one that fails again is logged as lost; neither is raised", () =>
    Effect.gen(function*() {
      const pg = yield* TestPostgres
      const url = yield* pg.createDatabase
      const database = url.slice(url.lastIndexOf("/") + 1)
      const { lines, logger } = capturingLogs()
      yield* withStore({ open: PostgresStore.layer(url) }, (store) =>
        Effect.gen(function*() {
          // Inserts into history fail while `attempts` (not rolled back with them) is at most `failing`.
          yield* pg.psql(
            `CREATE SEQUENCE attempts; CREATE TABLE failing (n BIGINT NOT NULL); INSERT INTO failing VALUES (1);
            CREATE FUNCTION fail_some() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF nextval('attempts') <= (SELECT n FROM failing) THEN RAISE EXCEPTION 'injected failure'; END IF;
              RETURN NULL;
            END $$;
            CREATE TRIGGER fail_some BEFORE INSERT ON history FOR EACH STATEMENT EXECUTE FUNCTION fail_some()`,
            database
          )
          for (let i = 0; i < 5; i++) store.append("room", entry(i, "ana", `kept ${i}`))
          yield* store.flush
          assert.deepStrictEqual((yield* store.recent("room", 10)).map((e) => e.body), [0, 1, 2, 3, 4].map((i) => `kept ${i}`))
          assert.strictEqual(lines.length, 1, lines.join("\n"))
          assert.include(lines[0], "could not write 5 history entries, retrying")
          assert.include(lines[0], "injected failure")

          // Now every attempt fails: the batch is given up, the writer goes on.
          yield* pg.psql("UPDATE failing SET n = 1000000", database)
          for (let i = 0; i < 3; i++) store.append("room", entry(10 + i, "ana", `lost ${i}`))
          yield* store.flush
          assert.strictEqual(lines.length, 3, lines.join("\n"))
          assert.include(lines[2], "3 history entries lost")
          yield* pg.psql("UPDATE failing SET n = 0", database)
          store.append("room", entry(20, "ana", "after"))
          yield* store.flush
          assert.deepStrictEqual((yield* store.recent("room", 2)).map((e) => e.body), ["kept 4", "after"])
        })).pipe(Effect.provideService(Logger.CurrentLoggers, new Set([logger])))
    }))

  it.effect("appends in many batches keep their order; closing the store writes the queue first", () =>
    Effect.gen(function*() {
      const pg = yield* TestPostgres
      const url = yield* pg.createDatabase
      const place = { open: PostgresStore.layer(url) }
      const count = 5_000
      yield* withStore(place, (store) =>
        Effect.gen(function*() {
          for (let i = 0; i < count; i++) {
            store.append("room", entry(i, "ana", `m ${i}`))
            if (i % 997 === 0) yield* Effect.yieldNow
          }
        }))
      const recent = yield* withStore(place, (store) => store.recent("room", count))
      assert.strictEqual(recent.length, count)
      assert.isTrue(recent.every((e, i) => e.body === `m ${i}`))
    }))

  it.effect("the URL: its password is never shown; a bad one, or a server that is not there, fails the layer on one line", () =>
    Effect.gen(function*() {
      const pg = yield* TestPostgres
      const url = yield* pg.createDatabase
      const database = url.slice(url.lastIndexOf("/") + 1)
      const withPassword = `postgres://postgres:s3cret@127.0.0.1:${pg.port}/${database}`
      const describe = yield* withStore({ open: PostgresStore.layer(withPassword) }, (store) => Effect.succeed(store.describe))
      assert.strictEqual(describe, `PostgreSQL 127.0.0.1:${pg.port}/${database}`)

      for (const bad of ["not a url", "mysql://localhost/db"]) {
        const error = yield* failureOf(withStore({ open: PostgresStore.layer(bad) }, () => Effect.void))
        assert.notInclude(error.message, "\n")
      }

      // Nothing listens on a port just closed: refused at once.
      const closed = yield* Effect.promise(() =>
        new Promise<number>((resolve) => {
          const server = Net.createServer().listen(0, "127.0.0.1", () => {
            const address = server.address()
            server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0))
          })
        })
      )
      const refused = yield* failureOf(withStore({ open: PostgresStore.layer(`postgres://u:s3cret@127.0.0.1:${closed}/db`) }, () => Effect.void))
      assert.strictEqual(refused.store, `PostgreSQL 127.0.0.1:${closed}/db`)
      assert.include(refused.message, "ECONNREFUSED")
      assert.notInclude(refused.message, "s3cret")
      assert.notInclude(refused.message, "\n")

      const missing = yield* failureOf(withStore({ open: PostgresStore.layer(pg.urlOf("no_such_database")) }, () => Effect.void))
      assert.include(missing.message, `database "no_such_database" does not exist`)

      // A server that never answers: bounded by the connect timeout (here the URL's, 1 s).
      const { port } = yield* silentServer
      const started = Date.now()
      const silent = yield* failureOf(
        withStore({ open: PostgresStore.layer(`postgres://u@127.0.0.1:${port}/db?connect_timeout=1`) }, () => Effect.void)
      )
      assert.isBelow(Date.now() - started, 5_000)
      assert.include(silent.message.toLowerCase(), "timed out")
    }))
}

layer(Layer.empty, { excludeTestServices: true })(memory.name, (it) => contract(it, memory))
layer(Layer.empty, { excludeTestServices: true })(sqlite.name, (it) => contract(it, sqlite))
layer(TestPostgres.layer, { excludeTestServices: true, concurrent: true, timeout: "300 seconds" })(postgres.name, (it) => {
  contract(it, postgres)
  postgresOnly(it)
})
