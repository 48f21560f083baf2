/**
 * Which protocol extensions are on (every implemented one unless the
 * configuration switches it off; shirakumo-history only with a history
 * file), the names advertised in the `connect`
 * reply, the default rule tables they add to new channels, and the checks
 * extensions add to the handshake (the name blacklist of
 * shirakumo-server-management).
 *
 * @since 0.1.0
 */
import { type DefaultRuleTable, nameKey } from "@lichat/core"
import type { IpBan } from "../actors/Registry.ts"
import type { ServerOptions } from "../config/ServerConfig.ts"
import { ALIASES, canonicalName, IMPLEMENTED, RULES } from "./catalog.ts"
import { isBanned } from "./ip/addresses.ts"

const cache = new WeakMap<ServerOptions, ReadonlySet<string>>()

/** The extensions on under this configuration. */
const enabled = (config: ServerOptions): ReadonlySet<string> => {
  let names = cache.get(config)
  if (names === undefined) {
    const off = new Set(config.disabledExtensions.map(canonicalName))
    names = new Set(IMPLEMENTED.filter((name) => !off.has(name)))
    cache.set(config, names)
  }
  return names
}

/** Whether an extension is on. */
export const isEnabled = (config: ServerOptions, name: string): boolean => enabled(config).has(name)

/** The extension names advertised to clients, in a stable order: each enabled one, then its other names. */
export const supported = (config: ServerOptions): ReadonlyArray<string> =>
  Array.from(enabled(config)).flatMap((name) => [name, ...(ALIASES[name] ?? [])])

/** The default rule tables of the enabled extensions. */
export const ruleTables = (config: ServerOptions): ReadonlyArray<DefaultRuleTable> =>
  Array.from(enabled(config)).flatMap((name) => RULES[name] ?? [])

/**
 * The handshake check of shirakumo-server-management (spec: after the name
 * check): whether the name is blacklisted. The caller answers
 * `too-many-connections`, as the spec says.
 */
export const checkHandshake = (
  config: ServerOptions,
  blacklist: ReadonlySet<string>,
  name: string
): true | undefined =>
  isEnabled(config, "shirakumo-server-management") && blacklist.has(nameKey(name)) ? true : undefined

/** Whether an extension refuses a socket from `address` before anything else: an IP ban (shirakumo-ip). */
export const checkAddress = (config: ServerOptions, ipBlacklist: ReadonlyArray<IpBan>, address: string): boolean =>
  isEnabled(config, "shirakumo-ip") && isBanned(ipBlacklist, address)
