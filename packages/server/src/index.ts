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
export { ChannelFile } from "./storage/ChannelFile.ts"
export { HistoryFileError, MessageArchive } from "./storage/MessageArchive.ts"
export * as Passwords from "./storage/Passwords.ts"
export * as ProfileFile from "./storage/ProfileFile.ts"
export { type Profile, ProfileStore } from "./storage/ProfileStore.ts"
export * from "./transport/FrameSocket.ts"
export type { RequestHandler } from "./transport/HttpSide.ts"
export { type BoundAddress, type BoundListener, ListenError } from "./transport/Listener.ts"
