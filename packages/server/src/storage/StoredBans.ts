/**
 * The name blacklist (`ban`) and the IP blacklist (`ip-ban`) in the store's
 * `name_bans` and `ip_bans` collections: read at start, written through by
 * the registry before the ban is acknowledged.
 *
 * @since 0.2.0
 */
import { Clock, Effect } from "effect"
import type { IpBan } from "../actors/Registry.ts"
import * as Records from "./Records.ts"
import type { StoreError, StoreService } from "./Store.ts"

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex")
const bytes = (text: string) => new Uint8Array(Buffer.from(text, "hex"))

/** A ban's key: its address and mask in hex. */
const banKey = (ban: IpBan) => `${hex(ban.ip)}/${hex(ban.mask)}`

/** A failed write is logged: the ban holds in memory until the process ends. */
const logged = (what: string) => (effect: Effect.Effect<void, StoreError>): Effect.Effect<void> =>
  Effect.catch(effect, (error) => Effect.logError(`${error.store}: could not ${what}: ${error.message}`))

/** The banned name keys. */
export const loadNames = (store: StoreService): Effect.Effect<Set<string>, StoreError> =>
  Effect.map(store.all("name_bans"), (rows) => new Set(rows.map(([key]) => key)))

/** Stores that a name key is banned, or no longer. */
export const saveName = (store: StoreService, key: string, banned: boolean): Effect.Effect<void> =>
  banned
    ? logged(`store the ban of ${key}`)(
      Effect.flatMap(Clock.currentTimeMillis, (since) => store.put("name_bans", key, JSON.stringify({ since })))
    )
    : logged(`lift the ban of ${key}`)(store.remove("name_bans", key))

/** The IP bans, in the order they were made. */
export const loadAddresses = (store: StoreService): Effect.Effect<Array<IpBan>, StoreError> =>
  Effect.map(store.all("ip_bans"), (rows) => {
    const bans: Array<IpBan & { readonly since: number }> = []
    for (const [, json] of rows) {
      const row = Records.parseRecord(json)
      const { ip, mask, since } = row ?? {}
      if (typeof ip !== "string" || typeof mask !== "string" || ip.length !== mask.length) continue
      bans.push({ ip: bytes(ip), mask: bytes(mask), since: typeof since === "number" ? since : 0 })
    }
    return bans.sort((a, b) => a.since - b.since).map(({ ip, mask }) => ({ ip, mask }))
  })

/** Stores the IP blacklist after a change from `before` to `after`: the bans gone are removed, the new ones added. */
export const saveAddresses = (
  store: StoreService,
  before: ReadonlyArray<IpBan>,
  after: ReadonlyArray<IpBan>
): Effect.Effect<void> => {
  const old = new Set(before.map(banKey))
  const now = new Set(after.map(banKey))
  const gone = Array.from(old).filter((key) => !now.has(key))
  const added = after.filter((ban) => !old.has(banKey(ban)))
  return logged("store the IP blacklist")(Effect.gen(function*() {
    const since = yield* Clock.currentTimeMillis
    yield* Effect.forEach(gone, (key) => store.remove("ip_bans", key), { discard: true })
    yield* Effect.forEach(
      added,
      (ban, i) => store.put("ip_bans", banKey(ban), JSON.stringify({ ip: hex(ban.ip), mask: hex(ban.mask), since: since + i })),
      { discard: true }
    )
  }))
}
