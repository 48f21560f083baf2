/**
 * Channels in the state file: what is saved is there when the file is
 * opened again, a removed channel is gone, a bad row is skipped; and the
 * registry saves its regular channels on its schedule (TestClock).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { TestClock } from "effect/testing"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { DatabaseSync } from "node:sqlite"
import { ChannelFile, decodeChannel, type SavedChannel, saveInterval } from "../src/storage/ChannelFile.ts"
import { LinkStore } from "../src/extensions/link/link.ts"
import { MessageArchive } from "../src/storage/MessageArchive.ts"
import { ProfileStore } from "../src/storage/ProfileStore.ts"
import { Registry } from "../src/actors/Registry.ts"
import { CreateChannel } from "../src/actors/RegistryProtocol.ts"
import { someone } from "./support/Services.ts"
import * as RegistryActor from "../src/actors/RegistryActor.ts"
import { ServerConfig } from "../src/config/ServerConfig.ts"

const tempPath = () => Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "lichat-channels-")), "state.db")

const withKeeper = <A>(path: string, f: (keeper: ChannelFile["Service"]) => Effect.Effect<A>) =>
  Effect.flatMap(Effect.service(ChannelFile), f).pipe(Effect.provide(ChannelFile.layerFile(path)))

const garden: SavedChannel = {
  name: "Garden",
  registrant: "ana",
  rules: `((join (- "mallory")) (message t))`,
  pause: 5,
  info: [[":topic", "roses"]],
  emotes: [{ name: "rose", contentType: "image/png", payload: "iVBORw0KGgo=" }],
  quiet: ["bob"]
}

describe("ChannelFile", () => {
  it.effect("a saved channel is there when the file is opened again; a removed one is gone; a bad row is skipped", () =>
    Effect.gen(function*() {
      const path = tempPath()
      yield* withKeeper(path, (keeper) =>
        Effect.all([keeper.save("garden", garden), keeper.save("pond", { ...garden, name: "pond", quiet: [] })]))
      const db = new DatabaseSync(path)
      db.prepare("INSERT INTO channels (key, channel) VALUES (?, ?)").run("broken", `{"name": 5}`)
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

  it.effect("the registry saves its regular channels every 30 seconds", () =>
    Effect.gen(function*() {
      const path = tempPath()
      const services = RegistryActor.layer.pipe(
        Layer.provideMerge(LinkStore.layer),
        Layer.provideMerge(MessageArchive.layerNone),
        Layer.provideMerge(ChannelFile.layerFile(path)),
        Layer.provideMerge(ServerConfig.layer({ name: "Clocked" })),
        Layer.provideMerge(ProfileStore.layerMemory)
      )
      const rows = () => {
        const db = new DatabaseSync(path, { readOnly: true })
        const keys = db.prepare("SELECT key FROM channels").all().map((r) => r["key"])
        db.close()
        return keys
      }
      yield* Effect.gen(function*() {
        const registry = yield* Registry
        yield* registry.call(new CreateChannel({ name: "garden", kind: "regular", creator: someone("ana") }))
        assert.deepStrictEqual(rows(), [])
        yield* TestClock.adjust(saveInterval)
        assert.deepStrictEqual(rows(), ["garden"])
      }).pipe(Effect.provide(services))
    }))
})
