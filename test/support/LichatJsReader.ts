/**
 * An independent re-implementation of how the lichat-js web client (the
 * "2.0" branch, which the recent master builds share) reads one wire frame
 * from the server: its `LichatReader.readSexpr` / `parseUpdate` and the
 * `cl.makeInstance` class machinery that checks the required initargs.
 *
 * It exists so that tests can ask "would lichat-js accept this frame?" and
 * look at the fields the client would see. It reproduces the client's quirks
 * on purpose, among them:
 *
 * - whitespace is skipped *between* elements using the full Unicode set, but a
 *   symbol or keyword token ends only at `(`, `)`, `.`, U+0020, `"`, `:`, a
 *   digit or the end of input, so a tab or newline right after a symbol
 *   becomes part of its name;
 * - digits and `.` split symbols (`h264` is the symbol `h` and the number
 *   264), and there are no signed numbers (`-5` is the symbol `-` then 5);
 * - the number reader remembers the position of its `.` and tests it for
 *   truthiness, so a leading `.` is forgotten (`.5` reads as 5);
 * - only the first expression of a frame is read; the rest (for instance the
 *   terminating NUL) is ignored;
 * - classes are found by name only, whatever the package;
 * - the required initargs are checked in the same order as the client's
 *   constructors run, so a subclass slot with a NIL default can satisfy a
 *   superclass's required slot (a `channels` update needs no `:channel`);
 * - an initarg named `:set` always breaks the constructor, and one named
 *   `:fields` breaks it unless its value is a list.
 *
 * One deliberate difference: lichat-js keeps its symbols and classes in plain
 * JS objects, so a symbol named or packaged `constructor` or `__proto__` reads
 * as something that is not a symbol (or corrupts `Object.prototype`). Such
 * symbols are rejected here, even where lichat-js would carry on with a
 * garbage value.
 */

/** A symbol as lichat-js stores it: name and package both lower-case. */
export interface JsSymbol {
  readonly name: string
  readonly pkg: string
}

/** A value as the lichat-js reader returns it (`T` is `true`, `NIL` is `null`, `()` is `[]`). */
export type JsValue = string | number | JsSymbol | true | null | ReadonlyArray<JsValue>

/** One update as lichat-js would build it. */
export interface JsUpdate {
  /** The lower-case class name, without package (the client's handler key). */
  readonly type: string
  /** The initargs read from the wire, keyed by lower-case name without colon (e.g. `"update-id"`). */
  readonly fields: Readonly<Record<string, JsValue>>
}

/** Thrown wherever lichat-js would throw while reading a frame. */
export class LichatJsReadError extends Error {
  override readonly name = "LichatJsReadError"
}

/** Whether a value is a symbol (keywords included). */
const isJsSymbol = (value: JsValue | undefined): value is JsSymbol =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const isList = (value: JsValue | undefined): value is ReadonlyArray<JsValue> => Array.isArray(value)

const fail = (message: string): LichatJsReadError => new LichatJsReadError(message)

/** A value written out for error messages. */
const show = (value: JsValue | undefined): string => {
  if (value === undefined) return "undefined"
  if (value === null) return "NIL"
  if (value === true) return "T"
  if (typeof value === "string") return JSON.stringify(value)
  if (typeof value === "number") return String(value)
  if (isList(value)) return `(${value.map(show).join(" ")})`
  return value.pkg === "keyword" ? `:${value.name}` : `${value.pkg}:${value.name}`
}

// ---------------------------------------------------------------------------
// Classes

/**
 * The update classes of lichat-js's `wire-object.js`, in definition order:
 * class name, direct superclasses, and the slots (initforms) in the order the
 * class lists them, `!` marking a `cl.requiredArg` slot. All other slots
 * default to NIL. Packages are left out because the client ignores them.
 */
