/**
 * The values that travel on the Lichat wire (spec §1): strings, numbers,
 * symbols and lists. An *object* is not a separate value: it is a list whose
 * head is a symbol naming a class, read into a `WireObject` at the top level.
 *
 * @since 0.1.0
 */
import type { Sym } from "./Symbol.ts"

/**
 * A number: a JS `number` for decimals and for integers within the safe
 * range, a `bigint` for integers beyond it, so no digit is ever lost.
 */
export type Num = number | bigint

/** Any value that can be read from or printed to the wire. */
export type Value = string | Num | Sym | ValueList

/** A list of values. */
export interface ValueList extends ReadonlyArray<Value> {}

/**
 * An object read from the wire: its class symbol and its keyword arguments
 * in the order they appeared (later duplicates of a key are ignored).
 */
export interface WireObject {
  readonly type: Sym
  readonly fields: ReadonlyMap<Sym, Value>
}

/** The most characters an update's `:id` may take, roughly as printed: far above any real id. */
export const MAX_ID_SIZE = 256

/**
 * Whether a value is small enough to be an update's `:id`. Every reply
 * echoes the id of its request, so an id must be bounded for no request to
 * make the server echo megabytes. Numbers are bounded by the reader.
 */
export const isSmallId = (value: Value): boolean => sizeWithin(value, MAX_ID_SIZE) >= 0

/** An object's `:id` when it may be echoed in a reply, else `undefined`. */
export const smallId = (id: Value | undefined): Value | undefined => id !== undefined && isSmallId(id) ? id : undefined

/** The budget left after `value`'s size (strings and names by length), or -1 once it is spent. */
const sizeWithin = (value: Value, budget: number): number => {
  if (typeof value === "string") return budget - value.length - 2
  if (typeof value === "number" || typeof value === "bigint") return budget - 8
  if (!Array.isArray(value)) return budget - (value as Sym).name.length - 1
  let left = budget - 2
  for (const item of value as ValueList) {
    left = sizeWithin(item, left - 1)
    if (left < 0) return -1
  }
  return left
}
