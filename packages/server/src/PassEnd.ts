/**
 * The end of the current pass of the event loop (one `setImmediate` for
 * all): first the barriers (the store's commit of what the pass wrote:
 * storage/SqliteStore.ts), then the flushes (the sockets the pass corked:
 * transport/FrameSocket.ts). So nothing a pass acknowledged reaches a
 * client before it is stored.
 *
 * @since 0.2.0
 */

let barriers: Array<() => void> = []
let flushes: Array<() => void> = []
let scheduled = false

const run = () => {
  scheduled = false
  const due = barriers
  barriers = []
  for (const barrier of due) barrier()
  const flushing = flushes
  flushes = []
  for (const flush of flushing) flush()
}

const schedule = () => {
  if (scheduled) return
  scheduled = true
  setImmediate(run)
}

/** Runs `barrier` at the end of this pass, before any flush. */
export const beforeFlush = (barrier: () => void): void => {
  barriers.push(barrier)
  schedule()
}

/** Runs `flush` at the end of this pass, after the barriers. */
export const flush = (flush: () => void): void => {
  flushes.push(flush)
  schedule()
}
