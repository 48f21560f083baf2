/**
 * Where and how the driver's clients reach a server: its `ws://` URL and
 * the transport, WebSocket or raw Lichat over TCP (the updates, each ended
 * by a NUL byte, on the same host and port).
 */

export type Transport = "ws" | "tcp"

export interface Endpoint {
  /** The server's WebSocket URL; a TCP client connects to its host and port. */
  readonly url: string
  readonly transport: Transport
}

/** The host and port of the endpoint's URL (IPv6 brackets removed). */
export const hostAndPort = (url: string): { readonly host: string; readonly port: number } => {
  const parsed = new URL(url)
  return { host: parsed.hostname.replace(/^\[|\]$/g, ""), port: Number(parsed.port || 80) }
}

/** The endpoint as the report shows it: the URL, or `tcp://host:port`. */
export const describe = (endpoint: Endpoint): string =>
  endpoint.transport === "ws" ? endpoint.url : `tcp://${new URL(endpoint.url).host}`

/** Source addresses the idle phase spreads its sockets over, each with its own ephemeral ports. */
const SOURCE_ADDRESSES = 16

/**
 * 127.0.0.2 … 127.0.0.17 when the server is on this machine's loopback
 * (every 127.x address is local on Linux), so that 100,000 sockets do not
 * run out of one address's ephemeral ports; undefined for another host.
 */
export const sourceAddresses = (endpoint: Endpoint): ReadonlyArray<string> | undefined => {
  const { host } = hostAndPort(endpoint.url)
  if (!host.startsWith("127.") && host !== "localhost") return undefined
  return Array.from({ length: SOURCE_ADDRESSES }, (_, i) => `127.0.0.${i + 2}`)
}
