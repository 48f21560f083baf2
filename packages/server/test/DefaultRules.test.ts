/**
 * The default rules of the extensions' update types, from their one source,
 * the extension catalog, as the registry applies them: the PROTOCOL-NOTES
 * table's Shirakumo rows, and no rule for an extension that is off.
 */
import { anonymousChannelRules, intern, only, primaryChannelRules, regularChannelRules, ruleEquals, everyone, noOne, type Rule, SHIRAKUMO, type Sym } from "@lichat/core"
import { assert, describe, it } from "@effect/vitest"
import * as Extensions from "../src/extensions/Extensions.ts"
import { make } from "../src/config/ServerOptions.ts"

const sh = (name: string): Sym => intern(SHIRAKUMO, name)
const R = "registrant"

type Row = readonly [type: Sym, primary: string, regular: string, anonymous: string]
// The PROTOCOL-NOTES table; its "–" cells (no rule given) are this project's decisions, marked.
const rows: ReadonlyArray<Row> = [
  [sh("backfill"), R, "T", "T"],
  [sh("data"), R, "T", "T"],
  [sh("edit"), "NIL", "T", "T"],
  [sh("channel-info"), "T", "T", "NIL"],
  [sh("set-channel-info"), R, R, "NIL"],
  [sh("emotes"), "T", /* decided */ "T", /* decided */ "NIL"],
  [sh("emote"), R, /* decided */ R, /* decided */ "NIL"]
]

const expected = (cell: string, registrant: string): Rule =>
  cell === "T" ? everyone : cell === "NIL" ? noOne : only(registrant)

describe("extension default rules", () => {
  const all = Extensions.ruleTables(make({}))
  const kinds = [
    ["primary", 1, primaryChannelRules("Server", all), "Server"],
    ["regular", 2, regularChannelRules("ana", all), "ana"],
    ["anonymous", 3, anonymousChannelRules("ana", all), "ana"]
  ] as const

  for (const [kind, column, rules, registrant] of kinds) {
    it(`${kind} channel: the PROTOCOL-NOTES rows`, () => {
      for (const row of rows) {
        const got = rules.get(row[0])
        assert.isDefined(got, `${row[0].toString()} should have a rule`)
        if (got !== undefined) assert.isTrue(ruleEquals(got, expected(row[column], registrant)), row[0].toString())
      }
    })
  }

  it("an extension that is off gives its update types no rule", () => {
    const none = Extensions.ruleTables(make({ disabledExtensions: ["shirakumo-backfill", "shirakumo-data", "shirakumo-edit"] }))
    for (const rules of [primaryChannelRules("Server", none), regularChannelRules("ana", none)]) {
      for (const type of ["backfill", "data", "edit"]) assert.isFalse(rules.has(sh(type)), type)
      assert.isTrue(rules.has(sh("channel-info")))
    }
  })
})
