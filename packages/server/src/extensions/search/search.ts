/**
 * `search` (shirakumo-history): a member finds messages kept in the
 * channel's stored history (storage/Store.ts) that match a query (see query.ts);
 * a query that does not compile is an `invalid-update`. Matches come
 * oldest first; `offset` skips that many, and at most 50 are sent, in as
 * many `search` replies as it takes to keep each under a mebibyte.
 *
 * @since 0.1.0
 */
import { InvalidUpdate, readObject, UpdateFailure, type Value, type ValueList, type WireObject } from "@lichat/core"
import { Effect } from "effect"
import { fail, send } from "../../connection/Session.ts"
import * as Handler from "../../handlers/Handler.ts"
import { compileQuery } from "./query.ts"

/** Messages sent back for one search (the spec's floor). */
const RESULT_LIMIT = 50
/** The most characters of results in one reply. */
const REPLY_CHARS = 1024 * 1024

/** A kept message in list form, for `results`. */
const asList = (object: WireObject): ValueList => {
  const list: Array<Value> = [object.type]
  for (const [key, value] of object.fields) list.push(key, value)
  return list
}

/** Rows read from the store at a time when a field the store cannot filter on is tested here. */
const PAGE = 500

/** Searches the channel's kept messages and replies with what matches. */
export const search = Handler.inChannel({
  tag: "search",
  extension: "shirakumo-history",
  member: true,
  step: (session, update, state) =>
    Effect.gen(function*() {
      const query = compileQuery(update.query ?? [])
      if (typeof query === "string") return yield* fail(session.connection, InvalidUpdate, update, query)
      const skip = Math.max(0, Math.floor(Number(update.offset ?? 0)))
      const store = session.registry.store
      const found: Array<Found> = []
      if (query.test === undefined) {
        // The store filters on everything asked: it skips and limits too.
        const texts = yield* store.search(state.handle.key, { ...query.filter, offset: skip, limit: RESULT_LIMIT })
        for (const text of texts) {
          const read = readObject(text)
          if (read._tag === "Success") found.push({ list: asList(read.success), size: text.length })
        }
      } else {
        let skipped = 0
        for (let offset = 0; found.length < RESULT_LIMIT; offset += PAGE) {
          const texts = yield* store.search(state.handle.key, { ...query.filter, offset, limit: PAGE })
          for (const text of texts) {
            const read = readObject(text)
            if (read._tag === "Failure" || !query.test(read.success)) continue
            if (skipped < skip) skipped++
            else if (found.push({ list: asList(read.success), size: text.length }) === RESULT_LIMIT) break
          }
          if (texts.length < PAGE) break
        }
      }
      for (const results of inReplies(found)) send(session.connection, Handler.patch(update, { results }))
    }).pipe(Effect.catchTag("StoreError", (error) =>
      Effect.andThen(
        Effect.logError(`search in ${state.handle.name}: ${error.message}`),
        fail(session.connection, UpdateFailure, update, "The search could not be run; try again later.")
      )
    ))
})

/** A matching message in list form, and its length as stored. */
interface Found {
  readonly list: ValueList
  readonly size: number
}

/** The results in as many replies as it takes to keep each under `REPLY_CHARS` (at least one reply). */
const inReplies = (found: ReadonlyArray<Found>): ReadonlyArray<ReadonlyArray<ValueList>> => {
  const replies: Array<Array<ValueList>> = [[]]
  let chars = 0
  for (const { list, size } of found) {
    const reply = replies[replies.length - 1] ?? []
    if (chars + size > REPLY_CHARS && reply.length > 0) {
      replies.push([list])
      chars = size
    } else {
      reply.push(list)
      chars += size
    }
  }
  return replies
}
