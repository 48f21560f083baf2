/**
 * shirakumo-data: binary payloads (base64) for the channel, of the content
 * types the server accepts (`allowedContentTypes`); others are refused
 * with `bad-content-type`. The update-size limit bounds the payload. With
 * shirakumo-link on, the payload is stored and the channel gets a message
 * with its URL instead (see link.ts).
 *
 * @since 0.1.0
 */
import { BadContentType } from "@lichat/core"
import { Effect } from "effect"
import * as Channel from "../Channel.ts"
import * as Extensions from "../Extensions.ts"
import * as Handler from "../Handler.ts"
import { Registry } from "../Registry.ts"
import { ServerConfig } from "../ServerConfig.ts"
import { send, serverStamp } from "../Session.ts"
import * as Link from "./link.ts"

/** Whether a content type is in the accepted list (parameters such as `; charset` are ignored). */
export const isAllowedType = (allowed: ReadonlyArray<string>, contentType: string): boolean =>
  allowed.includes(contentType.split(";")[0]!.trim().toLowerCase())

/** Distributes a data payload, or its link. */
export const data = Handler.make({
  tag: "data",
  extension: "shirakumo-data",
  handle: (session, update) =>
    Effect.gen(function*() {
      const registry = yield* Registry
      const config = yield* ServerConfig
      const channel = registry.findChannel(update.channel)!
      const linked = Extensions.isEnabled(config, "shirakumo-link")
      yield* Handler.asMember(session, update, channel, (state) =>
        Effect.gen(function*() {
          if (!isAllowedType(config.allowedContentTypes, update.contentType)) {
            const stamp = yield* serverStamp
            return send(
              session.connection,
              new BadContentType({
                ...stamp,
                updateId: update.id,
                text: `Content type ${update.contentType} is not accepted.`,
                allowedContentTypes: config.allowedContentTypes
              })
            )
          }
          if (!linked) return Channel.broadcast(state, update)
          const message = yield* Link.store(update, channel)
          Channel.broadcast(state, message)
        }))
    })
})
