/**
 * The default rule sets of new channels (spec §2.5, PROTOCOL-NOTES): the
 * core protocol's table by channel kind, and how a channel's rules are built
 * from it and the tables of enabled extensions.
 *
 * @since 0.1.0
 */
import { everyone, noOne, only, type Rule, type RuleSet } from "./Permissions.ts"
import { lichat, type Sym } from "./Symbol.ts"

/** The three kinds of channel (spec §2.4), which differ in their default rules. */
export type ChannelKind = "primary" | "regular" | "anonymous"

/**
 * A default rule before the channel exists: `"anyone"` (`T`), `"no-one"`
 * (`NIL`) or `"registrant"` (`(+ registrant)`, the channel's creator; for the
 * primary channel, the server user).
 */
export type DefaultRule = "anyone" | "no-one" | "registrant"

/** Default rules per channel kind, as entries `[updateType, rule]`. */
export interface DefaultRuleTable {
  readonly primary?: ReadonlyArray<readonly [Sym, DefaultRule]>
  readonly regular?: ReadonlyArray<readonly [Sym, DefaultRule]>
  readonly anonymous?: ReadonlyArray<readonly [Sym, DefaultRule]>
}

const A = "anyone" as const
const N = "no-one" as const
const R = "registrant" as const

/**
 * Default rules for the core update types. The rows for `permissions`,
 * `create`, `join`, `leave`, `kick`, `pull`, `message`, `users` and `channels`
 * are those of the reference implementation (PROTOCOL-NOTES table). Decided
 * here, because the spec checks every update against a channel (§5.1.8) and a
 * type without a rule is refused:
 * - `grant` and `deny` edit one rule, so they follow `permissions`;
 * - `capabilities` only reports the sender's own rights and requires
 *   membership (§5.5.4), so anyone may ask, in every kind of channel;
 * - the channel-less updates are checked against the primary channel:
 *   `connect`, `disconnect`, `ping`, `pong`, `register` and `user-info` are
 *   open to anyone; `server-info` exposes private data (§5.5.5) and is
 *   reserved to the primary channel's registrant, the server user.
 */
export const CORE_DEFAULT_RULES: DefaultRuleTable = {
  primary: [
    [lichat("connect"), A],
    [lichat("disconnect"), A],
    [lichat("ping"), A],
    [lichat("pong"), A],
    [lichat("register"), A],
    [lichat("permissions"), R],
    [lichat("grant"), R],
    [lichat("deny"), R],
    [lichat("create"), A],
    [lichat("join"), A],
    [lichat("leave"), N],
    [lichat("kick"), R],
    [lichat("pull"), N],
    [lichat("message"), R],
    [lichat("users"), A],
    [lichat("channels"), A],
    [lichat("capabilities"), A],
    [lichat("user-info"), A],
    [lichat("server-info"), R]
  ],
  regular: [
    [lichat("permissions"), R],
    [lichat("grant"), R],
    [lichat("deny"), R],
    [lichat("join"), A],
    [lichat("leave"), A],
    [lichat("kick"), R],
    [lichat("pull"), A],
    [lichat("message"), A],
    [lichat("users"), A],
    [lichat("channels"), A],
    [lichat("capabilities"), A]
  ],
  anonymous: [
    [lichat("permissions"), N],
    [lichat("grant"), N],
    [lichat("deny"), N],
    [lichat("join"), N],
    [lichat("leave"), A],
    [lichat("kick"), R],
    [lichat("pull"), A],
    [lichat("message"), A],
    [lichat("users"), N],
    [lichat("channels"), N],
    [lichat("capabilities"), A]
  ]
}

/**
 * The tables the channel constructors start from: the core protocol's. The
 * extensions' defaults are the server's, by extension, applied only while
 * the extension is on (its `extensions/catalog.ts`).
 */
export const STANDARD_DEFAULT_RULES: ReadonlyArray<DefaultRuleTable> = [CORE_DEFAULT_RULES]

const instantiate = (rule: DefaultRule, registrant: string): Rule =>
  rule === "anyone" ? everyone : rule === "no-one" ? noOne : only(registrant)

/**
 * Builds the default rule set of a channel of the given kind from `tables`,
 * applied in order (a later entry for the same type replaces an earlier one),
 * with `registrant` substituted for `"registrant"`.
 */
export const defaultRules = (
  kind: ChannelKind,
  registrant: string,
  tables: ReadonlyArray<DefaultRuleTable> = STANDARD_DEFAULT_RULES
): RuleSet => {
  const ruleSet = new Map<Sym, Rule>()
  for (const table of tables) {
    for (const [type, rule] of table[kind] ?? []) ruleSet.set(type, instantiate(rule, registrant))
  }
  return ruleSet
}

/**
 * The default rules of the primary channel, whose registrant is the server
 * user. `extra` tables (e.g. from extension modules) apply after the standard
 * ones and may override them.
 */
export const primaryChannelRules = (serverName: string, extra: ReadonlyArray<DefaultRuleTable> = []): RuleSet =>
  defaultRules("primary", serverName, [...STANDARD_DEFAULT_RULES, ...extra])

/** The default rules of a regular channel created by `registrant`; `extra` tables apply last. */
export const regularChannelRules = (registrant: string, extra: ReadonlyArray<DefaultRuleTable> = []): RuleSet =>
  defaultRules("regular", registrant, [...STANDARD_DEFAULT_RULES, ...extra])

/** The default rules of an anonymous channel created by `registrant`; `extra` tables apply last. */
export const anonymousChannelRules = (registrant: string, extra: ReadonlyArray<DefaultRuleTable> = []): RuleSet =>
  defaultRules("anonymous", registrant, [...STANDARD_DEFAULT_RULES, ...extra])
