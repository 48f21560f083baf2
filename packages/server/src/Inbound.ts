/**
 * Turning received text into typed updates: the first three checks of
 * §5.1 (malformed → too long → unknown class), each answered with its
 * protocol failure.
 *
 * @since 0.1.0
 */
import {
  decodeUpdate,
  InvalidUpdate,
  MalformedUpdate,
  readObject,
  splitFrame,
  type Update,
  UpdateTooLong
} from "@lichat/core"
import { Effect, Result } from "effect"
import type { ConnectionState } from "./Connection.ts"
import { Registry } from "./Registry.ts"
import { send, serverStamp } from "./Session.ts"
import type { SocketClosed, UnsupportedFrame } from "./transport/FrameSocket.ts"

/**
 * Waits for the next batch of frames from the socket and queues the update
 * texts they hold (a frame may hold several NUL-terminated updates) in
 * `state.pending`.
 */
export const receive = (state: ConnectionState): Effect.Effect<void, SocketClosed | UnsupportedFrame> =>
  Effect.map(state.socket.read, (frames) => {
    for (const frame of frames) for (const text of splitFrame(frame)) state.pending.push(text)
  })

/** The next update text, receiving more frames when none is waiting. */
export const nextText = (state: ConnectionState): Effect.Effect<string, SocketClosed | UnsupportedFrame> =>
  Effect.suspend(() => {
    const text = state.pending.shift()
    return text !== undefined ? Effect.succeed(text) : Effect.flatMap(receive(state), () => nextText(state))
  })

/**
 * Reads and decodes one update. On failure, the matching protocol failure
 * has been sent and the result is `undefined`.
 */
export const parse = (
  state: ConnectionState,
  text: string,
  maxLength: number
): Effect.Effect<Update | undefined, never, Registry> => {
  const read = readObject(text, { maxLength })
  if (Result.isFailure(read)) {
    const error = read.failure
    return Effect.as(
      Effect.flatMap(serverStamp, (stamp) =>
        Effect.sync(() => {
          switch (error._tag) {
            case "TooLong":
              return send(state.handle, new UpdateTooLong({ ...stamp, text: "The update is too long." }))
            case "UnknownClass":
              return send(
                state.handle,
                new InvalidUpdate({
                  ...stamp,
                  updateId: error.id ?? 0,
                  text: `The update class ${error.name} is not known.`
                })
              )
            default:
              return send(state.handle, new MalformedUpdate({ ...stamp, text: `Malformed update: ${error.message}` }))
          }
        })),
      undefined
    )
  }
  const decoded = decodeUpdate(read.success)
  if (Result.isSuccess(decoded)) return Effect.succeed(decoded.success)
  const failure = decoded.failure
  return Effect.as(
    Effect.flatMap(Effect.service(Registry), (registry) =>
      Effect.flatMap(serverStamp, (stamp) =>
        Effect.sync(() =>
          failure.kind === "invalid-update"
            ? send(state.handle, new InvalidUpdate({ ...stamp, updateId: failure.id ?? 0, text: failure.text }))
            : send(state.handle, new MalformedUpdate({ ...stamp, text: failure.text }))
        )
      ).pipe(Effect.provideService(Registry, registry))),
    undefined
  )
}
