/**
 * Framing (spec §3.1): every update ends with a NUL. On a character stream
 * (TCP) the NUL is the only boundary; on WebSocket each text frame usually
 * holds one update, with or without its NUL, but may hold several.
 *
 * @since 0.1.0
 */
import { TooLong } from "./WireError.ts"

const isBlank = (s: string): boolean => s.trim().length === 0

/** Whether `s` holds only whitespace from `start` to `end`, stopping at the first other character. */
const isBlankRange = (s: string, start: number, end: number): boolean => {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i)
    if (c !== 32 && (c < 9 || c > 13)) return false
  }
  return true
}

/**
 * The updates in one WebSocket text frame: the frame split at each NUL,
 * with a missing final NUL allowed and blank pieces dropped.
 */
export const splitFrame = (frame: string): Array<string> => {
  if (frame.indexOf("\u0000") === -1) return isBlank(frame) ? [] : [frame]
  const out: Array<string> = []
  for (const piece of frame.split("\u0000")) if (!isBlank(piece)) out.push(piece)
  return out
}

/**
 * Splits a character stream into NUL-terminated updates, chunk by chunk.
 *
 * Memory is bounded: at most `maxLength` characters of an unfinished update
 * are kept. An update longer than that yields a `TooLong` once, and the
 * splitter then discards input up to the next NUL, where it picks up again
 * (the stream "stabilises" at the NUL, as §3.1 suggests).
 */
export class NulSplitter {
  readonly maxLength: number
  private buffer = ""
  private discarding = false

  constructor(maxLength: number) {
    this.maxLength = maxLength
  }

  /** The number of characters held for the update in progress. */
  get pending(): number {
    return this.buffer.length
  }

  /** Feeds a chunk; returns the updates it completed, and a `TooLong` where one was cut. */
  feed(chunk: string): Array<string | TooLong> {
    const out: Array<string | TooLong> = []
    let start = 0
    for (;;) {
      const end = chunk.indexOf("\u0000", start)
      if (end === -1) break
      if (this.discarding) {
        this.discarding = false
      } else if (this.buffer.length + (end - start) > this.maxLength) {
        out.push(new TooLong({ limit: this.maxLength }))
      } else {
        const update = this.buffer + chunk.slice(start, end)
        if (!isBlank(update)) out.push(update)
      }
      this.buffer = ""
      start = end + 1
    }
    if (start < chunk.length && !this.discarding) {
      if (this.buffer.length + (chunk.length - start) > this.maxLength) {
        out.push(new TooLong({ limit: this.maxLength }))
        this.buffer = ""
        this.discarding = true
      } else {
        this.buffer += chunk.slice(start)
      }
    }
    return out
  }
}

/** What `FrameQueue.next` returns for a frame that held more pieces than allowed (the rest of it is dropped). */
export const FRAME_OVERFLOW: unique symbol = Symbol("FrameOverflow")

/**
 * The WebSocket frames of one connection waiting to be handled, split into
 * updates lazily: each `next` finds the next NUL, so a frame of a million
 * updates costs nothing until it is read, and taking an update is O(1) —
 * whatever the number waiting. A frame may hold at most `perFrame` pieces
 * (blank ones count too): past that, the rest of the frame is dropped at
 * once and `next` says so with `FRAME_OVERFLOW`. A frame is released as soon
 * as it is read to its end.
 */
export class FrameQueue {
  readonly perFrame: number
  private frames: Array<string | undefined> = []
  private head = 0
  private offset = 0
  private pieces = 0
  private held = 0

  constructor(perFrame: number) {
    this.perFrame = perFrame
  }

  /** Characters of the frames not read to their end (held in memory). */
  get characters(): number {
    return this.held
  }

  /** Frames waiting, the one being read included. */
  get frameCount(): number {
    return this.frames.length - this.head
  }

  push(frame: string): void {
    this.frames.push(frame)
    this.held += frame.length
  }

  /** The next update text, `FRAME_OVERFLOW` where a frame was cut, or `undefined` when none is waiting. */
  next(): string | typeof FRAME_OVERFLOW | undefined {
    while (this.head < this.frames.length) {
      const frame = this.frames[this.head]
      if (frame === undefined) break
      if (this.offset >= frame.length) {
        this.release()
        continue
      }
      if (++this.pieces > this.perFrame) {
        this.release()
        return FRAME_OVERFLOW
      }
      const start = this.offset
      const nul = frame.indexOf("\u0000", start)
      const end = nul === -1 ? frame.length : nul
      this.offset = end + 1
      if (isBlankRange(frame, start, end)) continue
      return start === 0 && end === frame.length ? frame : frame.slice(start, end)
    }
    return undefined
  }

  /** Drops the frame being read and moves to the next. */
  private release(): void {
    this.held -= this.frames[this.head]?.length ?? 0
    this.frames[this.head] = undefined
    this.head++
    this.offset = 0
    this.pieces = 0
    if (this.head === this.frames.length) {
      this.frames = []
      this.head = 0
    } else if (this.head >= 1024 && this.head * 2 >= this.frames.length) {
      this.frames = this.frames.slice(this.head)
      this.head = 0
    }
  }
}
