/**
 * The Lichat protocol as an Effect library: the wire format (reader,
 * printer, framing), the typed update model, names, permission rules and
 * protocol facts. No sockets and no server state.
 *
 * @since 0.1.0
 */
export * from "./Codec.ts"
export * from "./DefaultRules.ts"
export * from "./Framing.ts"
export * from "./Names.ts"
export * from "./Permissions.ts"
export * from "./Printer.ts"
export * from "./Protocol.ts"
export * from "./Reader.ts"
export * from "./Symbol.ts"
export * from "./Updates.ts"
export * from "./Value.ts"
export * from "./WireError.ts"
