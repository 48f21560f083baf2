/**
 * A fiber on demand: work that runs in a fiber of its own only while there
 * is something to do. `wake` starts the work unless it is running; the work
 * takes what is waiting (a mailbox, a connection's updates), calls `idle`
 * when it finds nothing left, and returns; the next `wake` starts it afresh.
 *
 * An actor or connection that keeps a fiber waiting for its next input
 * instead rebuilds that fiber's suspension after every input, and under a
 * steady load every young garbage collection has to copy one such fresh
 * suspension per waiting fiber. A finished fiber is garbage at once.
 *
 * The work runs with the services (and references, such as the log level)
 * of the fiber that made the drain. Closing the scope it was made in
 * interrupts the work under way, and later wakes do nothing.
 *
 * @since 0.1.0
 */
import { Effect, Fiber, type Scope } from "effect"

/** A handle on a drain. */
export interface Drain {
  /** Starts the work unless it is running (or the drain's scope is closed). */
  readonly wake: () => void
  /** For the work: says it found nothing left, just before it returns. */
  readonly idle: () => void
  /** Whether the work is running, or woken and about to. */
  readonly running: () => boolean
}

/** How a drain starts its work. */
export interface DrainOptions {
  /**
   * Start the work in a microtask, right after the step that woke it, rather
   * than at once inside `wake` (so that the waker's step finishes first).
   */
  readonly inMicrotask: boolean
}

/** Makes a drain in the current scope; `work` gets its handle (to call `idle`). */
export const make = <R>(
  work: (drain: Drain) => Effect.Effect<void, never, R>,
  options: DrainOptions
): Effect.Effect<Drain, never, R | Scope.Scope> =>
  Effect.gen(function*() {
    const run = Effect.runForkWith(yield* Effect.context<R>())
    let running = false
    let stopped = false
    // The work under way while it waits (to interrupt it when the scope closes).
    let current: Fiber.Fiber<void> | undefined

    const start = () => {
      if (stopped) return
      const fiber = run(effect)
      // Work that ended at once (it never waited) has already called `idle`.
      current = running ? fiber : undefined
    }
    const drain: Drain = {
      wake: () => {
        if (running) return
        running = true
        if (options.inMicrotask) queueMicrotask(start)
        else start()
      },
      idle: () => {
        running = false
        current = undefined
      },
      running: () => running
    }
    const effect = work(drain)

    yield* Effect.addFinalizer(() => {
      stopped = true
      const fiber = current
      current = undefined
      return fiber === undefined ? Effect.void : Fiber.interrupt(fiber)
    })
    return drain
  })
