/**
 * The Lichat server: actors, transport, configuration.
 *
 * @since 0.1.0
 */
export * as Actor from "./Actor.ts"
export * as Channel from "./Channel.ts"
export { ChannelFile } from "./ChannelFile.ts"
export * as Connection from "./Connection.ts"
export { HistoryFileError, MessageArchive } from "./MessageArchive.ts"
export * from "./Model.ts"
export * as Passwords from "./Passwords.ts"
export * as ProfileFile from "./ProfileFile.ts"
export { type Profile, ProfileStore } from "./ProfileStore.ts"
export { Registry, type RegistryService, type RegistryState } from "./Registry.ts"
export * as RuntimeTuning from "./RuntimeTuning.ts"
export * from "./Server.ts"
export * as ServerConfigModule from "./ServerConfig.ts"
export { defaults, ServerConfig, type ServerOptions, type ServerOptionsInput } from "./ServerConfig.ts"
export * from "./transport/FrameSocket.ts"
export { type BoundAddress, ListenError, type RequestHandler } from "./transport/WebSocketListener.ts"
