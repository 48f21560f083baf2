/**
 * Channels in the store (here its SQLite file): a channel is stored when
 * it is created and whenever a step changes it, before the answer leaves;
 * a reopened store gives the channels back, a removed one is gone, a bad
 * row is skipped; last-read marks and history come back with the channel.
 */
import { assert, describe, it } from "@effect/vitest"
import { nameKey, regularChannelRules } from "@lichat/core"
import { Effect, Layer } from "effect"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { DatabaseSync } from "node:sqlite"
import * as ChannelState from "../src/actors/ChannelState.ts"
import { Registry } from "../src/actors/Registry.ts"
import * as RegistryActor from "../src/actors/RegistryActor.ts"
import { CreateChannel } from "../src/actors/RegistryProtocol.ts"
import { ServerConfig } from "../src/config/ServerConfig.ts"
import { LinkStore } from "../src/extensions/link/link.ts"
import type { ChannelHandle } from "../src/Model.ts"
import { ProfileStore } from "../src/storage/ProfileStore.ts"
import * as SqliteStore from "../src/storage/SqliteStore.ts"
import { decodeChannel, restore, type SavedChannel, StoredChannels } from "../src/storage/StoredChannels.ts"
import { someone } from "./support/Services.ts"

const tempPath = () => Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "lichat-channels-")), "lichat.db")

const withKeeper = <A>(path: string, f: (keeper: StoredChannels["Service"]) => Effect.Effect<A>) =>
  Effect.flatMap(Effect.service(StoredChannels), f).pipe(
    Effect.provide(StoredChannels.layer.pipe(Layer.provide(SqliteStore.layer(path))))
  )

const garden: SavedChannel = {
  name: "Garden",
  registrant: "ana",
  rules: `((join (- "mallory")) (message t))`,
  pause: 5,
  info: [[":topic", "roses"]],
  emotes: [{ name: "rose", contentType: "image/png", payload: "iVBORw0KGgo=" }],
  quiet: ["bob"]
}

/** A bare channel state holding `saved`, for the keeper to store. */
const stateOf = (saved: SavedChannel): ChannelState.ChannelState => {
  const handle = { name: saved.name, key: nameKey(saved.name), kind: "regular", actor: undefined } as unknown as ChannelHandle
  return ChannelState.makeState({ handle, registrant: saved.registrant, rules: regularChannelRules(saved.registrant), historyLimit: 0 })
}

/** The end of the event loop's pass: the store commits then, before any socket write of the pass leaves (PassEnd.ts). */
const passEnd = Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))

const rows = (path: string, table: string) => {
  const db = new DatabaseSync(path, { readOnly: true })
  const keys = db.prepare(`SELECT key FROM ${table}`).all().map((r) => r["key"])
  db.close()
  return keys
}

describe("StoredChannels", () => {
  it.effect("a stored channel is there when the store is opened again; a removed one is gone; a bad row is skipped", () =>
    Effect.gen(function*() {
      const path = tempPath()
      yield* withKeeper(path, (keeper) =>
        Effect.gen(function*() {
          // Filled as a restore would fill it, then stored.
          const first = stateOf(garden)
          restore(first, garden)
          yield* keeper.save(first)
          yield* keeper.save(stateOf({ ...garden, name: "pond", quiet: [] }))
        }))
      const db = new DatabaseSync(path)
      db.prepare("INSERT INTO channels (key, value) VALUES (?, ?)").run("broken", `{"name": 5}`)
      db.close()
      const saved = yield* withKeeper(path, (keeper) => Effect.succeed(keeper.saved))
      assert.deepStrictEqual(saved.map((c) => c.name).sort(), ["Garden", "pond"])
      assert.deepStrictEqual(saved.find((c) => c.name === "Garden"), garden)
      yield* withKeeper(path, (keeper) => keeper.remove("pond"))
      assert.deepStrictEqual((yield* withKeeper(path, (keeper) => Effect.succeed(keeper.saved))).map((c) => c.name), ["Garden"])
    }))

  it("decodes only well-formed channels with valid names", () => {
    assert.deepStrictEqual(decodeChannel(JSON.stringify(garden)), garden)
    assert.isUndefined(decodeChannel(JSON.stringify({ ...garden, name: " bad name " })))
    assert.isUndefined(decodeChannel(JSON.stringify({ ...garden, info: [["only one"]] })))
    assert.isUndefined(decodeChannel(JSON.stringify({ ...garden, emotes: [{ name: "x" }] })))
    assert.isUndefined(decodeChannel("not json"))
  })

  it.effect("the registry stores a channel as it is created, before the creator hears of it", () =>
    Effect.gen(function*() {
      const path = tempPath()
      const services = RegistryActor.layer.pipe(
        Layer.provideMerge(LinkStore.layer),
        Layer.provideMerge(StoredChannels.layer),
        Layer.provideMerge(SqliteStore.layer(path)),
        Layer.provideMerge(ServerConfig.layer({ name: "Clocked", dataDir: Path.dirname(path) })),
        Layer.provideMerge(ProfileStore.layerMemory)
      )
      yield* Effect.gen(function*() {
        const registry = yield* Registry
        assert.deepStrictEqual(rows(path, "channels"), [])
        yield* registry.call(new CreateChannel({ name: "garden", kind: "regular", creator: someone("ana") }))
        yield* passEnd
        assert.deepStrictEqual(rows(path, "channels"), ["garden"])
        yield* registry.call(new CreateChannel({ name: "secret", kind: "anonymous", creator: someone("ana") }))
        yield* passEnd
        assert.deepStrictEqual(rows(path, "channels"), ["garden"], "anonymous channels are not stored")
      }).pipe(Effect.provide(services))
    }))
})
