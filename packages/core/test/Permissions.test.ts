import { assert, describe, it } from "@effect/vitest"
import { Arbitrary, Effect, Result, Schema } from "effect"
import {
  allExcept,
  allows,
  allowsUpdate,
  deny,
  denyUpdate,
  emptyRuleSet,
  everyone,
  grant,
  grantUpdate,
  isEveryone,
  isNoOne,
  MINUS,
  mergeRules,
  noOne,
  only,
  permittedTypes,
  PLUS,
  printRule,
  printRules,
  readRule,
  readRuleEntry,
  readRules,
  type Rule,
  ruleEquals,
  type RuleSet,
  setRule
} from "../src/Permissions.ts"
import {
  anonymousChannelRules,
  CORE_DEFAULT_RULES,
  defaultRules,
  type DefaultRuleTable,
  primaryChannelRules,
  regularChannelRules
} from "../src/DefaultRules.ts"
import { find, intern, keyword, lichat, NIL, SHIRAKUMO, type Sym, T, UnknownSymbol } from "../src/Symbol.ts"
import type { Value } from "../src/Value.ts"

const names = ["ana", "ANA", "bob", "Ärger", "ärger", "日本", "x y", "😀"] as const
const nameArb = Arbitrary.schema(Schema.Literals(names))
const nameListArb = Arbitrary.array(nameArb, { maxLength: 5 })
const ruleArb = Arbitrary.all([Arbitrary.schema(Schema.Literals(["include", "exclude"])), nameListArb]).pipe(
  Arbitrary.map(([mode, list]): Rule => (mode === "include" ? only(...list) : allExcept(...list)))
)
const types = ["join", "leave", "message", "kick", "users"].map(lichat)
const ruleSetArb = Arbitrary.array(
  Arbitrary.all([Arbitrary.schema(Schema.Literals([0, 1, 2, 3, 4])), ruleArb]),
  { maxLength: 6 }
).pipe(Arbitrary.map((entries): RuleSet => new Map(entries.map(([i, rule]) => [types[i]!, rule]))))

const shirakumo = (name: string): Sym => intern(SHIRAKUMO, name)

/** A rule's wire form, for readable comparisons. */
const show = (value: Value): string =>
  typeof value === "string"
    ? JSON.stringify(value)
    : Array.isArray(value)
    ? `(${value.map(show).join(" ")})`
    : String(value)

const ok = <A>(result: Result.Result<A, string>): A => {
  if (Result.isFailure(result)) assert.fail(`expected success, got failure: ${result.failure}`)
  return result.success
}

const err = <A>(result: Result.Result<A, string>): string => {
  if (Result.isSuccess(result)) assert.fail("expected a failure")
  return result.failure
}

