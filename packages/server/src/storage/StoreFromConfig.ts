/**
 * The store the configuration asks for: memory with `memory`, PostgreSQL
 * with a `database` URL, else the SQLite file `lichat.db` under `dataDir`;
 * and the registered profiles kept in it.
 *
 * @since 0.2.0
 */
import * as Path from "node:path"
import { Effect, Layer, Redacted } from "effect"
import { ServerConfig } from "../config/ServerConfig.ts"
import * as MemoryStore from "./MemoryStore.ts"
import * as PostgresStore from "./PostgresStore.ts"
import type { ProfileStore } from "./ProfileStore.ts"
import * as SqliteStore from "./SqliteStore.ts"
import type { Store, StoreError } from "./Store.ts"
import * as StoredProfiles from "./StoredProfiles.ts"

/** The `Store` from the configuration. */
export const layer: Layer.Layer<Store, StoreError, ServerConfig> = Layer.unwrap(
  Effect.map(Effect.service(ServerConfig), (config) => {
    if (config.memory) return MemoryStore.layer
    // A cluster's runners share its database.
    if (Redacted.value(config.cluster) !== "") return PostgresStore.layer(config.cluster)
    const database = Redacted.value(config.database)
    if (database !== "") return PostgresStore.layer(config.database)
    return SqliteStore.layer(Path.join(config.dataDir, SqliteStore.FILE_NAME))
  })
)

/** The `Store` from the configuration, and the `ProfileStore` kept in it. */
export const layerWithProfiles: Layer.Layer<Store | ProfileStore, StoreError, ServerConfig> = StoredProfiles.layer.pipe(
  Layer.provideMerge(layer)
)
