/**
 * shirakumo-link: `data` payloads are stored (in memory, or as files under
 * `dataDir`) and served over the HTTP side of the listening port at an
 * unguessable URL, `/link/<token>`, with their content type; the channel
 * receives a `message` whose text is the URL and whose `link` field is the
 * content type. A channel's payloads are removed with the channel; every
 * payload is removed after `linkLifetime`. Each user may keep at most
 * `linkQuotaPerUser` bytes stored, everyone together `linkQuotaTotal`.
 *
 * Payloads are served sandboxed (`Content-Security-Policy: sandbox`,
 * `nosniff`); only image, audio and video types that browsers render
 * without running anything are served inline, the rest (SVG included) as
 * attachments.
 *
 * @since 0.1.0
 */

import * as Crypto from "node:crypto"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { type Data as DataUpdate, Message } from "@lichat/core"
import { Clock, Context, Data, Duration, Effect, Layer } from "effect"
import { ServerConfig } from "../../config/ServerConfig.ts"
import type { ChannelHandle } from "../../Model.ts"

/** What the caller says about a payload it stores. */
export interface Entry {
  readonly contentType: string
  readonly filename: string | undefined
  /** The channel key. */
  readonly channel: string
  /** The key of the user who sent it, whose quota it counts against. */
  readonly owner: string
}

/** A stored payload. */
export interface Payload extends Entry {
  /** Its length in bytes. */
  readonly size: number
  /** When it is removed (epoch milliseconds, by the Effect `Clock`). */
  readonly expiresAt: number
  /** The bytes, when kept in memory. */
  readonly bytes: Uint8Array | undefined
}

/** A payload was not stored: over a quota, or the disk failed. */
export class LinkRefused extends Data.TaggedError("LinkRefused")<{
  readonly reason: "user-quota" | "total-quota" | "storage"
  readonly message: string
}> {}

/** A stored payload's file could not be read. */
export class LinkReadError extends Data.TaggedError("LinkReadError")<{
  readonly message: string
  readonly cause: unknown
}> {}

