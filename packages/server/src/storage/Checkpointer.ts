/**
 * SQLite's WAL checkpoints off the event loop: a checkpoint copies the
 * write-ahead log into the database file and waits for the disk (fsync),
 * which on the server's own connection stalls every socket for as long.
 * The server's connection turns automatic checkpoints off and a worker
 * thread, on a connection of its own, runs a passive checkpoint (one that
 * never blocks the writer) every second. Closing stops the worker; the
 * server's connection then checkpoints what is left as it closes.
 *
 * @since 0.2.0
 */
import { Worker } from "node:worker_threads"
import { Effect, Schedule, type Scope } from "effect"

/** The worker's program (CommonJS, evaluated: it runs the same from the sources and from the build). */
const program = `
const { DatabaseSync } = require("node:sqlite")
const { parentPort, workerData } = require("node:worker_threads")
const db = new DatabaseSync(workerData.path)
db.exec("PRAGMA busy_timeout = 5000")
parentPort.on("message", (message) => {
  if (message === "close") {
    db.close()
    parentPort.close()
    return
  }
  try {
    db.exec("PRAGMA wal_checkpoint(PASSIVE)")
  } catch (error) {
    parentPort.postMessage(String(error && error.message || error))
  }
})
`

/** How often the worker checkpoints. */
const INTERVAL = "1 second"

/** Checkpoints the database at `path` from a worker thread for as long as the scope lives; a failure is logged. */
export const run = (path: string, label: string): Effect.Effect<void, never, Scope.Scope> =>
  Effect.gen(function*() {
    const worker = yield* Effect.acquireRelease(
      Effect.sync(() => new Worker(program, { eval: true, workerData: { path } })),
      (worker) =>
        Effect.promise(() => {
          const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()))
          worker.postMessage("close")
          return exited
        })
    )
    worker.unref()
    const context = yield* Effect.context<never>()
    worker.on("message", (message: unknown) =>
      Effect.runForkWith(context)(Effect.logWarning(`${label}: checkpoint failed: ${String(message)}`)))
    worker.on("error", (error) => Effect.runForkWith(context)(Effect.logError(`${label}: checkpointer stopped: ${error.message}`)))
    yield* Effect.forkScoped(
      Effect.repeat(Effect.sync(() => worker.postMessage("checkpoint")), Schedule.spaced(INTERVAL))
    )
  })
