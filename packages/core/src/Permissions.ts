/**
 * Channel permission rules (spec §2.5, §5.3.2).
 *
 * A rule says who may send one update type to a channel. On the wire it is
 * `T` (anyone), `NIL` (no one), `(+ name…)` (only these) or `(- name…)`
 * (anyone but these). Here every rule is normalised to a *mode* and a set of
 * names: `T` is `(-)` — exclude nobody — and `NIL` is `(+)` — include nobody —
 * so evaluation, `grant` and `deny` need no special cases. Names compare
 * case-insensitively (`Names.nameKey`); the first spelling seen is kept for
 * printing.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import { isValidName, nameKey } from "./Names.ts"
import { lichat, NIL, Sym, T } from "./Symbol.ts"
import type { Value } from "./Value.ts"

// ---------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------

/**
 * A permission rule. `include`: only the listed users may; `exclude`: everyone
 * but the listed users may. `names` maps each `nameKey` to the spelling to
 * print. Treat as immutable; build with the constructors below.
 */
export interface Rule {
  readonly mode: "include" | "exclude"
  readonly names: ReadonlyMap<string, string>
}

const emptyNames: ReadonlyMap<string, string> = new Map()

const makeRule = (mode: Rule["mode"], names: Iterable<string>): Rule => {
  const map = new Map<string, string>()
  for (const name of names) {
    const key = nameKey(name)
    if (!map.has(key)) map.set(key, name)
  }
  return { mode, names: map }
}

/** The rule `T` ≡ `(-)`: anyone may. */
export const everyone: Rule = { mode: "exclude", names: emptyNames }

/** The rule `NIL` ≡ `(+)`: no one may. */
export const noOne: Rule = { mode: "include", names: emptyNames }

/** The rule `(+ names…)`: only these users may. Duplicates (ignoring case) collapse. */
export const only = (...names: ReadonlyArray<string>): Rule => makeRule("include", names)

/** The rule `(- names…)`: everyone but these users may. Duplicates (ignoring case) collapse. */
export const allExcept = (...names: ReadonlyArray<string>): Rule => makeRule("exclude", names)

/** Whether a rule is `T`, i.e. `(-)`. */
export const isEveryone = (rule: Rule): boolean => rule.mode === "exclude" && rule.names.size === 0

/** Whether a rule is `NIL`, i.e. `(+)`. */
export const isNoOne = (rule: Rule): boolean => rule.mode === "include" && rule.names.size === 0

/** Whether two rules admit exactly the same users (spellings are ignored). */
export const ruleEquals = (a: Rule, b: Rule): boolean => {
  if (a.mode !== b.mode || a.names.size !== b.names.size) return false
  for (const key of a.names.keys()) if (!b.names.has(key)) return false
  return true
}

/** Whether the rule lets the named user perform the update (case-insensitive). */
export const allows = (rule: Rule, userName: string): boolean =>
  rule.names.has(nameKey(userName)) === (rule.mode === "include")

const withName = (rule: Rule, userName: string): Rule => {
  const key = nameKey(userName)
  if (rule.names.has(key)) return rule
  const names = new Map(rule.names)
  names.set(key, userName)
  return { mode: rule.mode, names }
}

const withoutName = (rule: Rule, userName: string): Rule => {
  const key = nameKey(userName)
  if (!rule.names.has(key)) return rule
  const names = new Map(rule.names)
  names.delete(key)
  return { mode: rule.mode, names }
}

/**
 * Applies a `grant` for one user (spec §5.3.2): `T` stays `T`; `NIL` becomes
 * `(+ user)`; an exclusion mask loses the user; an inclusion mask gains the
 * user if absent. Afterwards `allows(result, user)` is always true, and no
 * other user's permission changes. Returns the same object when nothing
 * changes.
 */
export const grant = (rule: Rule, userName: string): Rule =>
  rule.mode === "include" ? withName(rule, userName) : withoutName(rule, userName)

/**
 * Applies a `deny` for one user (spec §5.3.2): `T` becomes `(- user)`; `NIL`
 * stays `NIL`; an exclusion mask gains the user if absent; an inclusion mask
 * loses the user. Afterwards `allows(result, user)` is always false, and no
 * other user's permission changes. Returns the same object when nothing
 * changes.
 */