/** The payload store. */
export class LinkStore extends Context.Service<LinkStore, {
  /** Where links point: the public base URL (no trailing slash). */
  readonly baseUrl: () => string
  /** Sets the base URL once the listener knows its address. */
  readonly setBaseUrl: (url: string) => void
  /** Stores a payload, within the owner's and the total quota; removes expired ones first. */
  readonly put: (token: string, entry: Entry, bytes: Uint8Array) => Effect.Effect<void, LinkRefused>
  /** A payload that has not expired. */
  readonly get: (token: string) => Effect.Effect<Payload | undefined>
  /** A payload's bytes, when it exists and has not expired. */
  readonly read: (token: string) => Effect.Effect<Uint8Array | undefined, LinkReadError>
  /** Removes every payload of a channel (by channel key), giving its bytes back to the quotas. */
  readonly removeChannel: (channelKey: string) => Effect.Effect<void>
  /** Bytes stored: by one user (by key), or by everyone. */
  readonly usage: (owner?: string) => number
}>()("@lichat/server/LinkStore") {
  /** Payloads in memory, or as files under `dataDir` when it is set. */
  static readonly layer: Layer.Layer<LinkStore, never, ServerConfig> = Layer.effect(
    LinkStore,
    Effect.gen(function*() {
      const config = yield* ServerConfig
      // Insertion order is expiry order: the lifetime is the same for all.
      const payloads = new Map<string, Payload>()
      const used = new Map<string, number>()
      let total = 0
      let baseUrl = config.publicUrl.replace(/\/+$/, "")
      const lifetime = Duration.toMillis(config.linkLifetime)
      const dir = config.dataDir
      if (dir !== "") yield* Effect.sync(() => Fs.mkdirSync(dir, { recursive: true }))
      const file = (token: string) => Path.join(dir, token)

      const removeFile = (token: string) =>
        Effect.tryPromise(() => Fs.promises.rm(file(token), { force: true })).pipe(
          Effect.catch((error) => Effect.logWarning("Could not remove a stored link payload", error))
        )

      // The accounting happens at once; only the file removal waits.
      const forget = (token: string, payload: Payload): Effect.Effect<void> =>
        Effect.suspend(() => {
          if (payloads.get(token) !== payload) return Effect.void
          payloads.delete(token)
          total -= payload.size
          const left = (used.get(payload.owner) ?? 0) - payload.size
          if (left > 0) used.set(payload.owner, left)
          else used.delete(payload.owner)
          return dir === "" ? Effect.void : removeFile(token)
        })

      const sweep = (now: number) =>
        Effect.suspend(() => {
          const expired: Array<readonly [string, Payload]> = []
          for (const entry of payloads) {
            if (entry[1].expiresAt > now) break
            expired.push(entry)
          }
          return Effect.forEach(expired, ([token, payload]) => forget(token, payload), { concurrency: 8, discard: true })
        })

      const get = (token: string): Effect.Effect<Payload | undefined> =>
        Effect.suspend(() => {
          const payload = payloads.get(token)
          if (payload === undefined) return Effect.undefined
          return Effect.flatMap(
            Clock.currentTimeMillis,
            (now) => payload.expiresAt > now ? Effect.succeed(payload) : Effect.as(forget(token, payload), undefined)
          )
        })

      return LinkStore.of({
        baseUrl: () => baseUrl,
        setBaseUrl: (url) => {
          if (config.publicUrl === "") baseUrl = url.replace(/\/+$/, "")
        },
        put: (token, entry, bytes) =>
          Effect.gen(function*() {
            const now = yield* Clock.currentTimeMillis
            yield* sweep(now)
            const size = bytes.byteLength
            const mine = used.get(entry.owner) ?? 0
            if (mine + size > config.linkQuotaPerUser) {
              return yield* new LinkRefused({
                reason: "user-quota",
                message: `Not stored: your files would exceed the per-user quota of ${formatBytes(config.linkQuotaPerUser)}` +
                  ` (${formatBytes(mine)} in use).`
              })
            }
            if (total + size > config.linkQuotaTotal) {
              return yield* new LinkRefused({
                reason: "total-quota",
                message: `Not stored: the server's total quota for files, ${formatBytes(config.linkQuotaTotal)}, is full.`
              })
            }
            // Reserved before the write, so concurrent puts see the bytes; the token is not known to anyone yet.
            const payload: Payload = { ...entry, size, expiresAt: now + lifetime, bytes: dir === "" ? bytes : undefined }
            payloads.set(token, payload)
            used.set(entry.owner, mine + size)
            total += size
            if (dir === "") return
            yield* Effect.tryPromise(() => Fs.promises.writeFile(file(token), bytes)).pipe(
              Effect.catch((error) =>
                Effect.logError("Could not store a link payload", error).pipe(
                  Effect.andThen(forget(token, payload)),
                  Effect.andThen(Effect.fail(new LinkRefused({ reason: "storage", message: "Not stored: the server could not save the file." })))
                )
              )
            )
          }),
        get,
        read: (token) =>
          Effect.flatMap(get(token), (payload) => {
            if (payload === undefined) return Effect.undefined
            if (payload.bytes !== undefined) return Effect.succeed(payload.bytes)
            return Effect.tryPromise({
              try: () => Fs.promises.readFile(file(token)),
              catch: (cause) => new LinkReadError({ message: `Could not read the stored link payload: ${String(cause)}`, cause })
            }).pipe(
              Effect.map((buffer): Uint8Array | undefined => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)),
              // Removed while it was being read: gone, not broken.
              Effect.catch((error) => payloads.get(token) === payload ? Effect.fail(error) : Effect.undefined)
            )
          }),
        removeChannel: (channelKey) =>
          Effect.forEach(
            Array.from(payloads).filter(([, p]) => p.channel === channelKey),
            ([token, payload]) => forget(token, payload),
            { discard: true }
          ),
        usage: (owner) => owner === undefined ? total : (used.get(owner) ?? 0)
      })
    })
  )
}

const formatBytes = (n: number): string =>
  n >= 1024 * 1024
    ? `${+(n / (1024 * 1024)).toFixed(1)} MiB`
    : n >= 1024
    ? `${+(n / 1024).toFixed(1)} KiB`
    : `${n} bytes`

/**
 * Stores a data payload of `owner` (a user key) under its accepted,
 * normalised `contentType`, and makes the message that links to it.
 */
export const store = (
  update: DataUpdate,
  contentType: string,
  channel: ChannelHandle,
  owner: string
): Effect.Effect<Message, LinkRefused, LinkStore> =>
  Effect.gen(function*() {
    const links = yield* LinkStore
    const token = Crypto.randomBytes(24).toString("base64url")
    const bytes = new Uint8Array(Buffer.from(update.payload, "base64"))
    yield* links.put(token, { contentType, filename: update.filename, channel: channel.key, owner }, bytes)
    return new Message({
      id: update.id,
      ...(update.clock === undefined ? {} : { clock: update.clock }),
      ...(update.from === undefined ? {} : { from: update.from }),
      channel: channel.name,
      text: `${links.baseUrl()}/link/${token}`,
      link: contentType
    })
  })
