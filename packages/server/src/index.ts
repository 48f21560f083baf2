/**
 * The Lichat server: actors, transport, configuration.
 *
 * @since 0.1.0
 */
export * as Actor from "./actors/Actor.ts"
export * as Channel from "./actors/Channel.ts"
export * as ChannelState from "./actors/ChannelState.ts"
export { Registry, type RegistryService, type RegistryState } from "./actors/Registry.ts"
export * as ServerConfigModule from "./config/ServerConfig.ts"
export { defaults, ServerConfig, type ServerOptions, type ServerOptionsInput } from "./config/ServerConfig.ts"
export * as Connection from "./connection/Connection.ts"
export { openFileLimit } from "./limits/Admission.ts"
export * from "./Model.ts"
export * as RuntimeTuning from "./RuntimeTuning.ts"
export * from "./Server.ts"
export * as MemoryStore from "./storage/MemoryStore.ts"
export * as Operators from "./storage/Operators.ts"
export * as Passwords from "./storage/Passwords.ts"
export * as PostgresStore from "./storage/PostgresStore.ts"
export { type Profile, ProfileStore } from "./storage/ProfileStore.ts"
export * as SqliteStore from "./storage/SqliteStore.ts"
export {
  COLLECTIONS,
  type Collection,
  type HistoryEntry,
  SCHEMA_VERSION,
  type SearchFilter,
  Store,
  StoreError,
  type StoreService
} from "./storage/Store.ts"
export * as StoredProfiles from "./storage/StoredProfiles.ts"
export * as StoreFromConfig from "./storage/StoreFromConfig.ts"
export * from "./transport/FrameSocket.ts"
export type { RequestHandler } from "./transport/HttpSide.ts"
export { type BoundAddress, type BoundListener, ListenError } from "./transport/Listener.ts"
