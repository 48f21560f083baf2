/**
 * Serving shirakumo-link payloads over the HTTP side of the port:
 * `GET /link/<token>` answers the payload with its content type, sandboxed
 * (`Content-Security-Policy: sandbox`, `nosniff`); only media types that
 * browsers render without running anything are shown inline, the rest (SVG
 * included) are attachments.
 *
 * @since 0.1.0
 */

import type * as Http from "node:http"
import { Effect } from "effect"
import * as Guard from "../../http/Guard.ts"
import type { LinkStore, Payload } from "./link.ts"

/** Media types browsers show inline without running anything; every other type is served as an attachment. */
const inlineTypes: ReadonlySet<string> = new Set([
  "image/png",
  "image/apng",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "image/avif",
  "image/bmp",
  "audio/mpeg",
  "audio/ogg",
  "audio/wav",
  "audio/wave",
  "audio/x-wav",
  "audio/webm",
  "audio/flac",
  "audio/aac",
  "audio/mp4",
  "video/mp4",
  "video/webm",
  "video/ogg"
])

// RFC 5987 attr-chars only; lone surrogates (which encodeURIComponent throws on) become U+FFFD.
const encodeFilename = (name: string): string =>
  encodeURIComponent(name.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD"))
    .replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/** The headers of a payload's response. */
const headersFor = (payload: Payload, length: number): Record<string, string> => {
  const disposition = inlineTypes.has((payload.contentType.split(";", 1)[0] ?? "").trim().toLowerCase()) ? "inline" : "attachment"
  return {
    "content-type": payload.contentType,
    "content-length": String(length),
    "content-disposition": payload.filename === undefined
      ? disposition
      : `${disposition}; filename*=UTF-8''${encodeFilename(payload.filename)}`,
    "content-security-policy": "sandbox",
    "x-content-type-options": "nosniff",
    "cache-control": "private, max-age=86400"
  }
}

const plain = (response: Http.ServerResponse, status: number, text: string, headers: Record<string, string> = {}) =>
  Effect.sync(() => {
    response.writeHead(status, { "content-type": "text/plain", "x-content-type-options": "nosniff", ...headers }).end(text)
  })

const respond = (links: LinkStore["Service"], token: string, request: Http.IncomingMessage, response: Http.ServerResponse) =>
  Effect.gen(function*() {
    const payload = yield* links.get(token)
    if (payload === undefined) return yield* plain(response, 404, "Not found\n")
    if (request.method !== "GET" && request.method !== "HEAD") {
      return yield* plain(response, 405, "Method not allowed\n", { allow: "GET, HEAD" })
    }
    const bytes = request.method === "HEAD" ? undefined : yield* links.read(token)
    if (request.method === "GET" && bytes === undefined) return yield* plain(response, 404, "Not found\n")
    // A throw here (a header Node refuses) is answered with 500 and logged by the guard.
    yield* Effect.sync(() => {
      response.writeHead(200, headersFor(payload, bytes?.byteLength ?? payload.size))
      response.end(bytes)
    })
  })

const TOKEN = /^\/link\/([A-Za-z0-9_-]{32})$/

/**
 * A handler for `/link/<token>` requests, run with `run` (the server's
 * services); returns `false` for other paths so the caller can route them
 * elsewhere.
 */
export const serve = (links: LinkStore["Service"], run: Guard.Runner) =>
(request: Http.IncomingMessage, response: Http.ServerResponse): boolean => {
  const token = TOKEN.exec(Guard.pathOf(request))?.[1]
  if (token === undefined) return false
  run(Guard.respond(request, response, respond(links, token, request, response)))
  return true
}
