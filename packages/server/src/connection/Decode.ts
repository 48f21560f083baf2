/**
 * Turning received text into typed updates: the first three checks of
 * §5.1 (malformed → too long → unknown class), each answered with its
 * protocol failure.
 *
 * @since 0.1.0
 */
import {
  type DecodeFailure,
  decodeUpdate,
  FRAME_OVERFLOW,
  InvalidUpdate,
  MalformedUpdate,
  readObject,
  type Update,
  UpdateTooLong,
  type WireError
} from "@lichat/core"
import { Effect, Result } from "effect"
import type { Registry } from "../actors/Registry.ts"
import type { SocketEnd } from "../transport/FrameSocket.ts"
import { type DialectContext, normalise } from "./ClientDialect.ts"
import type { ConnectionState } from "./ConnectionState.ts"
import { send, serverStamp } from "./Session.ts"

/**
 * The most pieces (NUL-separated updates, blank ones included) one frame may
 * hold; the rest of a longer frame is dropped unread. Real clients send one
 * update per frame, and the flood window admits far fewer per 30 s.
 */
export const UPDATES_PER_FRAME = 256

/** The next update text (the handshake's), reading more frames from the socket when none is waiting. */
export const nextText = (state: ConnectionState): Effect.Effect<string, SocketEnd> =>
  Effect.suspend(() => {
    let text = state.pending.next()
    while (text === FRAME_OVERFLOW) text = state.pending.next()
    if (text !== undefined) return Effect.succeed(text)
    return Effect.flatMap(state.socket.read, (frames) => {
      for (const frame of frames) state.pending.push(frame)
      return nextText(state)
    })
  })

/** Why an update text did not become an update. */
export type Unreadable = WireError | DecodeFailure

/**
 * Reads and decodes one update text, in the forms real clients write
 * (ClientDialect). Plain code: no effect on the way of a good update.
 */
export const decode = (text: string, maxLength: number, context: DialectContext): Result.Result<Update, Unreadable> => {
  const read = readObject(text, { maxLength })
  return Result.isFailure(read) ? Result.fail(read.failure) : decodeUpdate(normalise(read.success, context))
}

/** Answers an unreadable update with its protocol failure (§5.1 checks 1–3). */
export const answer = (state: ConnectionState, failure: Unreadable): Effect.Effect<void, never, Registry> =>
  Effect.map(serverStamp, (stamp) => {
    switch (failure._tag) {
      case "TooLong":
        return send(state.handle, new UpdateTooLong({ ...stamp, text: "The update is too long." }))
      case "UnknownClass":
        return send(
          state.handle,
          new InvalidUpdate({ ...stamp, updateId: failure.id ?? 0, text: `The update class ${failure.name} is not known.` })
        )
      case "DecodeFailure":
        return failure.kind === "invalid-update"
          ? send(state.handle, new InvalidUpdate({ ...stamp, updateId: failure.id ?? 0, text: failure.text }))
          : send(state.handle, new MalformedUpdate({ ...stamp, text: failure.text }))
      default:
        return send(state.handle, new MalformedUpdate({ ...stamp, text: `Malformed update: ${failure.message}` }))
    }
  })

/**
 * Reads and decodes one update. On failure, the matching protocol failure
 * has been sent and the result is `undefined`.
 */
export const parse = (
  state: ConnectionState,
  text: string,
  maxLength: number,
  context: DialectContext
): Effect.Effect<Update | undefined, never, Registry> => {
  const decoded = decode(text, maxLength, context)
  return Result.isSuccess(decoded) ? Effect.succeed(decoded.success) : Effect.as(answer(state, decoded.failure), undefined)
}