export const deny = (rule: Rule, userName: string): Rule =>
  rule.mode === "include" ? withoutName(rule, userName) : withName(rule, userName)

// ---------------------------------------------------------------------------
// Rule sets
// ---------------------------------------------------------------------------

/**
 * A channel's permissions: one rule per update-type symbol, in insertion
 * order (the order they print in). Immutable; the functions below return
 * new maps.
 */
export type RuleSet = ReadonlyMap<Sym, Rule>

/** The empty rule set: nothing is permitted. */
export const emptyRuleSet: RuleSet = new Map()

/**
 * Whether the named user may send updates of `updateType` under the rule set.
 * An update type without a rule is not permitted.
 */
export const allowsUpdate = (ruleSet: RuleSet, updateType: Sym, userName: string): boolean => {
  const rule = ruleSet.get(updateType)
  return rule !== undefined && allows(rule, userName)
}

/** Sets (or replaces) the rule for one update type, as the `permissions` update does. */
export const setRule = (ruleSet: RuleSet, updateType: Sym, rule: Rule): RuleSet => {
  const next = new Map(ruleSet)
  next.set(updateType, rule)
  return next
}

/**
 * Sets every rule of `changes` on top of `ruleSet` (spec §5.3.2 step 1.3 for
 * each rule); types not mentioned in `changes` keep their rule.
 */
export const mergeRules = (ruleSet: RuleSet, changes: RuleSet): RuleSet => {
  const next = new Map(ruleSet)
  for (const [type, rule] of changes) next.set(type, rule)
  return next
}

/**
 * The `grant` update on a rule set: grants the user on the rule of
 * `updateType`. A type without a rule counts as `NIL`, so it gains
 * `(+ user)`.
 */
export const grantUpdate = (ruleSet: RuleSet, updateType: Sym, userName: string): RuleSet => {
  const current = ruleSet.get(updateType)
  const next = grant(current ?? noOne, userName)
  return next === current ? ruleSet : setRule(ruleSet, updateType, next)
}

/**
 * The `deny` update on a rule set: denies the user on the rule of
 * `updateType`. A type without a rule counts as `NIL` and is left without a
 * rule (nothing to do).
 */
export const denyUpdate = (ruleSet: RuleSet, updateType: Sym, userName: string): RuleSet => {
  const current = ruleSet.get(updateType)
  if (current === undefined) return ruleSet
  const next = deny(current, userName)
  return next === current ? ruleSet : setRule(ruleSet, updateType, next)
}

/** The update types the user may send under the rule set (for `capabilities`, §5.5.4). */
export const permittedTypes = (ruleSet: RuleSet, userName: string): ReadonlyArray<Sym> => {
  const out: Array<Sym> = []
  for (const [type, rule] of ruleSet) if (allows(rule, userName)) out.push(type)
  return out
}

// ---------------------------------------------------------------------------
// Wire form
// ---------------------------------------------------------------------------

/** The lichat symbol `+` heading an inclusion mask. */
export const PLUS: Sym = lichat("+")
/** The lichat symbol `-` heading an exclusion mask. */
export const MINUS: Sym = lichat("-")

const isSym = (value: Value): value is Sym => value instanceof Sym

const describe = (value: Value): string => {
  if (typeof value === "string") return JSON.stringify(value)
  if (typeof value === "number" || typeof value === "bigint") return String(value)
  if (isSym(value)) return value.toString()
  return "a list"
}

/**
 * Reads one rule expression: `T`, `NIL`, `(+ "name"…)` or `(- "name"…)`. An
 * empty list `()` reads as `NIL` (they are the same object in Lisp). Every
 * listed name must be a string holding a valid name (§2.2.1); anything else
 * fails with a human-readable reason.
 */
