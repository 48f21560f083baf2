/**
 * Schemas for the slot types of the Lichat object definitions (spec §1.4)
 * that `effect/Schema` has no built-in for: symbols, numbers that may be
 * bigints, ids and raw lists.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { Sym as SymClass } from "../Symbol.ts"
import type { Num as NumType, Value, ValueList } from "../Value.ts"

/** Whether `u` is a wire value: a string, a finite number, a bigint, a symbol or a list of values. */
export const isValue = (u: unknown): u is Value =>
  typeof u === "string" || typeof u === "bigint" || (typeof u === "number" && Number.isFinite(u)) ||
  u instanceof SymClass || (Array.isArray(u) && u.every(isValue))

/** An interned Lichat symbol. */
export const Sym = Schema.declare((u): u is SymClass => u instanceof SymClass, { identifier: "Sym" })

/** An integer or decimal: a `number`, or a `bigint` beyond the safe range. */
export const Num = Schema.declare(
  (u): u is NumType => typeof u === "bigint" || (typeof u === "number" && Number.isFinite(u)),
  { identifier: "Num" }
)

/** A list of wire values. */
export const List = Schema.declare((u): u is ValueList => Array.isArray(u) && u.every(isValue), {
  identifier: "List"
})

/** An update id: any wire value (clients choose; numbers and strings are usual). */
export const Id = Schema.declare(isValue, { identifier: "Id" })