describe("rules", () => {
  it.effect("T ≡ (-) and NIL ≡ (+)", () =>
    Effect.sync(() => {
      assert.isTrue(ruleEquals(everyone, allExcept()))
      assert.isTrue(ruleEquals(noOne, only()))
      assert.isTrue(isEveryone(allExcept()))
      assert.isTrue(isNoOne(only()))
      assert.isFalse(isEveryone(noOne))
      assert.isFalse(isNoOne(everyone))
      assert.isFalse(ruleEquals(everyone, noOne))
    }))

  it.effect.each([
    ["T", everyone, "ana", true],
    ["NIL", noOne, "ana", false],
    ["(+ ana) for ana", only("ana"), "ana", true],
    ["(+ ana) for ANA", only("ana"), "ANA", true],
    ["(+ ana) for bob", only("ana"), "bob", false],
    ["(- ana) for ana", allExcept("ana"), "ana", false],
    ["(- ana) for Ana", allExcept("ana"), "Ana", false],
    ["(- ana) for bob", allExcept("ana"), "bob", true],
    ["(+ ÄRGER) for ärger", only("ÄRGER"), "ärger", true],
    ["(- ärger) for ÄRGER", allExcept("ärger"), "ÄRGER", false]
  ] as const)("allows: %s", ([, rule, user, expected]) =>
    Effect.sync(() => {
      assert.strictEqual(allows(rule, user), expected)
    }))

  it.effect("names are deduplicated case-insensitively, keeping the first spelling", () =>
    Effect.sync(() => {
      const rule = only("Ana", "ANA", "bob", "ana")
      assert.strictEqual(rule.names.size, 2)
      assert.strictEqual(show(printRule(rule)), '(+ "Ana" "bob")')
    }))

  // Spec §5.3.2, row by row: [rule before, user, rule after].
  const grantTable: ReadonlyArray<readonly [string, Rule, string, Rule]> = [
    ["T: nothing is done", everyone, "ana", everyone],
    ["NIL: becomes (+ user)", noOne, "ana", only("ana")],
    ["exclusion mask: user removed", allExcept("ana", "bob"), "ana", allExcept("bob")],
    ["exclusion mask: removal ignores case", allExcept("ana", "bob"), "ANA", allExcept("bob")],
    ["exclusion mask without the user: unchanged", allExcept("bob"), "ana", allExcept("bob")],
    ["exclusion mask of one: becomes T", allExcept("ana"), "ana", everyone],
    ["inclusion mask: user added", only("bob"), "ana", only("bob", "ana")],
    ["inclusion mask already holding the user: unchanged", only("ana", "bob"), "ANA", only("ana", "bob")]
  ]
  it.effect.each(grantTable)("grant on %s", ([, before, user, after]) =>
    Effect.sync(() => {
      const result = grant(before, user)
      assert.isTrue(ruleEquals(result, after), `${show(printRule(result))} ≠ ${show(printRule(after))}`)
      assert.isTrue(allows(result, user))
    }))

  const denyTable: ReadonlyArray<readonly [string, Rule, string, Rule]> = [
    ["T: becomes (- user)", everyone, "ana", allExcept("ana")],
    ["NIL: nothing is done", noOne, "ana", noOne],
    ["exclusion mask: user added", allExcept("bob"), "ana", allExcept("bob", "ana")],
    ["exclusion mask already holding the user: unchanged", allExcept("ana"), "ANA", allExcept("ana")],
    ["inclusion mask: user removed", only("ana", "bob"), "ana", only("bob")],
    ["inclusion mask: removal ignores case", only("ÄRGER", "bob"), "ärger", only("bob")],
    ["inclusion mask of one: becomes NIL", only("ana"), "ana", noOne],
    ["inclusion mask without the user: unchanged", only("bob"), "ana", only("bob")]
  ]
  it.effect.each(denyTable)("deny on %s", ([, before, user, after]) =>
    Effect.sync(() => {
      const result = deny(before, user)
      assert.isTrue(ruleEquals(result, after), `${show(printRule(result))} ≠ ${show(printRule(after))}`)
      assert.isFalse(allows(result, user))
    }))

  it.effect("grant and deny leave the original rule untouched", () =>
    Effect.sync(() => {
      const rule = only("bob")
      grant(rule, "ana")
      deny(rule, "bob")
      assert.isTrue(ruleEquals(rule, only("bob")))
    }))

  it.effect.prop("after grant the user is allowed", [ruleArb, nameArb], ([rule, user]) =>
    Effect.sync(() => {
      assert.isTrue(allows(grant(rule, user), user))
    }))

  it.effect.prop("after deny the user is not allowed", [ruleArb, nameArb], ([rule, user]) =>
    Effect.sync(() => {
      assert.isFalse(allows(deny(rule, user), user))
    }))

  it.effect.prop("grant and deny change no one else", [ruleArb, nameArb, nameArb], ([rule, user, other]) =>
    Effect.sync(() => {
      if (other.toLowerCase() === user.toLowerCase()) return
      assert.strictEqual(allows(grant(rule, user), other), allows(rule, other))
      assert.strictEqual(allows(deny(rule, user), other), allows(rule, other))
    }))
})

