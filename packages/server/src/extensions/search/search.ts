/**
 * `search` (shirakumo-history): a member finds messages kept in the
 * channel's archive (MessageArchive.ts) that match a query (see query.ts);
 * a query that does not compile is an `invalid-update`. Matches come
 * oldest first; `offset` skips that many, and at most 50 are sent, in as
 * many `search` replies as it takes to keep each under a mebibyte.
 *
 * @since 0.1.0
 */
import { InvalidUpdate, readObject, type Value, type ValueList, type WireObject } from "@lichat/core"
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

/** Searches the channel's kept messages and replies with what matches. */
export const search = Handler.inChannel({
  tag: "search",
  extension: "shirakumo-history",
  member: true,
  step: (session, update, state) => {
    const query = compileQuery(update.query ?? [])
    if (typeof query === "string") return fail(session.connection, InvalidUpdate, update, query)
    const skip = Math.max(0, Math.floor(Number(update.offset ?? 0)))
    let skipped = 0
    let reply: Array<ValueList> = []
    const replies: Array<Array<ValueList>> = [reply]
    let chars = 0
    let found = 0
    for (const text of session.registry.archive.scan(state.handle.key, query.filter)) {
      // Read only what another field has to be tested on, or what is sent.
      if (skipped < skip && query.test === undefined) {
        skipped++
        continue
      }
      const read = readObject(text)
      if (read._tag === "Failure" || (query.test !== undefined && !query.test(read.success))) continue
      if (skipped < skip) {
        skipped++
        continue
      }
      if (chars + text.length > REPLY_CHARS && reply.length > 0) {
        reply = []
        replies.push(reply)
        chars = 0
      }
      reply.push(asList(read.success))
      chars += text.length
      if (++found === RESULT_LIMIT) break
    }
    return Effect.sync(() => {
      for (const results of replies) send(session.connection, Handler.patch(update, { results }))
    })
  }
})