const CLASS_DATA: ReadonlyArray<readonly [name: string, superclasses: string, slots: string]> = [
  ["update", "object", "id! clock from signature"],
  ["ping", "update", ""],
  ["pong", "update", ""],
  ["connect", "update", "password version! extensions! otp-token"],
  ["disconnect", "update", ""],
  ["register", "update", "password! otp-key"],
  ["channel-update", "update", "channel! bridge"],
  ["target-update", "update", "target!"],
  ["text-update", "update", "text! rich"],
  ["join", "channel-update", ""],
  ["leave", "channel-update", ""],
  ["message", "channel-update text-update", "link reply-to"],
  ["create", "update", "channel"],
  ["kick", "channel-update target-update", ""],
  ["pull", "channel-update target-update", ""],
  ["permissions", "channel-update", "permissions"],
  ["grant", "channel-update target-update", "update!"],
  ["deny", "channel-update target-update", "update!"],
  ["users", "channel-update", "users"],
  ["channels", "channel-update", "channels channel"],
  ["user-info", "target-update", "registered connections info"],
  ["capabilities", "channel-update", "permitted"],
  ["server-info", "target-update", "attributes! connections!"],
  ["failure", "text-update", ""],
  ["malformed-update", "failure", ""],
  ["update-too-long", "failure", ""],
  ["connection-unstable", "failure", ""],
  ["too-many-connections", "failure", ""],
  ["update-failure", "failure", "update-id!"],
  ["invalid-update", "update-failure", ""],
  ["already-connected", "update-failure", ""],
  ["username-mismatch", "update-failure", ""],
  ["incompatible-version", "update-failure", "compatible-versions!"],
  ["invalid-password", "update-failure", ""],
  ["no-such-profile", "update-failure", ""],
  ["username-taken", "update-failure", ""],
  ["no-such-channel", "update-failure", ""],
  ["registration-rejected", "update-failure", ""],
  ["already-in-channel", "update-failure", ""],
  ["not-in-channel", "update-failure", ""],
  ["channelname-taken", "update-failure", ""],
  ["too-many-channels", "update-failure", ""],
  ["bad-name", "update-failure", ""],
  ["insufficient-permissions", "update-failure", ""],
  ["invalid-permissions", "update-failure", ""],
  ["no-such-user", "update-failure", ""],
  ["too-many-updates", "update-failure", ""],
  ["clock-skewed", "update-failure", ""],
  ["warning", "text-update", "update-id!"],
  ["updates-throttled", "warning", ""],
  ["backfill", "channel-update", "since"],
  ["data", "channel-update", "content-type! filename payload!"],
  ["bad-content-type", "update-failure", "allowed-content-types!"],
  ["emotes", "channel-update", "names"],
  ["emote", "channel-update", "content-type! name! payload!"],
  ["emote-list-full", "update-failure", ""],
  ["edit", "message", ""],
  ["no-such-parent-channel", "update-failure", ""],
  ["channel-info", "channel-update", "keys!"],
  ["set-channel-info", "channel-update text-update", "key!"],
  ["no-such-channel-info", "update-failure", "key!"],
  ["malformed-channel-info", "update-failure", ""],
  ["kill", "target-update", ""],
  ["destroy", "channel-update", ""],
  ["ban", "target-update", ""],
  ["unban", "target-update", ""],
  ["blacklist", "update", "target"],
  ["pause", "channel-update", "by!"],
  ["quiet", "channel-update target-update", ""],
  ["unquiet", "channel-update target-update", ""],
  ["quieted", "channel-update", "target"],
  ["ip-ban", "update", "ip! mask!"],
  ["ip-unban", "update", "ip! mask!"],
  ["ip-blacklist", "update", "target"],
  ["bad-ip-format", "update-failure", ""],
  ["bridge", "channel-update", ""],
  ["set-user-info", "text-update", "key!"],
  ["malformed-user-info", "update-failure", ""],
  ["no-such-user-info", "update-failure", "key!"],
  ["share-identity", "update", "key"],
  ["unshare-identity", "update", "key"],
  ["list-shared-identities", "update", "identities"],
  ["assume-identity", "target-update", "key!"],
  ["search", "channel-update", "results offset query"],
  ["block", "target-update", ""],
  ["unblock", "target-update", ""],
  ["blocked", "update", "target"],
  ["react", "channel-update", "target! update-id! emote!"],
  ["last-read", "channel-update", "target update-id"],
  ["typing", "channel-update", ""],
  ["invalid-otp-key", "update-failure", ""],
]

interface ClassDef {
  readonly superclasses: ReadonlyArray<string>
  readonly slots: ReadonlyArray<{ readonly name: string; readonly required: boolean }>
}

const words = (text: string): ReadonlyArray<string> => text.split(" ").filter((word) => word !== "")

const CLASSES: ReadonlyMap<string, ClassDef> = new Map<string, ClassDef>([
  // cl.js's root class (StandardObject): no slots; lichat-js accepts `(object …)` too.
  ["object", { superclasses: [], slots: [] }],
  ...CLASS_DATA.map(([name, superclasses, slots]): [string, ClassDef] => [name, {
    superclasses: words(superclasses),
    slots: words(slots).map((slot) =>
      slot.endsWith("!") ? { name: slot.slice(0, -1), required: true } : { name: slot, required: false }
    )
  }])
])

/** Every class defined in lichat-js's `wire-object.js`: lower-case names without package. */
export const KNOWN_CLASSES: ReadonlySet<string> = new Set(CLASS_DATA.map(([name]) => name))

// ---------------------------------------------------------------------------
// Reading s-expressions

const WHITESPACE = "\u0009\u000A\u000B\u000C\u000D\u0020\u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005" +
  "\u2006\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000\u180E\u200B\u200C\u200D\u2060\uFEFF"

const isDigit = (character: string): boolean => character >= "0" && character <= "9"