describe("rule sets", () => {
  const join = lichat("join")
  const message = lichat("message")
  const kick = lichat("kick")

  it.effect("an update type without a rule is not permitted", () =>
    Effect.sync(() => {
      assert.isFalse(allowsUpdate(emptyRuleSet, join, "ana"))
      const rules = setRule(emptyRuleSet, join, everyone)
      assert.isTrue(allowsUpdate(rules, join, "ana"))
      assert.isFalse(allowsUpdate(rules, message, "ana"))
    }))

  it.effect("evaluates each type's rule case-insensitively", () =>
    Effect.sync(() => {
      const rules: RuleSet = new Map([[join, everyone], [message, allExcept("troll")], [kick, only("Owner")]])
      assert.isTrue(allowsUpdate(rules, join, "troll"))
      assert.isFalse(allowsUpdate(rules, message, "TROLL"))
      assert.isTrue(allowsUpdate(rules, message, "ana"))
      assert.isTrue(allowsUpdate(rules, kick, "owner"))
      assert.isFalse(allowsUpdate(rules, kick, "ana"))
      assert.deepStrictEqual(permittedTypes(rules, "troll"), [join])
      assert.deepStrictEqual(permittedTypes(rules, "OWNER"), [join, message, kick])
    }))

  it.effect("setRule and mergeRules replace rules and keep the rest", () =>
    Effect.sync(() => {
      const base: RuleSet = new Map([[join, everyone], [message, everyone]])
      const merged = mergeRules(base, new Map([[message, noOne], [kick, only("ana")]]))
      assert.isTrue(allowsUpdate(merged, join, "bob"))
      assert.isFalse(allowsUpdate(merged, message, "bob"))
      assert.isTrue(allowsUpdate(merged, kick, "ana"))
      assert.isTrue(allowsUpdate(base, message, "bob"), "the original is unchanged")
      assert.isFalse(base.has(kick))
    }))

  it.effect("grantUpdate treats a missing rule as NIL; denyUpdate leaves it missing", () =>
    Effect.sync(() => {
      const granted = grantUpdate(emptyRuleSet, kick, "ana")
      assert.isTrue(ruleEquals(granted.get(kick)!, only("ana")))
      assert.strictEqual(denyUpdate(emptyRuleSet, kick, "ana"), emptyRuleSet)
      assert.isFalse(allowsUpdate(denyUpdate(emptyRuleSet, kick, "ana"), kick, "ana"))
      const denied = denyUpdate(new Map([[join, everyone]]), join, "troll")
      assert.isTrue(ruleEquals(denied.get(join)!, allExcept("troll")))
    }))

  it.effect.prop("grantUpdate then allowsUpdate is true", [ruleSetArb, nameArb], ([rules, user]) =>
    Effect.sync(() => {
      assert.isTrue(allowsUpdate(grantUpdate(rules, message, user), message, user))
    }))

  it.effect.prop("denyUpdate then allowsUpdate is false", [ruleSetArb, nameArb], ([rules, user]) =>
    Effect.sync(() => {
      assert.isFalse(allowsUpdate(denyUpdate(rules, message, user), message, user))
    }))
})

