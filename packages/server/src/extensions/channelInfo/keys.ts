/**
 * The keys of shirakumo-channel-info: the six every server accepts
 * (:title :news :topic :rules :contact :url), and :icon with
 * shirakumo-icon; which values fit them, and the `no-such-channel-info`
 * answer for any other key.
 *
 * @since 0.1.0
 */
import { keyword, NoSuchChannelInfo, type Sym, type Update } from "@lichat/core"
import { Effect } from "effect"
import type { ServerConfig } from "../../config/ServerConfig.ts"
import type { Session } from "../../connection/Session.ts"
import { send, serverStamp } from "../../connection/Session.ts"
import * as Extensions from "../Extensions.ts"
import { isIcon } from "../Images.ts"

/** The keys every server must accept. */
const CHANNEL_INFO_KEYS: ReadonlyArray<Sym> = ["title", "news", "topic", "rules", "contact", "url"].map(keyword)

/** The key of a channel's icon (shirakumo-icon). */
export const ICON = keyword("icon")

/** The most characters a text value may have. */
const maxText = 10_000

/** The keys the server keeps, :icon among them when shirakumo-icon is on. */
export const keysFor = (config: ServerConfig["Service"]): ReadonlyArray<Sym> =>
  Extensions.isEnabled(config, "shirakumo-icon") ? [...CHANNEL_INFO_KEYS, ICON] : CHANNEL_INFO_KEYS

/** Whether a value fits its key. */
export const isWellFormed = (key: Sym, text: string, config: ServerConfig["Service"]): boolean => {
  if (key === ICON) return isIcon(text, config.maxImageSize)
  if (text.length > maxText) return false
  if (key.name === "url") return text === "" || URL.canParse(text)
  return true
}

/** Answers `no-such-channel-info` for a key the server does not keep. */
export const noSuchKey = (session: Session, update: Update, key: Sym) =>
  Effect.map(serverStamp, (stamp) =>
    send(
      session.connection,
      new NoSuchChannelInfo({ ...stamp, updateId: update.id, key, text: `No channel info ${key.toString()}.` })
    ))
