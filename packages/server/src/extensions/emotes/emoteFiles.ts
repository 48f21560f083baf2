/**
 * Server-wide emotes (shirakumo-emotes): image files in `emotesDir`
 * (`name.png`, `name.gif`, …) loaded into the primary channel at start.
 *
 * @since 0.1.0
 */

import * as Fs from "node:fs"
import * as Path from "node:path"
import { nameKey } from "@lichat/core"
import { Effect } from "effect"
import type { Emote } from "../../actors/ChannelState.ts"

const typesByExtension: Readonly<Record<string, string>> = {
  ".png": "image/png",
  ".gif": "image/gif",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".svg": "image/svg+xml"
}

/**
 * Reads the emotes of a directory: every image file of a known type and at
 * most `maxSize` bytes, at most `limit` of them; others are skipped with a
 * warning. A missing directory is reported and yields none.
 */
export const load = (dir: string, maxSize: number, limit: number): Effect.Effect<ReadonlyArray<Emote>> =>
  Effect.gen(function*() {
    const entries = yield* Effect.tryPromise(() => Fs.promises.readdir(dir, { withFileTypes: true })).pipe(
      Effect.catch((error) => Effect.as(Effect.logWarning(`emotes directory ${dir} cannot be read: ${String(error)}`), []))
    )
    const emotes: Array<Emote> = []
    const seen = new Set<string>()
    for (const entry of entries.filter((e) => e.isFile()).sort((a, b) => a.name.localeCompare(b.name))) {
      const extension = Path.extname(entry.name).toLowerCase()
      const contentType = typesByExtension[extension]
      const name = Path.basename(entry.name, Path.extname(entry.name))
      if (contentType === undefined || name.length === 0 || seen.has(nameKey(name))) continue
      if (emotes.length >= limit) {
        yield* Effect.logWarning(`emotes directory ${dir}: more than ${limit} emotes; the rest are skipped`)
        break
      }
      const bytes = yield* Effect.tryPromise(() => Fs.promises.readFile(Path.join(dir, entry.name))).pipe(
        Effect.orElseSucceed(() => undefined)
      )
      if (bytes === undefined || bytes.byteLength > maxSize) {
        yield* Effect.logWarning(`emote ${entry.name} skipped: unreadable or larger than ${maxSize} bytes`)
        continue
      }
      seen.add(nameKey(name))
      emotes.push({ name, contentType, payload: bytes.toString("base64") })
    }
    return emotes
  })
