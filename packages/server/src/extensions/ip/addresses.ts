/**
 * Addresses for shirakumo-ip: connection addresses as IPv6 (IPv4 in its
 * mapped form), and the IP blacklist of address/mask pairs checked before
 * the handshake. An address `a` matches a banned `b` under mask `m` when
 * `a & ~m == b & ~m` (spec): bits set in the mask are wildcards, so the
 * mask `::` (or `0.0.0.0`) bans exactly one address and `::ffff:0.0.0.255`
 * a whole IPv4 /24.
 *
 * `X-Forwarded-For` is believed only when the socket's peer is one of the
 * configured `trustedProxies`.
 *
 * @since 0.1.0
 */
import * as Net from "node:net"
import type { IpBan } from "../../actors/Registry.ts"
import type { ServerOptions } from "../../config/ServerConfig.ts"

/** The byte at `i`, 0 past the end (every address here has 16). */
const byteAt = (bytes: Uint8Array, i: number): number => bytes[i] ?? 0

/** Parses an IPv4 or IPv6 address into 16 bytes (IPv4 as `::ffff:a.b.c.d`); `undefined` if it is neither. */
export const parseIp = (text: string): Uint8Array | undefined => {
  const kind = Net.isIP(text)
  if (kind === 4) return new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...text.split(".").map(Number)])
  if (kind !== 6) return undefined
  // A zone index (`%eth0`) is not part of the address.
  const zone = text.indexOf("%")
  let address = zone < 0 ? text : text.slice(0, zone)
  const bytes = new Uint8Array(16)
  const tail: Array<number> = []
  const v4 = /\d+\.\d+\.\d+\.\d+$/.exec(address)
  if (v4 !== null) {
    tail.push(...v4[0].split(".").map(Number))
    address = address.slice(0, -v4[0].length) + "0:0"
  }
  const [head, rest] = address.split("::") as [string, string | undefined]
  const groups = (part: string | undefined) => (part === undefined || part === "" ? [] : part.split(":").map((g) => Number.parseInt(g, 16)))
  const front = groups(head)
  const back = groups(rest)
  const all = rest === undefined ? front : [...front, ...Array(8 - front.length - back.length).fill(0), ...back]
  all.forEach((group, i) => {
    bytes[i * 2] = group >> 8
    bytes[i * 2 + 1] = group & 0xff
  })
  if (tail.length === 4) bytes.set(tail, 12)
  return bytes
}

/** Prints 16 bytes as a full IPv6 address. */
export const printIp = (bytes: Uint8Array): string => {
  // An IPv4 address (mapped, ::ffff:a.b.c.d) reads as one: what the operator typed, and what lichat-js shows.
  if (isMappedV4(bytes)) return dotted(bytes)
  const groups: Array<string> = []
  for (let i = 0; i < 16; i += 2) groups.push(((byteAt(bytes, i) << 8) | byteAt(bytes, i + 1)).toString(16))
  return groups.join(":")
}

const isMappedV4 = (bytes: Uint8Array): boolean =>
  bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff

const dotted = (bytes: Uint8Array): string => Array.from(bytes.subarray(12, 16)).join(".")

/** A ban's mask as written for its address: dotted when both are IPv4. */
export const printMask = (ip: Uint8Array, mask: Uint8Array): string =>
  isMappedV4(ip) && mask.subarray(0, 12).every((b) => b === 0) ? dotted(mask) : printIp(mask)

/** Whether `a` matches `b` under `mask` (bits set in the mask are ignored). */
export const matches = (a: Uint8Array, b: Uint8Array, mask: Uint8Array): boolean => {
  for (let i = 0; i < 16; i++) {
    const care = ~byteAt(mask, i)
    if ((byteAt(a, i) & care) !== (byteAt(b, i) & care)) return false
  }
  return true
}

/** How many bits of a mask are set: the wider the range it bans, the more. */
export const maskBits = (mask: Uint8Array): number => {
  let n = 0
  for (const byte of mask) for (let b = byte; b > 0; b >>= 1) n += b & 1
  return n
}

/** Parses a mask; one given as IPv4 applies to the IPv4 part only (the mapped prefix stays exact). */
export const parseMask = (text: string): Uint8Array | undefined => {
  const mask = parseIp(text)
  if (mask !== undefined && Net.isIP(text) === 4) mask.fill(0, 0, 12)
  return mask
}

/** Whether an address (as text) is on the blacklist. */
export const isBanned = (blacklist: ReadonlyArray<IpBan>, address: string): boolean => {
  if (blacklist.length === 0) return false
  const ip = parseIp(address)
  return ip !== undefined && blacklist.some((ban) => matches(ip, ban.ip, ban.mask))
}

/**
 * The client's address: the socket peer, or, when the peer is a trusted
 * proxy, the nearest untrusted address of its `X-Forwarded-For` chain.
 */
export const clientAddress = (
  peer: string,
  headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>,
  config: ServerOptions
): string => {
  if (!config.trustedProxies.includes(peer)) return peer
  const header = headers["x-forwarded-for"]
  const chain = (Array.isArray(header) ? header.join(",") : (header as string | undefined) ?? "")
    .split(",").map((s) => s.trim()).filter((s) => Net.isIP(s) !== 0)
  return chain.findLast((hop) => !config.trustedProxies.includes(hop)) ?? chain[0] ?? peer
}
