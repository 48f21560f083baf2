/**
 * The Lichat wire reader (spec §1): text in, values or objects out.
 *
 * The reader is iterative (an explicit stack, never recursion), so deep
 * nesting cannot overflow the call stack; it checks the length and depth
 * limits before doing the work they guard. Every failure is returned as a
 * typed `WireError` inside a `Result`; the reader never throws.
 *
 * Symbols are only ever looked up, never created: an unknown symbol is read
 * as one of the two placeholders of `Symbol.ts`. A name without a package
 * (`BACKFILL`, as lichat-js writes it) is the known symbol of that name in
 * any package (`Symbol.readSymbolName`).
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import { findOrPlaceholder, isClass, KEYWORD, keyword, readSymbolName, type Sym } from "./Symbol.ts"
import { smallId, type Value, type ValueList, type WireObject } from "./Value.ts"
import { Incomplete, MalformedInput, StrayNul, TooDeep, TooLong, UnknownClass, type WireError } from "./WireError.ts"

/** Limits applied while reading. */
export interface ReadOptions {
  /** The longest text accepted, in UTF-16 code units. */
  readonly maxLength?: number | undefined
  /** The deepest nesting of lists accepted (the object itself is depth 1). */
  readonly maxDepth?: number | undefined
}

/** The length limit when none is given: 8 MiB of characters. */
export const DEFAULT_MAX_LENGTH = 8 * 1024 * 1024
/** The depth limit when none is given. */
export const DEFAULT_MAX_DEPTH = 64

const ID = keyword("id")

/**
 * Reads exactly one expression (string, number, symbol or list) from
 * `text`; whitespace may surround it, nothing else may.
 */
export const readValue = (text: string, options?: ReadOptions): Result.Result<Value, WireError> => {
  const maxLength = options?.maxLength ?? DEFAULT_MAX_LENGTH
  if (text.length > maxLength) return Result.fail(new TooLong({ limit: maxLength }))
  const parser = new Parser(text, options?.maxDepth ?? DEFAULT_MAX_DEPTH)
  const value = parser.readTop()
  return parser.error === undefined ? Result.succeed(value as Value) : Result.fail(parser.error)
}

/**
 * Reads one update object (§1.2): a list whose head is a symbol naming a
 * known class, followed by keyword/value pairs. Structure is checked before
 * the class, so a malformed object is reported as malformed even when its
 * class is unknown. Later duplicates of a key are ignored.
 */
export const readObject = (text: string, options?: ReadOptions): Result.Result<WireObject, WireError> => {
  const maxLength = options?.maxLength ?? DEFAULT_MAX_LENGTH
  if (text.length <= maxLength) {
    const object = new Parser(text, options?.maxDepth ?? DEFAULT_MAX_DEPTH).readWellFormedObject()
    if (object !== undefined) return Result.succeed(object)
  }
  return readObjectSlowly(text, options)
}

/**
 * Reads the whole expression, then checks its shape: the reference for
 * `readObject`, which takes this path whenever its direct one declines.
 */
export const readObjectSlowly = (text: string, options?: ReadOptions): Result.Result<WireObject, WireError> => {
  const read = readValue(text, options)
  if (Result.isFailure(read)) return Result.fail(read.failure)
  return toObject(read.success, text)
}

/** Turns a read list into an object, checking its shape and class (§1.2). */
export const toObject = (value: Value, text = ""): Result.Result<WireObject, WireError> => {
  if (!Array.isArray(value)) return Result.fail(malformed("an update must be a list", 0))
  const list = value as ValueList
  const head = list[0]
  if (head === undefined || typeof head !== "object" || Array.isArray(head)) {
    return Result.fail(malformed("an update must begin with a symbol naming its class", 0))
  }
  const type = head as Sym
  if (list.length % 2 === 0) return Result.fail(malformed("an update needs a value after every key", 0))
  const fields = new Map<Sym, Value>()
  for (let i = 1; i < list.length; i += 2) {
    const key = list[i]
    const value = list[i + 1]
    if (typeof key !== "object" || Array.isArray(key) || (key as Sym).pkg !== KEYWORD || value === undefined) {
      return Result.fail(malformed("every key of an update must be a keyword", 0))
    }
    if (!fields.has(key as Sym)) fields.set(key as Sym, value)
  }
  if (type.unknown || !isClass(type)) {
    return Result.fail(new UnknownClass({ name: type.unknown ? headText(text) : type.toString(), id: smallId(fields.get(ID)) }))
  }
  return Result.succeed({ type, fields })
}

const malformed = (message: string, position: number) => new MalformedInput({ message, position })