describe("wire form", () => {
  const join = lichat("join")
  const message = lichat("message")

  it.effect("+ and - are known lichat symbols", () =>
    Effect.sync(() => {
      assert.strictEqual(find("lichat", "+"), PLUS)
      assert.strictEqual(find("lichat", "-"), MINUS)
    }))

  it.effect.each([
    ["T", T, everyone],
    ["NIL", NIL, noOne],
    ["()", [], noOne],
    ["(+)", [PLUS], noOne],
    ["(-)", [MINUS], everyone],
    ['(+ "ana" "bob")', [PLUS, "ana", "bob"], only("ana", "bob")],
    ['(- "troll")', [MINUS, "troll"], allExcept("troll")],
    ['(+ "ana" "ANA")', [PLUS, "ana", "ANA"], only("ana")]
  ] as const)("readRule %s", ([, value, expected]) =>
    Effect.sync(() => {
      assert.isTrue(ruleEquals(ok(readRule(value)), expected))
    }))

  it.effect.each([
    ["a string", "ana"],
    ["a number", 1],
    ["a bigint", 10n ** 30n],
    ["another symbol", lichat("join")],
    ["a keyword", keyword("all")],
    ["an unknown symbol", UnknownSymbol],
    ["a list headed by another symbol", [lichat("join"), "ana"]],
    ["a list headed by a string", ["+", "ana"]],
    ["a mask of symbols", [PLUS, lichat("ana")]],
    ["a mask of numbers", [MINUS, 1]],
    ["a mask with a nested list", [PLUS, ["ana"]]],
    ["a mask with an invalid name", [PLUS, "bad  name"]],
    ["a mask with an empty name", [MINUS, ""]],
    ["a mask with a NUL in a name", [PLUS, "a\u0000b"]]
  ] as const)("readRule rejects %s", ([, value]) =>
    Effect.sync(() => {
      assert.isTrue(err(readRule(value)).length > 0)
    }))

  it.effect.each([
    ["T", everyone, "t"],
    ["NIL", noOne, "nil"],
    ["(-) as T", allExcept(), "t"],
    ["(+) as NIL", only(), "nil"],
    ["an inclusion mask", only("ana", "Bob"), '(+ "ana" "Bob")'],
    ["an exclusion mask", allExcept("troll"), '(- "troll")']
  ] as const)("printRule prints %s", ([, rule, expected]) =>
    Effect.sync(() => {
      assert.strictEqual(show(printRule(rule)), expected)
    }))

  it.effect("printRule uses the T and NIL symbols themselves", () =>
    Effect.sync(() => {
      assert.strictEqual(printRule(everyone), T)
      assert.strictEqual(printRule(noOne), NIL)
      assert.strictEqual(printRule(allExcept()), T)
      assert.strictEqual(printRule(only()), NIL)
    }))

  it.effect("readRules reads a permissions slot", () =>
    Effect.sync(() => {
      const rules = ok(readRules([[join, T], [message, [MINUS, "troll"]], [lichat("kick"), [PLUS, "ana"]]]))
      assert.deepStrictEqual([...rules.keys()], [join, message, lichat("kick")])
      assert.isTrue(allowsUpdate(rules, join, "troll"))
      assert.isFalse(allowsUpdate(rules, message, "troll"))
      assert.isTrue(allowsUpdate(rules, lichat("kick"), "ANA"))
      assert.strictEqual(ok(readRules(NIL)).size, 0)
      assert.strictEqual(ok(readRules([])).size, 0)
    }))

  it.effect("readRules reads extension update types and lets a later entry win", () =>
    Effect.sync(() => {
      const rules = ok(readRules([[shirakumo("backfill"), NIL], [join, NIL], [join, T]]))
      assert.isTrue(ruleEquals(rules.get(shirakumo("backfill"))!, noOne))
      assert.isTrue(ruleEquals(rules.get(join)!, everyone))
    }))

  it.effect.each([
    ["a non-list slot", T],
    ["a string slot", "join"],
    ["an entry that is a symbol", [join]],
    ["an entry with one element", [[join]]],
    ["an entry with three elements", [[join, T, NIL]]],
    ["an entry headed by a string", [["join", T]]],
    ["an entry headed by a keyword", [[keyword("join"), T]]],
    ["an entry for an unknown symbol", [[UnknownSymbol, T]]],
    ["an entry with a bad rule", [[join, "T"]]],
    ["a bad entry after a good one", [[join, T], [message, [PLUS, 3]]]]
  ] as const)("readRules rejects %s", ([, value]) =>
    Effect.sync(() => {
      assert.isTrue(err(readRules(value)).length > 0)
    }))

  it.effect("readRules can restrict entries to known update types", () =>
    Effect.sync(() => {
      const isUpdateType = (sym: Sym) => sym === join
      ok(readRules([[join, T]], { isUpdateType }))
      assert.include(err(readRules([[message, T]], { isUpdateType })), "message")
      assert.include(err(readRuleEntry([message, T], { isUpdateType })), "not an update type")
    }))

  it.effect("readRuleEntry reads one entry, naming the type in its reasons", () =>
    Effect.sync(() => {
      const [type, rule] = ok(readRuleEntry([message, [PLUS, "ana"]]))
      assert.strictEqual(type, message)
      assert.isTrue(ruleEquals(rule, only("ana")))
      assert.include(err(readRuleEntry([message, [PLUS, "a  b"]])), "message")
    }))

  it.effect("printRules prints canonical entries in order", () =>
    Effect.sync(() => {
      const rules: RuleSet = new Map([
        [join, allExcept()],
        [message, only()],
        [lichat("kick"), only("Ana")],
        [shirakumo("edit"), allExcept("troll")]
      ])
      assert.strictEqual(
        show(printRules(rules)),
        '((join t) (message nil) (kick (+ "Ana")) (shirakumo:edit (- "troll")))'
      )
      assert.deepStrictEqual(printRules(emptyRuleSet), [])
    }))

  it.effect.prop("printRule then readRule is the identity", [ruleArb], ([rule]) =>
    Effect.sync(() => {
      const back = ok(readRule(printRule(rule)))
      assert.isTrue(ruleEquals(back, rule))
      assert.deepStrictEqual([...back.names.values()], [...rule.names.values()], "spellings are kept")
    }))

  it.effect.prop("printRules then readRules is the identity", [ruleSetArb], ([rules]) =>
    Effect.sync(() => {
      const back = ok(readRules(printRules(rules)))
      assert.deepStrictEqual([...back.keys()], [...rules.keys()])
      for (const [type, rule] of rules) assert.isTrue(ruleEquals(back.get(type)!, rule))
      assert.strictEqual(show(printRules(back)), show(printRules(rules)))
    }))
})

