/**
 * The errors of the Lichat wire format (spec §1, §3.1): what can go wrong
 * when text is read into values, split into updates, or printed.
 *
 * Reading errors are values (`Result` failures), never exceptions. Positions
 * are offsets in UTF-16 code units into the text that was read.
 *
 * @since 0.1.0
 */
import { Data } from "effect"
import type { Value } from "./Value.ts"

/** The text does not follow the grammar (or an object's structure, §1.2). */
export class MalformedInput extends Data.TaggedError("MalformedInput")<{
  readonly message: string
  readonly position: number
}> {}

/**
 * An object's head is a symbol that does not name a known update class
 * (§1.2). `name` is the symbol as it was read, printed canonically
 * (lower-case, with its package prefix where one is needed).
 */
export class UnknownClass extends Data.TaggedError("UnknownClass")<{
  readonly name: string
  /** The object's `:id`, when it had one, so a reply can carry `update-id`. */
  readonly id?: Value | undefined
}> {}

/** The text (or a NUL-delimited piece of a stream) is longer than `limit` code units. */
export class TooLong extends Data.TaggedError("TooLong")<{
  readonly limit: number
}> {}

/** Lists are nested deeper than `limit`. */
export class TooDeep extends Data.TaggedError("TooDeep")<{
  readonly limit: number
}> {}

/** A NUL character where none may be (§1.3): inside an update, not as its terminator. */
export class StrayNul extends Data.TaggedError("StrayNul")<{
  readonly position: number
}> {}

/** The text ended before the expression did (an unterminated string or list, or no expression at all). */
export class Incomplete extends Data.TaggedError("Incomplete")<{}> {}

/**
 * A symbol cannot be put on the wire (§1.3): its name or package contains a
 * NUL, or is empty. `symbol` describes it for diagnostics.
 */
export class UnprintableSymbol extends Data.TaggedError("UnprintableSymbol")<{
  readonly symbol: string
}> {}

/** A number cannot be put on the wire: it is not finite (`NaN`, `Infinity`). */
export class UnprintableNumber extends Data.TaggedError("UnprintableNumber")<{
  readonly value: number
}> {}

/** Every error that printing a value can produce. */
export type PrintError = UnprintableSymbol | UnprintableNumber

/** Every error that reading wire text can produce. */
export type WireError = MalformedInput | UnknownClass | TooLong | TooDeep | StrayNul | Incomplete