/** The head token of an object as written, for diagnostics (bounded). */
const headText = (text: string): string => {
  const match = /^\s*\(\s*([^\s()"]{1,64})/.exec(text)
  return match?.[1]?.toLowerCase() ?? "unknown-symbol"
}

// Character codes.
const NUL = 0
const TAB = 9
const CR = 13
const SPACE = 32
const QUOTE = 34
const OPEN = 40
const CLOSE = 41
const MINUS = 45
const DOT = 46
const ZERO = 48
const NINE = 57
const COLON = 58
const BACKSLASH = 92

const isWhite = (c: number): boolean => c === SPACE || (c >= TAB && c <= CR)
const isDigit = (c: number): boolean => c >= ZERO && c <= NINE
/** Characters that end a number or a symbol name. */
const isTerminal = (c: number): boolean =>
  c === SPACE || (c >= TAB && c <= CR) || c === OPEN || c === CLOSE || c === QUOTE || c === COLON || c === NUL

/** Integers with at most this many digits are always exact as a `number`. */
const SAFE_DIGITS = 15

/**
 * The longest number token read, in characters: far above any id or clock,
 * and above the longest finite double the printer writes (about 330), so
 * that every printed number reads back. Longer ones are malformed, so that
 * no one can make the server parse and echo a megabyte-long integer.
 */
export const MAX_NUMBER_LENGTH = 512

class Parser {
  readonly text: string
  readonly maxDepth: number
  pos = 0
  error: WireError | undefined = undefined

  constructor(text: string, maxDepth: number) {
    this.text = text
    this.maxDepth = maxDepth
  }

  fail(error: WireError): undefined {
    if (this.error === undefined) this.error = error
    return undefined
  }

  skipWhite(): void {
    const text = this.text
    let pos = this.pos
    while (pos < text.length && isWhite(text.charCodeAt(pos))) pos++
    this.pos = pos
  }

  /** Reads one expression and checks that only whitespace follows it. */
  readTop(): Value | undefined {
    this.skipWhite()
    if (this.pos >= this.text.length) return this.fail(new Incomplete())
    const value = this.readExpression()
    if (value === undefined) return undefined
    this.skipWhite()
    if (this.pos < this.text.length) {
      return this.text.charCodeAt(this.pos) === NUL
        ? this.fail(new StrayNul({ position: this.pos }))
        : this.fail(malformed("unexpected text after the expression", this.pos))
    }
    return value
  }

  /**
   * The common case of `readObject` in one pass: a well-formed object of a
   * known class, its fields read straight into the map, with no list of
   * the whole object built first. Returns `undefined` at anything else —
   * a syntax error, a non-keyword key, a missing value, an unknown class —
   * and `readObject` then reads the text the slow way, which finds the
   * error the reference way.
   */
  readWellFormedObject(): WireObject | undefined {
    const text = this.text
    this.skipWhite()
    if (this.maxDepth < 1 || this.text.charCodeAt(this.pos) !== OPEN) return undefined
    this.pos++
    this.skipWhite()
    const c = text.charCodeAt(this.pos)
    if (this.pos >= text.length || c === OPEN || c === CLOSE || c === QUOTE) return undefined
    const type = this.readAtom(c)
    if (type === undefined || typeof type !== "object" || Array.isArray(type)) return undefined
    const fields = new Map<Sym, Value>()
    for (;;) {
      this.skipWhite()
      if (this.pos >= text.length) return undefined
      if (text.charCodeAt(this.pos) === CLOSE) break
      if (!isSeparated(text.charCodeAt(this.pos - 1)) || text.charCodeAt(this.pos) !== COLON) return undefined
      const key = this.readSymbol()
      if (key === undefined) return undefined
      this.skipWhite()
      if (this.pos >= text.length || text.charCodeAt(this.pos) === CLOSE) return undefined
      if (!isSeparated(text.charCodeAt(this.pos - 1))) return undefined
      const first = text.charCodeAt(this.pos)
      const value = first === OPEN ? this.readExpression(1) : this.readAtom(first)
      if (value === undefined) return undefined
      if (!fields.has(key)) fields.set(key, value)
    }
    this.pos++
    this.skipWhite()
    if (this.pos < text.length || (type as Sym).unknown || !isClass(type as Sym)) return undefined
    return { type: type as Sym, fields }
  }

  /**
   * Reads an expression; lists are built with an explicit stack. `depth`
   * is how many lists already enclose it.
   */
  readExpression(depth = 0): Value | undefined {
    const text = this.text
    const stack: Array<Array<Value>> = []
    for (;;) {
      this.skipWhite()
      if (this.pos >= text.length) return this.fail(new Incomplete())
      const c = text.charCodeAt(this.pos)
      let atom: Value | undefined
      if (c === OPEN) {
        if (depth + stack.length >= this.maxDepth) return this.fail(new TooDeep({ limit: this.maxDepth }))
        this.pos++
        stack.push([])
        continue
      } else if (c === CLOSE) {
        const done = stack.pop()
        if (done === undefined) return this.fail(malformed("unbalanced closing parenthesis", this.pos))
        this.pos++
        atom = done
      } else if (stack.length > 0 && this.pos > 0 && !isSeparated(text.charCodeAt(this.pos - 1))) {
        return this.fail(malformed("expressions must be separated by whitespace", this.pos))
      } else {
        atom = this.readAtom(c)
        if (atom === undefined) return undefined
      }
      const top = stack[stack.length - 1]
      if (top === undefined) return atom
      top.push(atom)
    }
  }

  readAtom(c: number): Value | undefined {
    if (c === QUOTE) return this.readString()
    if (isDigit(c) || c === DOT || (c === MINUS && isDigit(this.text.charCodeAt(this.pos + 1)))) {
      return this.readNumber()
    }
    if (c === NUL) return this.fail(new StrayNul({ position: this.pos }))
    return this.readSymbol()
  }

  readString(): string | undefined {
    const text = this.text
    let pos = this.pos + 1
    let start = pos
    let out = ""
    for (;;) {
      if (pos >= text.length) return this.fail(new Incomplete())
      const c = text.charCodeAt(pos)
      if (c === QUOTE) break
      if (c === NUL) return this.fail(new StrayNul({ position: pos }))
      if (c === BACKSLASH) {
        out += text.slice(start, pos)
        pos++
        if (pos >= text.length) return this.fail(new Incomplete())
        if (text.charCodeAt(pos) === NUL) return this.fail(new StrayNul({ position: pos }))
        start = pos
      }
      pos++
    }
    this.pos = pos + 1
    return out + text.slice(start, pos)
  }

  readNumber(): number | bigint | undefined {
    const text = this.text
    const start = this.pos
    let pos = start
    const negative = text.charCodeAt(pos) === MINUS
    if (negative) pos++
    // The integer part is accumulated while it is scanned: short integers (ids, clocks) need no substring.
    let integer = 0
    let c = 0
    // Scanning stops as soon as the token is too long: a megabyte of digits costs nothing more.
    const end = Math.min(text.length, start + MAX_NUMBER_LENGTH + 1)
    while (pos < end && isDigit(c = text.charCodeAt(pos))) {
      integer = integer * 10 + (c - ZERO)
      pos++
    }
    const intEnd = pos
    let decimal = false
    if (pos < end && text.charCodeAt(pos) === DOT) {
      decimal = true
      pos++
      while (pos < end && isDigit(text.charCodeAt(pos))) pos++
    }
    if (pos - start > MAX_NUMBER_LENGTH) {
      return this.fail(malformed(`a number may have at most ${MAX_NUMBER_LENGTH} characters`, start))
    }
    if (pos < text.length && !isTerminal(text.charCodeAt(pos))) {
      return this.fail(malformed("a number must end at whitespace or a parenthesis", pos))
    }
    this.pos = pos
    const digits = intEnd - start - (negative ? 1 : 0)
    if (!decimal && digits <= SAFE_DIGITS) return negative ? -integer : integer
    const token = text.slice(start, pos)
    if (decimal) {
      // "." alone reads as 0, as the grammar's '.' '0..9'* allows.
      const value = token === "." || token === "-." ? 0 : Number.parseFloat(token)
      return value
    }
    const big = BigInt(token)
    return big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(big) : big
  }

  /** Reads a name up to a terminal, resolving backslash escapes. */
  readName(): string | undefined {
    const text = this.text
    let pos = this.pos
    let start = pos
    let out = ""
    while (pos < text.length) {
      const c = text.charCodeAt(pos)
      if (c === BACKSLASH) {
        out += text.slice(start, pos)
        pos++
        if (pos >= text.length) return this.fail(new Incomplete())
        if (text.charCodeAt(pos) === NUL) return this.fail(new StrayNul({ position: pos }))
        start = pos
        pos++
        continue
      }
      if (isTerminal(c)) break
      pos++
    }
    const name = out + text.slice(start, pos)
    if (name.length === 0) return this.fail(malformed("a symbol needs a name", pos))
    this.pos = pos
    return name
  }

  readSymbol(): Sym | undefined {
    const text = this.text
    if (text.charCodeAt(this.pos) === COLON) {
      this.pos++
      const name = this.readName()
      if (name === undefined) return undefined
      if (text.charCodeAt(this.pos) === COLON) return this.fail(malformed("a keyword has no package", this.pos))
      return findOrPlaceholder(KEYWORD, name)
    }
    const first = this.readName()
    if (first === undefined) return undefined
    if (text.charCodeAt(this.pos) !== COLON) return readSymbolName(undefined, first)
    this.pos++
    const name = this.readName()
    if (name === undefined) return undefined
    if (text.charCodeAt(this.pos) === COLON) return this.fail(malformed("a symbol has at most one package", this.pos))
    return readSymbolName(first, name)
  }
}

/** Whether an expression may start right after this character inside a list. */
const isSeparated = (c: number): boolean => isWhite(c) || c === OPEN || c === CLOSE || c === QUOTE
