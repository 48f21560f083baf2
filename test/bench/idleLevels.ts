/**
 * How many idle connections the memory phase opens: 1,000, 10,000 and
 * 100,000 up to a maximum, the maximum by default as many as fit in the
 * open-file limit (the driver and its server children share it, and each
 * holds one descriptor per connection), at most the 100,000.
 */
import { openFileLimit } from "./procStats.ts"

/** Descriptors the driver and each server keep for everything but the bench's sockets (the server reserves 64). */
export const FD_MARGIN = 200

/** The target: this many idle connections on one node. */
export const TARGET_IDLE = 100_000
/** The bound on the server's RSS at TARGET_IDLE, in MB. */
export const TARGET_IDLE_MB = 2048

const STEPS = [1000, 10_000, TARGET_IDLE]

/** The most idle connections both the driver and a server child can hold. */
export const idleRoom = (limit: number = openFileLimit()): number => Math.max(1, limit - FD_MARGIN)

/** The levels up to `max`: the steps below it, then `max` itself. */
export const idleLevels = (max: number): Array<number> => [...STEPS.filter((step) => step < max), max]

/** The default maximum: as many as fit, at most `cap`. */
export const defaultIdleMax = (cap: number, limit: number = openFileLimit()): number => Math.min(cap, idleRoom(limit))

/**
 * The server's RSS in MB at `connections` idle connections, extrapolated
 * linearly from the highest level with what each connection since the
 * previous level cost; undefined without a level.
 */
export const extrapolateMb = (
  levels: ReadonlyArray<{ readonly reached: number; readonly rssMb: number; readonly marginalKb: number }>,
  connections: number
): number | undefined => {
  const top = levels.at(-1)
  return top === undefined ? undefined : top.rssMb + ((connections - top.reached) * top.marginalKb) / 1024
}
