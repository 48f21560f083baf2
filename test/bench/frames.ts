/**
 * Cheap inspection of received frames: byte searches on the raw buffer, so
 * the driver does not decode or parse what it only needs to count.
 */
import type { RawData } from "ws"

/** The frame as one buffer (`ws` hands over a buffer unless fragments are kept apart). */
export const toBuffer = (data: RawData): Buffer =>
  Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)

/** How often `pattern` occurs in `frame`. */
export const occurrences = (frame: Buffer, pattern: Buffer): number => {
  let n = 0
  for (let i = frame.indexOf(pattern); i >= 0; i = frame.indexOf(pattern, i + pattern.length)) n++
  return n
}

/** The updates of a frame as text (a frame may hold several, each ended by NUL). */
export const updatesOf = (frame: Buffer): Array<string> =>
  frame.toString("utf8").split("\u0000").filter((update) => update.length > 0)

/** `(message ` as bytes: one per delivered message. */
export const MESSAGE = Buffer.from("(message ")
