#!/usr/bin/env -S node --max-semi-space-size=8
/**
 * Entry point of the `lichat-server` command.
 *
 * @since 0.1.0
 */
import { NodeRuntime, NodeServices } from "@effect/platform-node"
import { RuntimeTuning } from "@lichat/server"
import { Cause, Effect, Exit, Runtime } from "effect"
import { run } from "./Cli.ts"

RuntimeTuning.tuneForServer()

/** SIGINT and SIGTERM end the server on purpose: a graceful stop exits 0. */
const teardown: Runtime.Teardown = (exit, onExit) =>
  Exit.isFailure(exit) && Cause.hasInterruptsOnly(exit.cause) ? onExit(0) : Runtime.defaultTeardown(exit, onExit)

run(process.argv.slice(2)).pipe(
  // Configuration and start-up errors are one line on stderr, not a stack trace.
  Effect.catchCause((cause) => {
    const error = Cause.squash(cause) as { readonly _tag?: unknown; readonly message?: unknown }
    if (error._tag === "ConfigurationError" || error._tag === "StartError") {
      return Effect.sync(() => process.stderr.write(`lichat-server: ${String(error.message)}\n`)).pipe(
        Effect.andThen(Effect.failCause(cause))
      )
    }
    return Effect.failCause(cause)
  }),
  Effect.provide(NodeServices.layer),
  NodeRuntime.runMain({ teardown })
)
