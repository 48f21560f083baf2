/**
 * The services the actors need, for unit-level tests: the registry with
 * its configuration, and everything stored in memory.
 */
import { Layer } from "effect"
import type { User } from "../../src/Model.ts"
import { StoredChannels } from "../../src/storage/StoredChannels.ts"
import { LinkStore } from "../../src/extensions/link/link.ts"
import * as MemoryStore from "../../src/storage/MemoryStore.ts"
import { ProfileStore } from "../../src/storage/ProfileStore.ts"
import { absentUser } from "../../src/actors/Presence.ts"
import * as RegistryActor from "../../src/actors/RegistryActor.ts"
import { ServerConfig, type ServerOptionsInput } from "../../src/config/ServerConfig.ts"

/** Registry, ServerConfig (`name: "Clocked"` and `options`), ProfileStore and LinkStore. */
export const services = (options: ServerOptionsInput = {}) => {
  const config = ServerConfig.layer({ name: "Clocked", memory: true, ...options })
  return RegistryActor.layer.pipe(
    Layer.provideMerge(LinkStore.layer),
    Layer.provideMerge(StoredChannels.layer),
    Layer.provideMerge(MemoryStore.layer),
    Layer.provideMerge(config),
    Layer.provideMerge(ProfileStore.layerMemory)
  )
}

/** A user record for `name`, with no connections: the creator of a channel a test makes directly. */
export const someone = (name: string): User => absentUser(name)