/** Ends a symbol or keyword token (and is left in the input). */
const endsToken = (character: string): boolean => "().\u0020\":".includes(character) || isDigit(character)

/** Names that collide with `Object.prototype` in lichat-js's symbol and class tables. */
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(["constructor", "__proto__"])

/** A cursor over UTF-16 code units, like lichat-js's `LichatStream`. */
class Input {
  private readonly text: string
  private index = 0

  constructor(text: string) {
    this.text = text
  }

  /** The next character, consumed; at the end of input, an error. */
  read(): string {
    const character = this.readOrNull()
    if (character === null) throw fail("END-OF-STREAM")
    return character
  }

  /** The next character, consumed, or `null` at the end of input. */
  readOrNull(): string | null {
    if (this.index >= this.text.length) return null
    const character = this.text.charAt(this.index)
    this.index++
    return character
  }

  /** The next character, not consumed; at the end of input, an error. */
  peek(): string {
    const character = this.peekOrNull()
    if (character === null) throw fail("END-OF-STREAM")
    return character
  }

  /** The next character, not consumed, or `null` at the end of input. */
  peekOrNull(): string | null {
    return this.index < this.text.length ? this.text.charAt(this.index) : null
  }

  unread(): void {
    this.index--
  }
}

/** `cl.intern`: a symbol of that name in that package, both stored lower-case. */
const intern = (token: string, pkg: string): JsSymbol => {
  if (token === "") throw fail("Cannot create symbol with empty name.")
  const symbol: JsSymbol = { name: token.toLowerCase(), pkg: pkg.toLowerCase() }
  if (PROTOTYPE_NAMES.has(symbol.name) || PROTOTYPE_NAMES.has(symbol.pkg)) {
    throw fail(`the symbol ${show(symbol)} collides with Object.prototype in lichat-js's symbol table`)
  }
  return symbol
}

/** Skips whitespace; the end of input is an error (lichat-js reads past it). */
const skipWhitespace = (input: Input): void => {
  while (WHITESPACE.includes(input.read()));
  input.unread()
}

const readList = (input: Input): ReadonlyArray<JsValue> => {
  const list: Array<JsValue> = []
  skipWhitespace(input)
  while (input.peek() !== ")") {
    list.push(readExpression(input))
    skipWhitespace(input)
  }
  input.read()
  return list
}

/** After the opening quote: up to the closing quote, a backslash escaping the next character. */
const readString = (input: Input): string => {
  let out = ""
  for (;;) {
    const character = input.read()
    if (character === "\"") return out
    out += character === "\\" ? input.read() : character
  }
}

/**
 * Digits with a decimal point. As in lichat-js, the point's position is kept
 * as a loop index and tested for truthiness, so a point at index 0 counts as
 * no point at all (`.5` is 5 and `..` is 0).
 */
const readNumber = (input: Input): number => {
  let digits = ""
  let point = 0
  for (let index = 0;; index++) {
    const character = input.readOrNull()
    if (character === null) break
    if (character === ".") {
      if (point !== 0) {
        input.unread()
        break
      }
      point = index
    } else if (isDigit(character)) {
      digits += character
    } else {
      input.unread()
      break
    }
  }
  const number = digits === "" ? 0 : Number.parseInt(digits, 10)
  return point !== 0 ? number / Math.pow(10, digits.length - point) : number
}

/**
 * A symbol or keyword token, upper-cased character by character except after
 * a backslash. Only the characters of `endsToken` end it, so other whitespace
 * becomes part of the token. Starting at the end of input is an error.
 */
const readToken = (input: Input): string => {
  input.peek()
  let out = ""
  for (;;) {
    const character = input.readOrNull()
    if (character === null) return out
    if (character === "\\") {
      out += input.read()
    } else if (endsToken(character)) {
      input.unread()
      return out
    } else {
      out += character.toUpperCase()
    }
  }
}

/** `pkg:name`, or an unqualified symbol in package lichat (`T` and `NIL` becoming `true` and `null`). */
const readSymbol = (input: Input): JsSymbol | true | null => {
  const token = readToken(input)
  if (input.peekOrNull() === ":") {
    input.read()
    return intern(readToken(input), token)
  }
  const symbol = intern(token, "lichat")
  if (symbol.name === "nil") return null
  if (symbol.name === "t") return true
  return symbol
}

const readExpression = (input: Input): JsValue => {
  skipWhitespace(input)
  const character = input.read()
  switch (character) {
    case "(":
      return readList(input)
    case ")":
      throw fail("INCOMPLETE-TOKEN")
    case "\"":
      return readString(input)
    case ":":
      return intern(readToken(input), "keyword")
    default:
      input.unread()
      return isDigit(character) || character === "." ? readNumber(input) : readSymbol(input)
  }
}

