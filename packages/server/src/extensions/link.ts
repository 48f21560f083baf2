/**
 * shirakumo-link: `data` payloads are stored (in memory, or as files under
 * `dataDir`) and served over the HTTP side of the listening port at an
 * unguessable URL, `/link/<token>`, with their content type; the channel
 * receives a `message` whose text is the URL and whose `link` field is the
 * content type. A channel's payloads are removed with the channel.
 *
 * @since 0.1.0
 */
import { type Data, Message } from "@lichat/core"
import { Context, Effect, Layer } from "effect"
import * as Crypto from "node:crypto"
import * as Fs from "node:fs"
import * as Path from "node:path"
import type * as Http from "node:http"
import type { ChannelHandle } from "../Model.ts"
import { ServerConfig } from "../ServerConfig.ts"

/** A stored payload. */
export interface Payload {
  readonly contentType: string
  readonly filename: string | undefined
  readonly channel: string
  /** The bytes, when kept in memory. */
  readonly bytes: Uint8Array | undefined
}

/** The payload store. */
export class LinkStore extends Context.Service<LinkStore, {
  /** Where links point: the public base URL (no trailing slash). */
  readonly baseUrl: () => string
  /** Sets the base URL once the listener knows its address. */
  readonly setBaseUrl: (url: string) => void
  readonly put: (token: string, payload: Payload, bytes: Uint8Array) => Effect.Effect<void>
  readonly get: (token: string) => Payload | undefined
  readonly read: (token: string) => Effect.Effect<Uint8Array | undefined>
  /** Removes every payload of a channel (by channel key). */
  readonly removeChannel: (channelKey: string) => Effect.Effect<void>
}>()("@lichat/server/LinkStore") {
  /** Payloads in memory, or as files under `dataDir` when it is set. */
  static readonly layer: Layer.Layer<LinkStore, never, ServerConfig> = Layer.effect(
    LinkStore,
    Effect.gen(function*() {
      const config = yield* ServerConfig
      const payloads = new Map<string, Payload>()
      let baseUrl = config.publicUrl.replace(/\/+$/, "")
      const dir = config.dataDir
      if (dir !== "") yield* Effect.sync(() => Fs.mkdirSync(dir, { recursive: true }))
      const file = (token: string) => Path.join(dir, token)
      return LinkStore.of({
        baseUrl: () => baseUrl,
        setBaseUrl: (url) => {
          if (config.publicUrl === "") baseUrl = url.replace(/\/+$/, "")
        },
        put: (token, payload, bytes) =>
          dir === ""
            ? Effect.sync(() => void payloads.set(token, { ...payload, bytes }))
            : Effect.promise(() => Fs.promises.writeFile(file(token), bytes)).pipe(
              Effect.andThen(Effect.sync(() => void payloads.set(token, payload)))
            ),
        get: (token) => payloads.get(token),
        read: (token) => {
          const payload = payloads.get(token)
          if (payload === undefined) return Effect.succeed(undefined)
          if (payload.bytes !== undefined) return Effect.succeed(payload.bytes)
          return Effect.promise(() => Fs.promises.readFile(file(token)).then((b) => new Uint8Array(b), () => undefined))
        },
        removeChannel: (channelKey) =>
          Effect.forEach(
            Array.from(payloads).filter(([, p]) => p.channel === channelKey),
            ([token, payload]) =>
              Effect.sync(() => payloads.delete(token)).pipe(
                Effect.andThen(
                  payload.bytes === undefined ? Effect.promise(() => Fs.promises.rm(file(token), { force: true })) : Effect.void
                )
              ),
            { discard: true }
          )
      })
    })
  )
}

/** Stores a data payload and makes the message that links to it. */
export const store = (update: Data, channel: ChannelHandle): Effect.Effect<Message, never, LinkStore> =>
  Effect.gen(function*() {
    const links = yield* LinkStore
    const token = Crypto.randomBytes(24).toString("base64url")
    const bytes = new Uint8Array(Buffer.from(update.payload, "base64"))
    yield* links.put(token, { contentType: update.contentType, filename: update.filename, channel: channel.key, bytes: undefined }, bytes)
    return new Message({
      id: update.id,
      ...(update.clock === undefined ? {} : { clock: update.clock }),
      ...(update.from === undefined ? {} : { from: update.from }),
      channel: channel.name,
      text: `${links.baseUrl()}/link/${token}`,
      link: update.contentType
    })
  })

const TOKEN = /^\/link\/([A-Za-z0-9_-]{32})$/

/**
 * Serves `/link/<token>` requests; returns `false` for other paths so the
 * caller can route them elsewhere.
 */
export const serve = (
  links: LinkStore["Service"],
  request: Http.IncomingMessage,
  response: Http.ServerResponse
): boolean => {
  const match = TOKEN.exec((request.url ?? "").split("?")[0]!)
  if (match === null) return false
  const token = match[1]!
  const payload = links.get(token)
  if (payload === undefined || (request.method !== "GET" && request.method !== "HEAD")) {
    response.writeHead(payload === undefined ? 404 : 405, { "content-type": "text/plain" }).end()
    return true
  }
  Effect.runFork(
    links.read(token).pipe(
      Effect.map((bytes) => {
        if (bytes === undefined) return void response.writeHead(404).end()
        const headers: Record<string, string> = {
          "content-type": payload.contentType,
          "content-length": String(bytes.byteLength),
          "x-content-type-options": "nosniff",
          "cache-control": "private, max-age=86400"
        }
        if (payload.filename !== undefined) {
          headers["content-disposition"] = `inline; filename*=UTF-8''${encodeURIComponent(payload.filename)}`
        }
        response.writeHead(200, headers)
        response.end(request.method === "HEAD" ? undefined : bytes)
      })
    )
  )
  return true
}
