/**
 * `capabilities` (spec §5.5.4): a member asks which update types it may
 * send to the channel and gets the update back with `permitted` filled in.
 *
 * @since 0.1.0
 */
import { permittedTypes, type Sym } from "@lichat/core"
import { Effect } from "effect"
import { send } from "../connection/Session.ts"
import * as Handler from "./Handler.ts"

/** The update types the sender may send to the channel. */
export const capabilities = Handler.inChannel({
  tag: "capabilities",
  member: true,
  step: (session, update, state) =>
    Effect.sync(() => {
      const permitted: ReadonlyArray<Sym> = permittedTypes(state.rules, session.user.name)
      send(session.connection, Handler.patch(Handler.withChannelName(update, state.handle), { permitted }))
    })
})
