/**
 * shirakumo-channel-info: channel metadata under the six required keys
 * (:title :news :topic :rules :contact :url), and :icon with shirakumo-icon.
 * `channel-info` answers one `set-channel-info` per requested key (or
 * `no-such-channel-info`), an unset text key as "", an unset icon not at
 * all; `set-channel-info` validates and distributes.
 *
 * @since 0.1.0
 */
import { keyword, MalformedChannelInfo, NoSuchChannelInfo, SetChannelInfo, type Sym, type Update } from "@lichat/core"
import { Effect } from "effect"
import * as Channel from "../Channel.ts"
import * as Extensions from "../Extensions.ts"
import * as Handler from "../Handler.ts"
import { Registry } from "../Registry.ts"
import { ServerConfig } from "../ServerConfig.ts"
import type { Session } from "../Session.ts"
import { fail, quote, send, serverStamp } from "../Session.ts"
import { isIcon } from "./Images.ts"

/** The keys every server must accept. */
export const CHANNEL_INFO_KEYS: ReadonlyArray<Sym> = ["title", "news", "topic", "rules", "contact", "url"].map(keyword)
const ICON = keyword("icon")

/** The most characters a text value may have. */
const maxText = 10_000

const keysFor = (config: ServerConfig["Service"]): ReadonlyArray<Sym> =>
  Extensions.isEnabled(config, "shirakumo-icon") ? [...CHANNEL_INFO_KEYS, ICON] : CHANNEL_INFO_KEYS

/** Whether a value fits its key. */
const isWellFormed = (key: Sym, text: string, config: ServerConfig["Service"]): boolean => {
  if (key === ICON) return isIcon(text, config.maxImageSize)
  if (text.length > maxText) return false
  if (key.name === "url") return text === "" || URL.canParse(text)
  return true
}

/** Answers `no-such-channel-info` for a key the server does not keep. */
const noSuchKey = (session: Session, update: Update, key: Sym) =>
  Effect.map(serverStamp, (stamp) =>
    send(
      session.connection,
      new NoSuchChannelInfo({ ...stamp, updateId: update.id, key, text: `No channel info ${key.toString()}.` })
    ))

/** Answers the requested keys, one `set-channel-info` each. */
export const channelInfo = Handler.make({
  tag: "channel-info",
  extension: "shirakumo-channel-info",
  handle: (session, update) =>
    Effect.gen(function*() {
      const registry = yield* Registry
      const config = yield* ServerConfig
      const channel = registry.findChannel(update.channel)!
      const known = keysFor(config)
      yield* Handler.inChannel(session, update, channel, (state) =>
        Effect.gen(function*() {
          for (const key of update.keys === true ? known : update.keys) {
            if (!known.includes(key)) {
              yield* noSuchKey(session, update, key)
              continue
            }
            const text = state.info.get(key.name)
            // An icon is a content type and base64 data or nothing: lichat-js 2.0 throws on an empty one.
            if (key === ICON && text === undefined) continue
            send(
              session.connection,
              new SetChannelInfo({
                id: update.id,
                clock: update.clock!,
                from: registry.serverName,
                channel: channel.name,
                key,
                text: text ?? ""
              })
            )
          }
        }))
    })
})

/** Sets one key and distributes the change. */
export const setChannelInfo = Handler.make({
  tag: "set-channel-info",
  extension: "shirakumo-channel-info",
  handle: (session, update) =>
    Effect.gen(function*() {
      const registry = yield* Registry
      const config = yield* ServerConfig
      const channel = registry.findChannel(update.channel)!
      yield* Handler.inChannel(session, update, channel, (state) =>
        Effect.gen(function*() {
          if (!keysFor(config).includes(update.key)) return yield* noSuchKey(session, update, update.key)
          if (!isWellFormed(update.key, update.text, config)) {
            return yield* fail(session.connection, MalformedChannelInfo, update, `Not a valid value for ${quote(update.key.toString())}.`)
          }
          state.info.set(update.key.name, update.text)
          Channel.broadcast(state, Handler.withChannelName(update, channel))
        }))
    })
})
