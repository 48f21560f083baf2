/**
 * The protocol extensions this server implements, and the default
 * permission rules their update types get in each kind of channel. Pure
 * data, so that the registry and the handshake can read it without pulling
 * in the handlers.
 *
 * Rules follow the spec and the reference defaults where they give one
 * (PROTOCOL-NOTES table, spec/shirakumo.mess); otherwise: everyday updates
 * (typing, react, last-read, bridge info…) are open to anyone where
 * `message` is; channel moderation (pause, quiet, set-channel-info, emote)
 * belongs to the registrant; server administration (kill, destroy, ban,
 * ip bans, blacklists) is checked on the primary channel, whose registrant
 * is the server user, and which the configured operators are added to.
 *
 * @since 0.1.0
 */
import { type DefaultRuleTable, intern, lichat, SHIRAKUMO, type Sym } from "@lichat/core"

const s = (name: string): Sym => intern(SHIRAKUMO, name)
const A = "anyone" as const
const N = "no-one" as const
const R = "registrant" as const

type Row = readonly [Sym, "anyone" | "no-one" | "registrant"]

/** The same rows in every kind of channel. */
const everywhere = (...rows: ReadonlyArray<Row>): DefaultRuleTable => ({ primary: rows, regular: rows, anonymous: rows })

/** Extension name → default rules of its update types. */
export const RULES: Readonly<Record<string, DefaultRuleTable>> = {
  "shirakumo-backfill": {
    primary: [[s("backfill"), R]],
    regular: [[s("backfill"), A]],
    anonymous: [[s("backfill"), A]]
  },
  "shirakumo-data": { primary: [[s("data"), R]], regular: [[s("data"), A]], anonymous: [[s("data"), A]] },
  "shirakumo-emotes": {
    primary: [[s("emotes"), A], [s("emote"), R]],
    regular: [[s("emotes"), A], [s("emote"), R]],
    anonymous: [[s("emotes"), N], [s("emote"), N]]
  },
  "shirakumo-edit": { primary: [[s("edit"), N]], regular: [[s("edit"), A]], anonymous: [[s("edit"), A]] },
  // Children are created under a channel by the rules of its `create`.
  "shirakumo-channel-trees": { regular: [[lichat("create"), R]], anonymous: [[lichat("create"), N]] },
  "shirakumo-channel-info": {
    primary: [[s("channel-info"), A], [s("set-channel-info"), R]],
    regular: [[s("channel-info"), A], [s("set-channel-info"), R]],
    anonymous: [[s("channel-info"), N], [s("set-channel-info"), N]]
  },
  "shirakumo-server-management": {
    primary: [[s("kill"), R], [s("destroy"), R], [s("ban"), R], [s("unban"), R], [s("blacklist"), R]]
  },
  "shirakumo-pause": everywhere([s("pause"), R]),
  "shirakumo-quiet": everywhere([s("quiet"), R], [s("unquiet"), R], [s("quieted"), R]),
  "shirakumo-ip": { primary: [[s("ip-ban"), R], [s("ip-unban"), R], [s("ip-blacklist"), R]] },
  "shirakumo-bridge": { primary: [[s("bridge"), R]], regular: [[s("bridge"), R]], anonymous: [[s("bridge"), R]] },
  "shirakumo-link": {},
  "shirakumo-markup": {},
  "shirakumo-user-info": { primary: [[s("set-user-info"), A]] },
  "shirakumo-sign": {},
  "shirakumo-block": { primary: [[s("block"), A], [s("unblock"), A], [s("blocked"), A]] },
  "shirakumo-reactions": { primary: [[s("react"), N]], regular: [[s("react"), A]], anonymous: [[s("react"), A]] },
  "shirakumo-replies": {},
  "shirakumo-last-read": everywhere([s("last-read"), A]),
  "shirakumo-typing": { primary: [[s("typing"), N]], regular: [[s("typing"), A]], anonymous: [[s("typing"), A]] },
  "shirakumo-icon": {},
  "shirakumo-history": everywhere([s("search"), A])
}

/** Every extension the server implements, in the order it advertises them. */
export const IMPLEMENTED: ReadonlyArray<string> = Object.keys(RULES)

/**
 * Other names the peers know an implemented extension by, advertised next
 * to it so that every peer finds it: lichat-js and ex-lichat say
 * `shirakumo-emotes` and `shirakumo-icon` where the spec's definitions say
 * `shirakumo-emote` and its text `shirakumo-icons`; ex-lichat advertises
 * search as `shirakumo-search` (and lichat-js looks for that name), the
 * spec as `shirakumo-history`.
 */
export const ALIASES: Readonly<Record<string, ReadonlyArray<string>>> = {
  "shirakumo-emotes": ["shirakumo-emote"],
  "shirakumo-icon": ["shirakumo-icons"],
  "shirakumo-history": ["shirakumo-search"]
}

/** The implemented extension a name stands for (itself, or the one it is an alias of). */
export const canonicalName = (name: string): string => {
  for (const [canonical, aliases] of Object.entries(ALIASES)) if (aliases.includes(name)) return canonical
  return name
}
