/**
 * Framing (spec §3.1): every update ends with a NUL. On a character stream
 * (TCP) the NUL is the only boundary; on WebSocket each text frame usually
 * holds one update, with or without its NUL, but may hold several.
 *
 * @since 0.1.0
 */
import { TooLong } from "./WireError.ts"

const isBlank = (s: string): boolean => s.trim().length === 0

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
