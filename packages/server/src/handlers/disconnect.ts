/**
 * `disconnect` (spec §4.3): the connection closes; the server answers with
 * its own `disconnect` while closing.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import * as Handler from "./Handler.ts"

/** Closes the connection at the client's request. */
export const disconnect = Handler.make({
  tag: "disconnect",
  handle: (session) => Effect.sync(() => session.connection.close("client-disconnect"))
})
