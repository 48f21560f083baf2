/**
 * shirakumo-ip: connection addresses as IPv6 (IPv4 in its mapped form),
 * and an IP blacklist of address/mask pairs checked before the handshake.
 * An address `a` matches a banned `b` under mask `m` when
 * `a & ~m == b & ~m` (spec): bits set in the mask are wildcards, so the
 * mask `::` (or `0.0.0.0`) bans exactly one address and `::ffff:0.0.0.255`
 * a whole IPv4 /24.
 *
 * `X-Forwarded-For` is believed only when the socket's peer is one of the
 * configured `trustedProxies`.
 *
 * @since 0.1.0
 */
import { BadIpFormat, type IpBan as IpBanUpdate, type IpUnban } from "@lichat/core"
import { Effect } from "effect"
import * as Net from "node:net"
import * as Handler from "../Handler.ts"
import type { IpBan, RegistryState } from "../Registry.ts"
import { Registry } from "../Registry.ts"
import type { ServerOptions } from "../ServerConfig.ts"
import type { Session } from "../Session.ts"
import { fail, send } from "../Session.ts"

/** Parses an IPv4 or IPv6 address into 16 bytes (IPv4 as `::ffff:a.b.c.d`); `undefined` if it is neither. */
export const parseIp = (text: string): Uint8Array | undefined => {
  const kind = Net.isIP(text)
  if (kind === 4) return new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...text.split(".").map(Number)])
  if (kind !== 6) return undefined
  let address = text.split("%")[0]!
  const bytes = new Uint8Array(16)
  const tail: Array<number> = []
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(address)
  if (v4 !== null) {
    tail.push(...v4[1]!.split(".").map(Number))
    address = address.slice(0, -v4[1]!.length) + "0:0"
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
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16))
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
  for (let i = 0; i < 16; i++) if ((a[i]! & ~mask[i]!) !== (b[i]! & ~mask[i]!)) return false
  return true
}

const bits = (mask: Uint8Array): number => {
  let n = 0
  for (const byte of mask) for (let b = byte; b > 0; b >>= 1) n += b & 1
  return n
}

/** A mask given as IPv4 applies to the IPv4 part only (the mapped prefix stays exact). */
const parseMask = (text: string): Uint8Array | undefined => {
  const mask = parseIp(text)
  if (mask !== undefined && Net.isIP(text) === 4) mask.fill(0, 0, 12)
  return mask
}

/** Whether an address (as text) is on the blacklist. */
export const isBanned = (state: RegistryState, address: string): boolean => {
  if (state.ipBlacklist.length === 0) return false
  const ip = parseIp(address)
  return ip !== undefined && state.ipBlacklist.some((ban) => matches(ip, ban.ip, ban.mask))
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
  for (let i = chain.length - 1; i >= 0; i--) if (!config.trustedProxies.includes(chain[i]!)) return chain[i]!
  return chain[0] ?? peer
}

/** The connections of every present user whose address matches a ban. */
const dropMatching = (registry: Registry["Service"], ban: IpBan): void => {
  for (const user of registry.state.users.values()) {
    for (const connection of Array.from(user.connections)) {
      const ip = parseIp(connection.address)
      if (ip !== undefined && matches(ip, ban.ip, ban.mask)) connection.close("killed")
    }
  }
}

/** The address and mask of an `ip-ban` or `ip-unban`, or `bad-ip-format` sent and `undefined`. */
const parseRange = (session: Session, update: IpBanUpdate | IpUnban) =>
  Effect.gen(function*() {
    const ip = parseIp(update.ip)
    const mask = parseMask(update.mask)
    if (ip === undefined || mask === undefined) {
      yield* fail(session.connection, BadIpFormat, update, "ip and mask must be IPv4 or IPv6 addresses.")
      return undefined
    }
    return { ip, mask }
  })

/** Bans an address range and drops its connections. */
export const ipBan = Handler.make({
  tag: "ip-ban",
  extension: "shirakumo-ip",
  handle: (session, update) =>
    Handler.inPrimary(session, update, () =>
      Effect.gen(function*() {
        const registry = yield* Registry
        const range = yield* parseRange(session, update)
        if (range === undefined) return
        const { ip, mask } = range
        const added = yield* registry.exec((state) =>
          Effect.sync(() => {
            for (let i = state.ipBlacklist.length - 1; i >= 0; i--) {
              const entry = state.ipBlacklist[i]!
              if (!matches(entry.ip, ip, mask)) continue
              if (bits(entry.mask) > bits(mask)) return false
              state.ipBlacklist.splice(i, 1)
            }
            state.ipBlacklist.push({ ip, mask })
            return true
          })
        ).pipe(Effect.orElseSucceed(() => false))
        if (added) dropMatching(registry, { ip, mask })
        send(session.connection, update)
      }))
})

/** Lifts bans within an address range. */
export const ipUnban = Handler.make({
  tag: "ip-unban",
  extension: "shirakumo-ip",
  handle: (session, update) =>
    Handler.inPrimary(session, update, () =>
      Effect.gen(function*() {
        const registry = yield* Registry
        const range = yield* parseRange(session, update)
        if (range === undefined) return
        const { ip, mask } = range
        yield* registry.exec((state) =>
          Effect.sync(() => {
            for (let i = state.ipBlacklist.length - 1; i >= 0; i--) {
              const entry = state.ipBlacklist[i]!
              if (matches(entry.ip, ip, mask) && bits(mask) >= bits(entry.mask)) state.ipBlacklist.splice(i, 1)
            }
          })
        ).pipe(Effect.ignore)
        send(session.connection, update)
      }))
})

/** Lists the IP blacklist as `((ip mask) …)`. */
export const ipBlacklist = Handler.make({
  tag: "ip-blacklist",
  extension: "shirakumo-ip",
  handle: (session, update) =>
    Handler.inPrimary(session, update, () =>
      Effect.gen(function*() {
        const registry = yield* Registry
        const target = registry.state.ipBlacklist.map((ban) => [printIp(ban.ip), printMask(ban.ip, ban.mask)])
        send(session.connection, Handler.patch(update, { target }))
      }))
})
