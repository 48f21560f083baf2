/**
 * `data` (shirakumo-data): a binary payload (base64) for the channel, of a
 * content type the server accepts (`allowedContentTypes`, see
 * contentType.ts); others are refused with `bad-content-type`. The
 * update-size limit bounds the payload. With shirakumo-link on, the payload
 * is stored (within the link quotas) and the channel gets a message with
 * its URL instead (see ../link/link.ts).
 *
 * @since 0.1.0
 */
import { BadContentType, UpdateFailure } from "@lichat/core"
import { Effect } from "effect"
import * as Channel from "../../actors/ChannelState.ts"
import { fail, quote, send, serverStamp } from "../../connection/Session.ts"
import * as Handler from "../../handlers/Handler.ts"
import * as Extensions from "../Extensions.ts"
import * as Link from "../link/link.ts"
import { allowedType } from "./contentType.ts"

/** Distributes a data payload, or its link. */
export const data = Handler.inChannel({
  tag: "data",
  extension: "shirakumo-data",
  member: true,
  step: (session, update, state) =>
    Effect.gen(function*() {
      const config = session.config
      const contentType = allowedType(config.allowedContentTypes, update.contentType)
      if (contentType === undefined) {
        const stamp = yield* serverStamp
        return send(
          session.connection,
          new BadContentType({
            ...stamp,
            updateId: update.id,
            text: `Content type ${quote(update.contentType)} is not accepted.`,
            allowedContentTypes: config.allowedContentTypes
          })
        )
      }
      if (!Extensions.isEnabled(config, "shirakumo-link")) return Channel.broadcast(state, update)
      yield* Link.store(update, contentType, state.handle, session.user.key).pipe(
        Effect.matchEffect({
          onFailure: (refused) => fail(session.connection, UpdateFailure, update, refused.message),
          onSuccess: (message) => Effect.sync(() => Channel.broadcast(state, message))
        })
      )
    })
})