/** Reads one s-expression value from text, lichat-js style; anything after it is ignored. */
export const readValue = (text: string): JsValue => readExpression(new Input(text))

// ---------------------------------------------------------------------------
// Building the update

/**
 * The keys of a JS object in property order: array indices first, ascending,
 * then the rest in order of first insertion (a Map keeps that order).
 */
const propertyOrder = (keys: Iterable<string>): ReadonlyArray<string> => {
  const isIndex = (key: string) => /^(?:0|[1-9][0-9]*)$/.test(key) && Number(key) < 4294967295
  const all = [...keys]
  return [...all.filter(isIndex).sort((a, b) => Number(a) - Number(b)), ...all.filter((key) => !isIndex(key))]
}

/**
 * The object under construction in `cl.makeInstance`, reduced to what can
 * make construction throw: which slots are undefined, whether an initarg has
 * replaced the `set` method, and what the `fields` property holds (normally
 * the instance's own list of field names; an initarg `:fields` replaces it).
 */
class Instance {
  private readonly slots = new Map<string, JsValue | undefined>()
  private setReplaced = false
  /** `"own"`: the instance's own field list; `"unset"`: undefined; else the `:fields` value. */
  private fields: "own" | "unset" | { readonly value: JsValue | undefined } = "unset"
  private readonly className: string

  constructor(className: string) {
    this.className = className
  }

  /** `StandardObject.prototype.set`, including its `cl.pushnew(key, this.fields)`. */
  set(key: string, value: JsValue | undefined): void {
    if (this.setReplaced) throw fail("self.set is not a function (an initarg :set replaced it)")
    if (this.fields === "unset") this.fields = "own"
    if (key === "fields") this.fields = { value }
    else this.slots.set(key, value)
    if (key === "set") this.setReplaced = true
    if (this.fields === "own") return
    const fields = this.fields.value
    if (isList(fields)) return
    if (typeof fields === "string" && fields.includes(key)) return
    throw fail(`${show(fields)}.unshift is not a function (an initarg :fields replaced the field list)`)
  }

  /** `cl.requiredArg`: the slot's value, which must not be undefined. */
  required(key: string): JsValue {
    const value = this.slots.get(key)
    if (value === undefined) throw fail(`Object ${this.className} is missing the initarg ${key}`)
    return value
  }
}

/**
 * A class's constructor as `cl.defclass` builds it: assign every initarg
 * (`StandardObject`), then the class's own slots in order (checking the
 * required ones, defaulting the others to NIL), then run each direct
 * superclass's constructor in turn, which assigns the initargs again.
 */
const construct = (instance: Instance, className: string, initargs: ReadonlyMap<string, JsValue | undefined>): void => {
  const definition = CLASSES.get(className)
  if (definition === undefined) throw fail(`No such class ${className}`)
  for (const key of propertyOrder(initargs.keys())) instance.set(key, initargs.get(key))
  for (const slot of definition.slots) instance.set(slot.name, slot.required ? instance.required(slot.name) : null)
  for (const superclass of definition.superclasses) construct(instance, superclass, initargs)
}

/** `parseUpdate`: the class symbol, then keyword/value pairs, then `cl.makeInstance`. */
const parseUpdate = (list: ReadonlyArray<JsValue>): JsUpdate => {
  if (list.length === 0) throw fail("an empty list has no class (lichat-js: cannot read 'constructor' of undefined)")
  const [type, ...pairs] = list
  if (!isJsSymbol(type)) throw fail(`First item in list is not a symbol: ${show(type)}`)
  // A key with no value (an odd-length list) is stored as undefined, overwriting any earlier value.
  const initargs = new Map<string, JsValue | undefined>()
  for (let index = 0; index < pairs.length; index += 2) {
    const key = pairs[index]
    const value = index + 1 < pairs.length ? pairs[index + 1] : undefined
    if (!isJsSymbol(key) || key.pkg !== "keyword") throw fail(`${show(key)} is not of type Keyword.`)
    initargs.set(key.name, value)
  }
  if (initargs.get("id") === undefined) throw fail("MISSING-ID")
  if (initargs.get("clock") === undefined) throw fail("MISSING-CLOCK")
  const className = type.name
  if (!CLASSES.has(className)) throw fail(`No such class ${className}`)
  construct(new Instance(className), className, initargs)
  const fields: Record<string, JsValue> = {}
  for (const [key, value] of initargs) if (value !== undefined) fields[key] = value
  return { type: className, fields }
}

/**
 * Reads one frame (a trailing NUL is allowed and ignored) as lichat-js 2.0
 * would; throws LichatJsReadError where lichat-js would throw, and also when
 * the frame is not a list (the client would not process it as an update).
 */
export const readFrame = (text: string): JsUpdate => {
  const value = readValue(text)
  if (!isList(value)) throw fail(`not an update: the frame reads as ${show(value)}`)
  return parseUpdate(value)
}
