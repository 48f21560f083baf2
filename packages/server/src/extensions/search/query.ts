/**
 * The query of a shirakumo-history `search`: a list of keys and values,
 * each matched against the same field of a kept message by the field's
 * type:
 *
 * - `:clock` takes `(from to)`, each a time or `T` for open, inclusive;
 * - a string field takes a list of match specs, at least one of which must
 *   occur in it: `_` is any one character, `*` any run of them, `\` makes
 *   the next character plain; case is ignored (as the Elixir reference
 *   matches with a regular expression, a spec is found anywhere in the
 *   text rather than matched against all of it);
 * - a number takes an equal number, a symbol the same symbol, and a list
 *   a list whose elements all occur in it.
 *
 * `:clock`, `:from` and `:text` (each given once) are filtered by the
 * archive's SQL, the match specs as `LIKE` patterns over lower-case forms,
 * so that a search does not read every kept message; other fields are
 * tested on the messages that pass. An empty `:from` or `:text` matches
 * anything. A query that is not a list of keyword/value pairs, a bad
 * `:clock`, or a `:from` or `:text` of no match strings or given twice, is
 * refused with the reason.
 *
 * @since 0.1.0
 */
import { KEYWORD, keyword, NIL, Sym, T, type Value, type ValueList, type WireObject } from "@lichat/core"
import type { SearchFilter } from "../../storage/Store.ts"

/** What the store filters on; search.ts adds the page. */
type Filter = Omit<SearchFilter, "offset" | "limit">

const CLOCK = keyword("clock")
const FROM = keyword("from")
const TEXT = keyword("text")

/** A test of a kept message. */
type Test = (object: WireObject) => boolean

/** Characters that mean something in a regular expression (with the `u` flag, only these may be escaped). */
const special = new Set("^$\\.*+?()[]{}|/")

/**
 * The pieces of a match spec, lower-cased: plain text, `one` (`_`) and
 * `run` (`*`). Case is ignored by comparing lower-case forms, the same way
 * in the archive's SQL and here.
 */
const pieces = (spec: string): Array<string | "one" | "run"> => {
  const out: Array<string | "one" | "run"> = []
  let escaped = false
  for (const char of spec.toLowerCase()) {
    if (escaped) {
      out.push(char)
      escaped = false
    } else if (char === "\\") escaped = true
    else out.push(char === "_" ? "one" : char === "*" ? "run" : char)
  }
  return out
}

/** A match spec as a regular expression that finds it anywhere in a lower-cased string. */
export const matchSpec = (spec: string): RegExp =>
  new RegExp(
    pieces(spec).map((p) => p === "one" ? "." : p === "run" ? ".*" : special.has(p) ? `\\${p}` : p).join(""),
    "su"
  )

/** A match spec as an SQL `LIKE` pattern (with backslash as its escape) that finds it anywhere in a lower-cased column. */
export const likePattern = (spec: string): string =>
  "%" +
  pieces(spec).map((p) => p === "one" ? "_" : p === "run" ? "%" : p === "%" || p === "_" || p === "\\" ? `\\${p}` : p).join("") +
  "%"

const sameValue = (a: Value, b: Value): boolean => {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => {
      const y = b[i]
      return y !== undefined && sameValue(x, y)
    })
  }
  if ((typeof a === "number" || typeof a === "bigint") && (typeof b === "number" || typeof b === "bigint")) {
    return Number(a) === Number(b)
  }
  return a === b
}

/** The match specs of a query value: a list of strings, or one string. */
const specsOf = (query: Value): ReadonlyArray<string> =>
  (Array.isArray(query) ? query : [query]).filter((q): q is string => typeof q === "string")

/** How a field value is matched by a query value, by the field's type. */
const fieldMatcher = (query: Value): ((candidate: Value) => boolean) => {
  const specs = specsOf(query).map(matchSpec)
  return (candidate) => {
    if (typeof candidate === "string") {
      const lower = candidate.toLowerCase()
      return specs.some((spec) => spec.test(lower))
    }
    if (Array.isArray(candidate)) return Array.isArray(query) && query.every((q) => candidate.some((c) => sameValue(c, q)))
    return sameValue(candidate, query)
  }
}

/** A time bound of a `:clock` range: a number, or `T` for none. */
const bound = (value: Value | undefined, open: number): number | undefined =>
  value === T ? open : typeof value === "number" || typeof value === "bigint" ? Number(value) : undefined

/**
 * The compiled query: what the archive filters on (`:clock`, `:from`,
 * `:text`), and a test for the other fields, if any.
 */
export interface Query {
  readonly filter: Filter
  readonly test: Test | undefined
}

/** Compiles a query, or says what is wrong with it. */
export const compileQuery = (query: ValueList): Query | string => {
  if (query.length % 2 !== 0) return "A search query needs a value after every key."
  let from = Number.MIN_SAFE_INTEGER
  let to = Number.MAX_SAFE_INTEGER
  const senders: Array<string> = []
  const bodies: Array<string> = []
  const tests: Array<Test> = []
  for (let i = 0; i < query.length; i += 2) {
    const key = query[i]
    const value = query[i + 1]
    if (!(key instanceof Sym) || key.pkg !== KEYWORD) return "The keys of a search query must be keywords."
    if (value === undefined) return "A search query needs a value after every key."
    if (key === CLOCK) {
      const range = Array.isArray(value) && value.length === 2
        ? [bound(value[0], Number.MIN_SAFE_INTEGER), bound(value[1], Number.MAX_SAFE_INTEGER)]
        : []
      if (range[0] === undefined || range[1] === undefined) return "The :clock of a search query must be (from to), each a time or T."
      from = Math.max(from, range[0])
      to = Math.min(to, range[1])
    } else if (key === FROM || key === TEXT) {
      // An empty list (NIL), as lichat-js sends for a search box field left blank, matches anything.
      if (value === NIL || (Array.isArray(value) && value.length === 0)) continue
      const specs = specsOf(value)
      if (specs.length === 0) return `The :${key.name} of a search query must be a list of match strings.`
      ;(key === FROM ? senders : bodies).push(...specs.map(likePattern))
      // A second :from or :text narrows further; the archive takes one list of each.
      if ((key === FROM ? senders : bodies).length > specs.length) return `A search query may give :${key.name} once.`
    } else {
      const matcher = fieldMatcher(value)
      tests.push((object) => {
        const field = object.fields.get(key)
        return field !== undefined && matcher(field)
      })
    }
  }
  return {
    filter: { from, to, senders, bodies },
    test: tests.length === 0 ? undefined : (object) => tests.every((test) => test(object))
  }
}
