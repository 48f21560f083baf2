/**
 * Guards for the plain HTTP side of the port: an error in a request handler
 * (a throw, a rejected promise, a failed or dying effect) is logged through
 * Effect's logger with the request's method and path, and answered with 500
 * — or the response destroyed when its headers already went out — instead
 * of leaving the request hanging or the process crashing.
 *
 * @since 0.1.0
 */

import type * as Http from "node:http"
import { Cause, Effect } from "effect"
import type { RequestHandler } from "../transport/HttpSide.ts"

/** Runs an effect in the background with the server's services (its logger included). */
export type Runner = (effect: Effect.Effect<void>) => void

/** The path of a request, without its query. */
export const pathOf = (request: Http.IncomingMessage): string => (request.url ?? "/").split("?", 1)[0] ?? "/"

const answerError = (response: Http.ServerResponse): void => {
  if (response.headersSent) return void response.destroy()
  try {
    response.writeHead(500, { "content-type": "text/plain", "cache-control": "no-store" }).end("Internal server error\n")
  } catch {
    response.destroy()
  }
}

/** Logs a failed request and answers 500 (or destroys the response when it already started). */
const failed = (
  request: Http.IncomingMessage,
  response: Http.ServerResponse,
  cause: Cause.Cause<unknown>
): Effect.Effect<void> => {
  const method = request.method ?? ""
  const path = pathOf(request)
  // An interrupted request (the server stopping) is not an error of the handler.
  const log = Cause.hasInterruptsOnly(cause)
    ? Effect.void
    : Effect.logError(`HTTP ${method} ${path} failed`, cause).pipe(Effect.annotateLogs({ method, path }))
  return Effect.andThen(log, Effect.sync(() => answerError(response)))
}

/** Runs a request's effect; any failure, defect or interruption goes to `failed`. */
export const respond = <E>(
  request: Http.IncomingMessage,
  response: Http.ServerResponse,
  effect: Effect.Effect<void, E>
): Effect.Effect<void> => Effect.catchCause(effect, (cause) => failed(request, response, cause))

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === "object" && value !== null && "then" in value && typeof value.then === "function"

/** Wraps a Node request handler: a throw, or a rejected promise it returns, goes to `failed` (run by `run`). */
export const handler = (run: Runner, handle: RequestHandler): RequestHandler => (request, response) => {
  const onError = (error: unknown) => run(failed(request, response, Cause.die(error)))
  try {
    const result: unknown = handle(request, response)
    if (isPromiseLike(result)) result.then(undefined, onError)
  } catch (error) {
    onError(error)
  }
}
