/**
 * An in-memory `FrameSocket` for actor tests: the test pushes frames in and
 * takes the frames the connection wrote, all without a network, so that
 * `TestClock` alone drives time.
 */
import { decodeUpdate, readObject, splitFrame, type Update } from "@lichat/core"
import { Cause, Deferred, Effect, Queue, Result } from "effect"
import { type FrameSocket, type OutFrame, SocketClosed } from "../../src/transport/FrameSocket.ts"

/** The test's side of a memory socket. */
export interface MemoryPeer {
  readonly socket: FrameSocket
  /** Sends one text frame to the server. */
  readonly push: (frame: string) => Effect.Effect<void>
  /** Takes the next update the server wrote (waits for it). */
  readonly next: Effect.Effect<Update>
  /** Takes every update written so far, without waiting. */
  readonly written: Effect.Effect<ReadonlyArray<Update>>
  /** The close code, once the server closed the socket. */
  readonly closedWith: () => number | undefined
  /** Completes once the connection first reads from the socket (its timers are running). */
  readonly reading: Effect.Effect<void>
  /** Hangs up from the peer's side. */
  readonly hangUp: Effect.Effect<void>
}

const toUpdates = (frame: OutFrame): Array<Update> =>
  splitFrame(typeof frame === "string" ? frame : frame.text).flatMap((text) => {
    const read = readObject(text)
    if (Result.isFailure(read)) return []
    const decoded = decodeUpdate(read.success)
    return Result.isSuccess(decoded) ? [decoded.success] : []
  })

/** Makes a connected pair. */
export const make: Effect.Effect<MemoryPeer> = Effect.gen(function*() {
  const incoming = yield* Queue.unbounded<string, Cause.Done>()
  const outgoing = yield* Queue.unbounded<Update>()
  const firstRead = yield* Deferred.make<void>()
  let closed: number | undefined
  const socket: FrameSocket = {
    remoteAddress: "127.0.0.1",
    headers: {},
    read: Deferred.succeed(firstRead, undefined).pipe(
      Effect.andThen(Queue.takeAll(incoming)),
      Effect.catchCause(() => Effect.fail(new SocketClosed({ code: 1000, reason: "peer hung up" })))
    ),
    write: (frame) => {
      for (const update of toUpdates(frame)) Queue.offerUnsafe(outgoing, update)
    },
    bufferedBytes: () => 0,
    close: (code) =>
      Effect.sync(() => {
        closed ??= code
        Queue.endUnsafe(incoming)
      })
  }
  return {
    socket,
    push: (frame) => Effect.asVoid(Queue.offer(incoming, frame)),
    next: Queue.take(outgoing),
    written: Effect.map(Queue.clear(outgoing), (all) => all),
    closedWith: () => closed,
    reading: Deferred.await(firstRead),
    hangUp: Effect.asVoid(Queue.end(incoming))
  }
})
