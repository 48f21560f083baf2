/**
 * Requests as real clients write them. Where the spec's letter and a client
 * that exists disagree, the server reads what the client sends and answers
 * in the spec's form. Each rule names the client it is for; the README's
 * "Compatibility" section has the whole table.
 *
 * The rules rewrite a wire object before it is decoded, so the handlers
 * only ever see updates of the spec's shape. They only fill in what is
 * missing or convert a value to the type the spec wants; they never add a
 * symbol to the symbol table.
 *
 * @since 0.1.0
 */
import {
  find,
  findBare,
  intern,
  KEYWORD,
  keyword,
  LICHAT,
  NIL,
  SHIRAKUMO,
  Sym,
  T,
  UnknownKeyword,
  UnknownSymbol,
  type Value,
  type WireObject
} from "@lichat/core"

/** What a rule may need to know of the server. */
export interface DialectContext {
  /** The primary channel's name. */
  readonly primary: string
}

type Fields = Map<Sym, Value>
type Rule = (fields: Fields, context: DialectContext) => void

const CHANNEL = keyword("channel")
const EXTENSIONS = keyword("extensions")
const ATTRIBUTES = keyword("attributes")
const CONNECTIONS = keyword("connections")
const KEYS = keyword("keys")
const KEY = keyword("key")
const UPDATE = keyword("update")

const absent = (fields: Fields, key: Sym): boolean => {
  const value = fields.get(key)
  return value === undefined || value === NIL
}

/** A keyword named by a string (`"topic"`, `":topic"`) or any symbol, if it is a known one. */
const asKeyword = (value: Value): Value => {
  if (value instanceof Sym) return value.pkg === KEYWORD || value.unknown ? value : find(KEYWORD, value.name) ?? UnknownKeyword
  if (typeof value === "string") return find(KEYWORD, value.replace(/^:/, "")) ?? UnknownKeyword
  return value
}

const rules = new Map<Sym, Rule>([
  // lichat-js before 2.0 and bots built on the spec's examples: a connect without :extensions speaks none.
  [intern(LICHAT, "connect"), (fields) => {
    if (!fields.has(EXTENSIONS)) fields.set(EXTENSIONS, [])
  }],
  // lichat-js master asks `(SERVER-INFO :TARGET "bob")`: the attributes and connections are the reply's to fill.
  [intern(LICHAT, "server-info"), (fields) => {
    if (!fields.has(ATTRIBUTES)) fields.set(ATTRIBUTES, [])
    if (!fields.has(CONNECTIONS)) fields.set(CONNECTIONS, [])
  }],
  // lichat-js master (and ex-lichat): emotes without :channel are the primary channel's.
  [intern(SHIRAKUMO, "emotes"), (fields, context) => {
    if (absent(fields, CHANNEL)) fields.set(CHANNEL, context.primary)
  }],
  // No :keys asks for every key (ex-lichat's reading); keys given as strings are the keywords of those names.
  [intern(SHIRAKUMO, "channel-info"), (fields) => {
    const keys = fields.get(KEYS)
    if (keys === undefined) fields.set(KEYS, T)
    else if (Array.isArray(keys)) fields.set(KEYS, keys.map(asKeyword))
    else if (keys !== T && keys !== NIL) fields.set(KEYS, [asKeyword(keys)])
  }],
  [intern(SHIRAKUMO, "set-channel-info"), (fields) => {
    const key = fields.get(KEY)
    if (key !== undefined) fields.set(KEY, asKeyword(key))
  }],
  // The spec's text says :key is a symbol, its definition file a string; lichat-js and ex-lichat send `:key :status`.
  [intern(SHIRAKUMO, "set-user-info"), (fields) => {
    const key = fields.get(KEY)
    if (key instanceof Sym) fields.set(KEY, key.name)
  }],
  // ex-lichat takes an update type given as a string.
  ...["grant", "deny"].map((name): [Sym, Rule] => [intern(LICHAT, name), (fields) => {
    const update = fields.get(UPDATE)
    if (typeof update === "string") fields.set(UPDATE, findBare(update) ?? UnknownSymbol)
  }])
])

/** The object as the spec would have it; the same object when no rule applies. */
export const normalise = (object: WireObject, context: DialectContext): WireObject => {
  const rule = rules.get(object.type)
  if (rule === undefined) return object
  const fields = new Map(object.fields)
  rule(fields, context)
  return { type: object.type, fields }
}
