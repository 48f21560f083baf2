/**
 * The store in memory (`--memory`, and tests): the whole contract, gone
 * when the process ends.
 *
 * @since 0.2.0
 */
import { Effect, Layer } from "effect"
import { COLLECTIONS, type Collection, type HistoryEntry, Store, type StoreService } from "./Store.ts"

/** Whether `text`, lower-cased, matches one of the `LIKE` patterns (`%`, `_`, `\` escapes); an empty list matches. */
const likeAny = (text: string, patterns: ReadonlyArray<string>): boolean =>
  patterns.length === 0 || patterns.some((pattern) => likeToRegExp(pattern).test(text.toLowerCase()))

const likeToRegExp = (pattern: string): RegExp => {
  let source = ""
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? ""
    if (c === "\\" && i + 1 < pattern.length) source += escapeRegExp(pattern[++i] ?? "")
    else if (c === "%") source += "[\\s\\S]*"
    else if (c === "_") source += "[\\s\\S]"
    else source += escapeRegExp(c)
  }
  return new RegExp(`^${source}$`, "u")
}

const escapeRegExp = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")

const make = (): StoreService => {
  const records = new Map<Collection, Map<string, string>>(COLLECTIONS.map((c) => [c, new Map()]))
  const table = (collection: Collection) => records.get(collection) ?? new Map<string, string>()
  const history = new Map<string, Array<HistoryEntry>>()
  return {
    describe: "memory",
    durable: false,
    all: (collection) => Effect.sync(() => Array.from(table(collection))),
    get: (collection, key) => Effect.sync(() => table(collection).get(key)),
    put: (collection, key, json) => Effect.sync(() => void table(collection).set(key, json)),
    remove: (collection, key) => Effect.sync(() => void table(collection).delete(key)),
    removePrefix: (collection, prefix) =>
      Effect.sync(() => {
        const rows = table(collection)
        for (const key of Array.from(rows.keys())) if (key.startsWith(prefix)) rows.delete(key)
      }),
    append: (channel, entry) => {
      let entries = history.get(channel)
      if (entries === undefined) history.set(channel, entries = [])
      entries.push(entry)
    },
    flush: Effect.void,
    recent: (channel, limit) => Effect.sync(() => limit <= 0 ? [] : (history.get(channel) ?? []).slice(-limit)),
    search: (channel, filter) =>
      Effect.sync(() =>
        (history.get(channel) ?? [])
          .filter((entry) =>
            entry.kind === "message" && entry.clock >= Math.floor(filter.from) && entry.clock <= Math.ceil(filter.to) &&
            likeAny(entry.from, filter.senders) && likeAny(entry.body, filter.bodies)
          )
          .sort((a, b) => a.clock - b.clock)
          .slice(filter.offset, filter.offset + filter.limit)
          .map((entry) => entry.text)
      ),
    removeHistory: (channel) => Effect.sync(() => void history.delete(channel)),
    retainHistory: (channels) =>
      Effect.sync(() => {
        const kept = new Set(channels)
        for (const channel of Array.from(history.keys())) if (!kept.has(channel)) history.delete(channel)
      }),
    pruneHistory: ({ before, limit }) =>
      Effect.sync(() => {
        let removed = 0
        for (const [channel, entries] of history) {
          const young = before > 0 ? entries.filter((entry) => entry.clock >= before) : entries
          const kept = limit <= 0 ? [] : young.slice(-limit)
          removed += entries.length - kept.length
          history.set(channel, kept)
        }
        return removed
      })
  }
}

/** A fresh store in memory. */
export const layer: Layer.Layer<Store> = Layer.sync(Store, make)
