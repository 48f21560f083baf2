/**
 * The protocol extensions this server implements: the names it advertises
 * in its `connect` reply, and the checks extensions add to the handshake
 * (blacklists, bans).
 *
 * @since 0.1.0
 */
import type { Update } from "@lichat/core"
import { Effect } from "effect"
import type { ConnectionHandle } from "./Model.ts"
import type { FailureClass } from "./Session.ts"

/** Why a handshake is refused by an extension. */
export interface Refusal {
  /** The failure's type name, for metrics. */
  readonly type: string
  readonly failure: FailureClass<Update>
  readonly text: string
}

/** The extension names advertised to clients, in a stable order. */
export const supported = (): ReadonlyArray<string> => []

/** Runs every extension's handshake check; the first refusal wins. */
export const checkHandshake = (
  _connection: ConnectionHandle,
  _name: string
): Effect.Effect<Refusal | undefined> => Effect.succeed(undefined)
