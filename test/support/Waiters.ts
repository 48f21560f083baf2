/**
 * What the test clients wait on: checks that run again whenever something
 * arrives, each until it finds what it waits for or times out.
 */
import { Effect } from "effect"

export interface Waiters {
  /** Runs every waiting check (call after something arrived). */
  readonly wake: () => void
  /** Waits until `check` returns a value; dies after `timeout` ms with `what()` in the message. */
  readonly waitFor: <A>(check: () => A | undefined, timeout: number, what: () => string) => Effect.Effect<A>
}

export const make = (): Waiters => {
  const waiting = new Set<() => void>()
  return {
    wake: () => {
      for (const attempt of Array.from(waiting)) attempt()
    },
    waitFor: <A>(check: () => A | undefined, timeout: number, what: () => string) =>
      Effect.callback<A>((resume) => {
        const attempt = () => {
          const found = check()
          if (found === undefined) return
          cleanup()
          resume(Effect.succeed(found))
        }
        const timer = setTimeout(() => {
          cleanup()
          resume(Effect.die(new Error(`timed out after ${timeout} ms waiting for ${what()}`)))
        }, timeout)
        const cleanup = () => {
          clearTimeout(timer)
          waiting.delete(attempt)
        }
        waiting.add(attempt)
        attempt()
        return Effect.sync(cleanup)
      })
  }
}