export const readRule = (value: Value): Result.Result<Rule, string> => {
  if (value === T) return Result.succeed(everyone)
  if (value === NIL) return Result.succeed(noOne)
  if (!Array.isArray(value)) {
    return Result.fail(`a rule must be T, NIL, (+ name…) or (- name…), not ${describe(value)}`)
  }
  const list: ReadonlyArray<Value> = value
  if (list.length === 0) return Result.succeed(noOne)
  const head = list[0]
  const mode = head === PLUS ? "include" : head === MINUS ? "exclude" : undefined
  if (mode === undefined) {
    return Result.fail(`a rule list must begin with + or -, not ${describe(head)}`)
  }
  const names: Array<string> = []
  for (let i = 1; i < list.length; i++) {
    const name = list[i]
    if (typeof name !== "string") return Result.fail(`a rule lists user names as strings, not ${describe(name)}`)
    if (!isValidName(name)) return Result.fail(`${JSON.stringify(name)} is not a valid user name`)
    names.push(name)
  }
  return Result.succeed(makeRule(mode, names))
}

/**
 * Prints one rule in canonical form: `T` for `(-)`, `NIL` for `(+)`, otherwise
 * the mask with `+` or `-` and the names as first spelled.
 */
export const printRule = (rule: Rule): Value => {
  if (rule.names.size === 0) return rule.mode === "exclude" ? T : NIL
  return [rule.mode === "include" ? PLUS : MINUS, ...rule.names.values()]
}

/** Options for reading rules from the wire. */
export interface ReadRulesOptions {
  /**
   * Whether a symbol names an update type the server accepts rules for. When
   * given, rules for other symbols are rejected. Without it only unknown
   * (placeholder) symbols and keywords are rejected.
   */
  readonly isUpdateType?: (type: Sym) => boolean
}

/**
 * Reads one `(type EXPR)` entry of a `:permissions` list. Fails with a reason
 * when the entry is not a two-element list, the type is not a usable symbol,
 * or the expression is not a rule (see `readRule`). Lets a server apply the
 * good entries and answer `invalid-permissions` for each bad one, as §5.3.2
 * step 1.2 describes.
 */
export const readRuleEntry = (
  value: Value,
  options?: ReadRulesOptions
): Result.Result<readonly [Sym, Rule], string> => {
  if (!Array.isArray(value)) return Result.fail(`a permission entry must be a list (type rule), not ${describe(value)}`)
  const entry: ReadonlyArray<Value> = value
  if (entry.length !== 2) return Result.fail(`a permission entry must have two elements (type rule), not ${entry.length}`)
  const type = entry[0]
  if (!isSym(type)) return Result.fail(`a permission entry must begin with an update type symbol, not ${describe(type)}`)
  if (type.unknown) return Result.fail("unknown update type")
  if (type.isKeyword || (options?.isUpdateType !== undefined && !options.isUpdateType(type))) {
    return Result.fail(`${type.toString()} is not an update type`)
  }
  const rule = readRule(entry[1])
  return Result.isFailure(rule)
    ? Result.fail(`${type.toString()}: ${rule.failure}`)
    : Result.succeed([type, rule.success] as const)
}

/**
 * Reads a whole `:permissions` slot `((type EXPR) …)` into a rule set. `NIL`
 * and `()` read as the empty set. Fails with the first reason found (see
 * `readRuleEntry`); a later entry for the same type replaces an earlier one.
 */
export const readRules = (value: Value, options?: ReadRulesOptions): Result.Result<RuleSet, string> => {
  if (value === NIL) return Result.succeed(emptyRuleSet)
  if (!Array.isArray(value)) return Result.fail(`permissions must be a list of (type rule) entries, not ${describe(value)}`)
  const entries: ReadonlyArray<Value> = value
  const ruleSet = new Map<Sym, Rule>()
  for (const item of entries) {
    const entry = readRuleEntry(item, options)
    if (Result.isFailure(entry)) return Result.fail(entry.failure)
    ruleSet.set(entry.success[0], entry.success[1])
  }
  return Result.succeed(ruleSet)
}

/** Prints a rule set as the `:permissions` list `((type EXPR) …)`, each rule canonical. */
export const printRules = (ruleSet: RuleSet): Value => {
  const out: Array<Value> = []
  for (const [type, rule] of ruleSet) out.push([type, printRule(rule)])
  return out
}
