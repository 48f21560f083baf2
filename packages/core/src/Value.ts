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
