/**
 * The receiving half of a `FrameSocket`, shared by the transports: frames
 * held for `read` until the connection switches to push mode with
 * `listen`, then handed over as they arrive; the socket's end, once; and
 * back-pressure (the transport stops reading while 64 frames wait for
 * `read`, and whenever the receiver pauses).
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type { FrameSocket, SocketEnd } from "./FrameSocket.ts"

/** How an inbox stops and restarts reading from the peer. */
interface Flow {
  readonly pause: () => void
  readonly resume: () => void
}

/** The frames held for `read` (before `listen`) before the socket stops reading from the peer. */
const readHighWater = 64

/** A transport's inbox: it pushes frames and the end in; the connection reads or listens. */
export interface FrameInbox extends Pick<FrameSocket, "read" | "listen" | "pause" | "resume"> {
  /** A frame from the peer. */
  readonly push: (frame: string) => void
  /** The socket ended (the first end counts); later frames are dropped. */
  readonly fail: (error: SocketEnd) => void
  /** Whether the socket has ended. */
  readonly ended: () => boolean
}

/** Makes an inbox that pauses and resumes the peer through `flow`. */
export const make = (flow: Flow): FrameInbox => {
  let buffer: Array<string> = []
  let failure: SocketEnd | undefined
  let waiter: ((effect: Effect.Effect<ReadonlyArray<string>, SocketEnd>) => void) | undefined
  let paused = false
  const pause = () => {
    if (paused || failure !== undefined) return
    paused = true
    flow.pause()
  }
  const resume = () => {
    if (!paused || failure !== undefined) return
    paused = false
    flow.resume()
  }
  const take = (): ReadonlyArray<string> => {
    const frames = buffer
    buffer = []
    resume()
    return frames
  }
  const wake = () => {
    if (waiter === undefined) return
    const reader = waiter
    if (buffer.length > 0) {
      waiter = undefined
      reader(Effect.succeed(take()))
    } else if (failure !== undefined) {
      waiter = undefined
      reader(Effect.fail(failure))
    }
  }
  // Push mode (after `listen`): frames go straight to the receiver.
  let receive: ((frame: string) => void) | undefined
  let end: ((error: SocketEnd) => void) | undefined

  return {
    push: (frame) => {
      if (failure !== undefined) return
      if (receive !== undefined) return receive(frame)
      buffer.push(frame)
      if (buffer.length >= readHighWater) pause()
      wake()
    },
    fail: (error) => {
      if (failure !== undefined) return
      failure = error
      if (end !== undefined) end(error)
      else wake()
    },
    ended: () => failure !== undefined,
    // No cleanup on interruption: a reader is interrupted only when its
    // connection closes, and resuming the ended fiber later does nothing.
    // Registering none keeps each wait to the fewest objects, which matters
    // with thousands of waiting readers.
    read: Effect.callback((resumeRead) => {
      if (buffer.length > 0) return resumeRead(Effect.succeed(take()))
      if (failure !== undefined) return resumeRead(Effect.fail(failure))
      waiter = resumeRead
    }),
    listen: (onFrame, onEnd) => {
      const held = buffer
      buffer = []
      receive = onFrame
      end = onEnd
      // Pull mode's pause is over; the receiver pauses on its own from here (socket data comes in a later turn).
      resume()
      for (const frame of held) onFrame(frame)
      if (failure !== undefined) onEnd(failure)
    },
    pause,
    resume
  }
}
