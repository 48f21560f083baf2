/**
 * shirakumo-link: `data` payloads are stored (as files under
 * `dataDir/links`, or in memory with `memory`) and served over the HTTP
 * side of the listening port at an unguessable URL, `/link/<token>`,
 * with their content type; the channel receives a `message` whose text is
 * the URL and whose `link` field is the content type. A channel's payloads
 * are removed with the channel; every payload is removed after
 * `linkLifetime`. Each user may keep at most `linkQuotaPerUser` bytes
 * stored, everyone together `linkQuotaTotal`.
 *
 * On disk, the index of the payloads (token → content type, filename,
 * channel, owner, size, expiry) is written through to the store's `links`
 * collection before an upload is acknowledged, and read back at start, so
 * links outlive a restart.
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
import { messageOf, parseRecord } from "../../storage/Records.ts"
import { Store, StoreError } from "../../storage/Store.ts"

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
  /**
   * Stores a payload, within the owner's and the total quota; removes expired ones first.
   * On disk, it succeeds once the file is written and its index row is in the store.
   */
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
  /**
   * Payloads as files under `dataDir/links`, indexed in the store's `links`
   * collection; or, with `memory` (or a store that does not outlive the
   * process), everything in memory. At start the index is read back: rows
   * that expired, or whose file is missing or of another size, are dropped
   * with their files, and files no row names are removed. A store that
   * cannot be read fails the layer.
   */
  static readonly layer: Layer.Layer<LinkStore, StoreError, ServerConfig | Store> = Layer.effect(
    LinkStore,
    Effect.gen(function*() {
      const config = yield* ServerConfig
      const store = yield* Store
      // An index in a store that forgets it would only orphan the files.
      const onDisk = !config.memory && store.durable
      const dir = Path.join(config.dataDir, LINKS_DIR)
      // Insertion order is expiry order: the lifetime is the same for all (restored payloads are capped to it).
      const payloads = new Map<string, Payload>()
      const used = new Map<string, number>()
      let total = 0
      let baseUrl = config.publicUrl.replace(/\/+$/, "")
      const lifetime = Duration.toMillis(config.linkLifetime)
      const file = (token: string) => Path.join(dir, token)

      const removeFile = (token: string) =>
        Effect.tryPromise(() => Fs.promises.rm(file(token), { force: true })).pipe(
          Effect.catch((error) => Effect.logWarning("Could not remove a stored link payload", error))
        )

      const removeRow = (token: string) =>
        Effect.catch(
          store.remove("links", token),
          (error) => Effect.logWarning(`${error.store}: could not remove the index row of a link payload: ${error.message}`)
        )

      // The row first: a crash in between leaves a file no row names, removed at the next start.
      const erase = (token: string): Effect.Effect<void> => Effect.uninterruptible(Effect.andThen(removeRow(token), removeFile(token)))

      const add = (token: string, payload: Payload) => {
        payloads.set(token, payload)
        used.set(payload.owner, (used.get(payload.owner) ?? 0) + payload.size)
        total += payload.size
      }

      // The accounting happens at once; only the row's and the file's removal wait.
      const forget = (token: string, payload: Payload): Effect.Effect<void> =>
        Effect.suspend(() => {
          if (payloads.get(token) !== payload) return Effect.void
          payloads.delete(token)
          total -= payload.size
          const left = (used.get(payload.owner) ?? 0) - payload.size
          if (left > 0) used.set(payload.owner, left)
          else used.delete(payload.owner)
          return onDisk ? erase(token) : Effect.void
        })

      // What a put that did not finish wrote goes, whether or not the payload was forgotten meanwhile.
      const undo = (token: string, payload: Payload): Effect.Effect<void> =>
        Effect.suspend(() => payloads.get(token) === payload ? forget(token, payload) : erase(token))

      const refuse = (token: string, payload: Payload, logged: Effect.Effect<void>) =>
        logged.pipe(
          Effect.andThen(undo(token, payload)),
          Effect.andThen(Effect.fail(new LinkRefused({ reason: "storage", message: "Not stored: the server could not save the file." })))
        )

      // The file (written and closed), then its row: a row always names a whole file.
      const save = (token: string, payload: Payload, bytes: Uint8Array): Effect.Effect<void, LinkRefused> =>
        Effect.gen(function*() {
          yield* Effect.tryPromise(() => Fs.promises.writeFile(file(token), bytes)).pipe(
            Effect.catch((error) => refuse(token, payload, Effect.logError("Could not store a link payload", error)))
          )
          yield* store.put("links", token, encodeRow(payload)).pipe(
            Effect.catch((error) =>
              refuse(token, payload, Effect.logError(`${error.store}: could not index a link payload: ${error.message}`))
            )
          )
          // Its channel was removed (or it expired) while it was being written.
          if (payloads.get(token) !== payload) {
            yield* erase(token)
            return yield* new LinkRefused({ reason: "storage", message: "Not stored: the channel is gone." })
          }
        })

      const restore = Effect.gen(function*() {
        yield* Effect.tryPromise({
          try: () => Fs.promises.mkdir(dir, { recursive: true }),
          catch: (error) => new StoreError({ store: store.describe, message: `create ${dir}: ${messageOf(error)}` })
        })
        const rows = yield* store.all("links")
        const now = yield* Clock.currentTimeMillis
        const kept: Array<readonly [string, Payload]> = []
        const dropped: Array<string> = []
        // Rows whose file could not be looked at: left alone, to be tried again at the next start.
        const spared = new Set<string>()
        yield* Effect.forEach(rows, ([token, json]) =>
          Effect.gen(function*() {
            const row = SAFE_NAME.test(token) ? decodeRow(json) : undefined
            if (row === undefined || row.expiresAt <= now) return void dropped.push(token)
            const stat = yield* Effect.promise(() => Fs.promises.stat(file(token)).then((s) => s, (e: unknown) => errnoOf(e)))
            if (typeof stat === "string") {
              if (stat === "ENOENT" || stat === "ENOTDIR") return void dropped.push(token)
              spared.add(token)
              return yield* Effect.logWarning(`Could not look at the stored link payload ${file(token)} (${stat}); it is not served`)
            }
            if (!stat.isFile() || stat.size !== row.size) return void dropped.push(token)
            kept.push([token, { ...row, expiresAt: Math.min(row.expiresAt, now + lifetime), bytes: undefined }])
          }), { concurrency: 16, discard: true })
        yield* Effect.forEach(dropped, removeRow, { concurrency: 8, discard: true })
        kept.sort(([, a], [, b]) => a.expiresAt - b.expiresAt)
        for (const [token, payload] of kept) add(token, payload)
        const entries = yield* Effect.tryPromise(() => Fs.promises.readdir(dir, { withFileTypes: true })).pipe(
          Effect.catch((error) =>
            Effect.as(Effect.logWarning(`Could not list ${dir}; files of payloads no longer stored are left there`, error), [])
          )
        )
        const orphans = entries
          .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && !payloads.has(entry.name) && !spared.has(entry.name))
          .map((entry) => entry.name)
        yield* Effect.forEach(orphans, removeFile, { concurrency: 8, discard: true })
        yield* Effect.logInfo(
          `link payloads in ${dir}: ${kept.length} restored (${formatBytes(total)}), ${dropped.length} expired or missing` +
            ` dropped, ${orphans.length} files without an index row removed`
        )
      })

      if (onDisk) yield* restore

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
            const payload: Payload = { ...entry, size, expiresAt: now + lifetime, bytes: onDisk ? undefined : bytes }
            add(token, payload)
            // Not cut short: a file without its row, or a reservation without either, would outlive the put.
            if (onDisk) yield* Effect.uninterruptible(save(token, payload, bytes))
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
            { concurrency: 8, discard: true }
          ),
        usage: (owner) => owner === undefined ? total : (used.get(owner) ?? 0)
      })
    })
  )
}

