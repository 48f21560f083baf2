/**
 * An in-memory `FrameSocket` for actor tests: the test pushes frames in and
 * takes the frames the connection wrote, all without a network, so that
 * `TestClock` alone drives time.
 */
import { decodeUpdate, readObject, splitFrame, type Update } from "@lichat/core"
import { Deferred, Effect, Queue, Result } from "effect"
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
  /** The connection's `pause` and `resume` calls so far, in order. */
  readonly flow: () => ReadonlyArray<"pause" | "resume">
}

/** The updates in a frame the server wrote. */
export const toUpdates = (frame: OutFrame): Array<Update> =>
  splitFrame(typeof frame === "string" ? frame : frame.text).flatMap((text) => {
    const read = readObject(text)
    if (Result.isFailure(read)) return []
    const decoded = decodeUpdate(read.success)
    return Result.isSuccess(decoded) ? [decoded.success] : []
  })

/** Makes a connected pair whose peer has the address `remoteAddress`. */
export const makeFrom = (remoteAddress: string): Effect.Effect<MemoryPeer> => Effect.gen(function*() {
  const outgoing = yield* Queue.unbounded<Update>()
  const firstRead = yield* Deferred.make<void>()
  const hungUpError = new SocketClosed({ code: 1000, reason: "peer hung up" })
  let closed: number | undefined
  // Frames sent before the connection reads, or before it listens (push mode).
  let held: Array<string> = []
  let hungUp = false
  let waiter: ((frames: Effect.Effect<ReadonlyArray<string>, SocketClosed>) => void) | undefined
  let receive: ((frame: string) => void) | undefined
  let end: ((error: SocketClosed) => void) | undefined
  const flow: Array<"pause" | "resume"> = []

  const wake = () => {
    const resume = waiter
    if (resume === undefined || (held.length === 0 && !hungUp)) return
    waiter = undefined
    resume(take())
  }
  const take = (): Effect.Effect<ReadonlyArray<string>, SocketClosed> => {
    if (held.length === 0) return Effect.fail(hungUpError)
    const frames = held
    held = []
    return Effect.succeed(frames)
  }
  const hangUp = () => {
    if (hungUp) return
    hungUp = true
    if (end !== undefined) end(hungUpError)
    else wake()
  }

  const socket: FrameSocket = {
    remoteAddress,
    headers: {},
    read: Effect.andThen(
      Deferred.succeed(firstRead, undefined),
      Effect.callback<ReadonlyArray<string>, SocketClosed>((resume) => {
        if (held.length > 0 || hungUp) return resume(take())
        waiter = resume
      })
    ),
    listen: (onFrame, onEnd) => {
      receive = onFrame
      end = onEnd
      const frames = held
      held = []
      for (const frame of frames) onFrame(frame)
      if (hungUp) onEnd(hungUpError)
    },
    pause: () => void flow.push("pause"),
    resume: () => void flow.push("resume"),
    write: (frame) => {
      for (const update of toUpdates(frame)) Queue.offerUnsafe(outgoing, update)
    },
    bufferedBytes: () => 0,
    close: (code) =>
      Effect.sync(() => {
        closed ??= code
        hangUp()
      })
  }
  return {
    socket,
    push: (frame) =>
      Effect.sync(() => {
        if (hungUp) return
        if (receive !== undefined) return receive(frame)
        held.push(frame)
        wake()
      }),
    next: Queue.take(outgoing),
    written: Effect.map(Queue.clear(outgoing), (all) => all),
    closedWith: () => closed,
    reading: Deferred.await(firstRead),
    hangUp: Effect.sync(hangUp),
    flow: () => [...flow]
  }
})

/** Makes a connected pair (the peer at 127.0.0.1). */
export const make: Effect.Effect<MemoryPeer> = makeFrom("127.0.0.1")