describe("default rules", () => {
  type Row = readonly [type: Sym, primary: string, regular: string, anonymous: string]
  const li = lichat
  const R = "registrant"
  // The PROTOCOL-NOTES table, row by row; "–" means no rule.
  const notesTable: ReadonlyArray<Row> = [
    [li("permissions"), R, R, "NIL"],
    [li("create"), "T", "–", "–"],
    [li("join"), "T", "T", "NIL"],
    [li("leave"), "NIL", "T", "T"],
    [li("kick"), R, R, R],
    [li("pull"), "NIL", "T", "T"],
    [li("message"), R, "T", "T"],
    [li("users"), "T", "T", "NIL"],
    [li("channels"), "T", "T", "NIL"]
    // The table's Shirakumo rows are checked against the server's extension
    // catalog, their one source (packages/server/test/DefaultRules.test.ts).
  ]
  // Rows decided by this project (documented on CORE_DEFAULT_RULES).
  const decidedTable: ReadonlyArray<Row> = [
    [li("grant"), R, R, "NIL"],
    [li("deny"), R, R, "NIL"],
    [li("capabilities"), "T", "T", "T"],
    [li("connect"), "T", "–", "–"],
    [li("disconnect"), "T", "–", "–"],
    [li("ping"), "T", "–", "–"],
    [li("pong"), "T", "–", "–"],
    [li("register"), "T", "–", "–"],
    [li("user-info"), "T", "–", "–"],
    [li("server-info"), R, "–", "–"]
  ]

  const expected = (cell: string, registrant: string): Rule | undefined =>
    cell === "T" ? everyone : cell === "NIL" ? noOne : cell === R ? only(registrant) : undefined

  const check = (rules: RuleSet, type: Sym, cell: string, registrant: string) => {
    const want = expected(cell, registrant)
    const got = rules.get(type)
    if (want === undefined) {
      assert.isUndefined(got, `${type.toString()} should have no rule`)
    } else {
      assert.isDefined(got, `${type.toString()} should have a rule`)
      assert.isTrue(ruleEquals(got!, want), `${type.toString()}: ${show(printRule(got!))}`)
    }
  }

  const kinds = [
    ["primary", 1, (r: string) => primaryChannelRules(r), "Server"],
    ["regular", 2, (r: string) => regularChannelRules(r), "ana"],
    ["anonymous", 3, (r: string) => anonymousChannelRules(r), "ana"]
  ] as const

  for (const [kind, column, make, registrant] of kinds) {
    it.effect.each([...notesTable, ...decidedTable])(`${kind} channel: %s`, (row) =>
      Effect.sync(() => {
        check(make(registrant), row[0], row[column], registrant)
      }))

    it.effect(`${kind} channel has no rules beyond the tables`, () =>
      Effect.sync(() => {
        const listed = new Set([...notesTable, ...decidedTable].filter((row) => row[column] !== "–").map((row) => row[0]))
        assert.deepStrictEqual(new Set(make(registrant).keys()), listed)
      }))
  }

  it.effect("the primary channel's registrant is the server user, so users cannot message it", () =>
    Effect.sync(() => {
      const rules = primaryChannelRules("Lichat")
      assert.isTrue(allowsUpdate(rules, lichat("message"), "lichat"))
      assert.isFalse(allowsUpdate(rules, lichat("message"), "ana"))
      assert.isTrue(allowsUpdate(rules, lichat("join"), "ana"))
      assert.isTrue(allowsUpdate(rules, lichat("create"), "ana"))
    }))

  it.effect("anonymous channels refuse join, users and channels to everyone", () =>
    Effect.sync(() => {
      const rules = anonymousChannelRules("ana")
      for (const type of ["join", "users", "channels"]) {
        assert.isFalse(allowsUpdate(rules, lichat(type), "ana"))
        assert.isFalse(allowsUpdate(rules, lichat(type), "bob"))
      }
      assert.isTrue(allowsUpdate(rules, lichat("kick"), "ANA"))
      assert.isFalse(allowsUpdate(rules, lichat("kick"), "bob"))
    }))

  it.effect("extension tables add and override defaults per channel kind", () =>
    Effect.sync(() => {
      const typing = shirakumo("typing")
      const extra: DefaultRuleTable = {
        regular: [[typing, "anyone"], [lichat("message"), "registrant"]],
        anonymous: [[typing, "no-one"]]
      }
      const regular = regularChannelRules("ana", [extra])
      assert.isTrue(allowsUpdate(regular, typing, "bob"))
      assert.isFalse(allowsUpdate(regular, lichat("message"), "bob"))
      assert.isTrue(allowsUpdate(regular, lichat("message"), "ana"))
      assert.isTrue(allowsUpdate(regular, lichat("join"), "bob"), "other defaults stay")
      assert.isTrue(ruleEquals(anonymousChannelRules("ana", [extra]).get(typing)!, noOne))
      assert.isFalse(primaryChannelRules("Server", [extra]).has(typing))
    }))

  it.effect("defaultRules builds from exactly the given tables", () =>
    Effect.sync(() => {
      const rules = defaultRules("regular", "ana", [CORE_DEFAULT_RULES])
      assert.isTrue(rules.has(lichat("join")))
      assert.isFalse(rules.has(shirakumo("backfill")))
      assert.strictEqual(defaultRules("primary", "x", []).size, 0)
    }))

  it.effect("defaults print and read back", () =>
    Effect.sync(() => {
      for (const rules of [primaryChannelRules("Server"), regularChannelRules("ana"), anonymousChannelRules("ana")]) {
        const back = ok(readRules(printRules(rules)))
        assert.strictEqual(show(printRules(back)), show(printRules(rules)))
      }
    }))
})