/** The directory under `dataDir` of the payload files, each named by its token. */
const LINKS_DIR = "links"

/** What a token may be to name a file: a row's key cannot point outside the directory. */
const SAFE_NAME = /^[A-Za-z0-9_-]{1,128}$/

/**
 * A payload's row in the `links` collection (keyed by its token): content
 * type, filename (absent when none), channel key, owner key, size in bytes
 * and expiry (epoch milliseconds).
 */
const encodeRow = (payload: Payload): string =>
  JSON.stringify({
    contentType: payload.contentType,
    ...(payload.filename === undefined ? {} : { filename: payload.filename }),
    channel: payload.channel,
    owner: payload.owner,
    size: payload.size,
    expiresAt: payload.expiresAt
  })

/** A row as `encodeRow` wrote it, or `undefined`. */
const decodeRow = (json: string): Omit<Payload, "bytes"> | undefined => {
  const value = parseRecord(json)
  if (value === undefined) return undefined
  const { contentType, filename, channel, owner, size, expiresAt } = value
  if (typeof contentType !== "string" || typeof channel !== "string" || typeof owner !== "string") return undefined
  if (filename !== undefined && filename !== null && typeof filename !== "string") return undefined
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) return undefined
  if (typeof expiresAt !== "number" || !Number.isFinite(expiresAt)) return undefined
  return { contentType, filename: typeof filename === "string" ? filename : undefined, channel, owner, size, expiresAt }
}

/** A failed `stat`'s error code. */
const errnoOf = (error: unknown): string =>
  typeof error === "object" && error !== null && "code" in error && typeof error.code === "string" ? error.code : String(error)

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
