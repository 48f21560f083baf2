/**
 * `pong` (spec §4.2): the answer to a `ping`; receiving any update already
 * recorded the connection as alive, so the handler does nothing.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import * as Handler from "./Handler.ts"

/** A `pong` only proves the connection alive, which receiving it already recorded. */
export const pong = Handler.make({
  tag: "pong",
  handle: () => Effect.void
})
