/**
 * The match specs and queries of shirakumo-history, as regular expressions
 * (fields tested here) and as SQL LIKE patterns (text and sender, tested in
 * the archive) — the two must find the same things.
 */
import { keyword, lichat, T } from "@lichat/core"
import { assert, describe, it } from "@effect/vitest"
import { DatabaseSync } from "node:sqlite"
import { compileQuery, likePattern, matchSpec } from "../src/extensions/search/query.ts"

const db = new DatabaseSync(":memory:")
const like = db.prepare("SELECT ? LIKE ? ESCAPE '\\' AS hit")

/** Whether the spec finds `text`, asked both ways; fails when the two disagree. */
const finds = (spec: string, text: string): boolean => {
  const byRegExp = matchSpec(spec).test(text.toLowerCase())
  const bySql = like.get(text.toLowerCase(), likePattern(spec))?.["hit"] === 1
  assert.strictEqual(bySql, byRegExp, `${spec} in ${JSON.stringify(text)}: LIKE ${bySql}, RegExp ${byRegExp}`)
  return byRegExp
}

describe("search match specs", () => {
  it("_ is one character, * any run, \\ makes the next one plain; case is ignored; found anywhere", () => {
    assert.isTrue(finds("h_llo", "say HALLO"))
    assert.isFalse(finds("h_llo", "hllo"))
    assert.isTrue(finds("a*b", "a, then b"))
    assert.isTrue(finds("a\\*b", "a*b"))
    assert.isFalse(finds("a\\*b", "axb"))
    assert.isTrue(finds("a\\_b", "a_b"))
    assert.isFalse(finds("a\\_b", "axb"))
    assert.isTrue(finds("100%", "100% sure"))
    assert.isFalse(finds("100%", "1000 sure"))
    assert.isTrue(finds("(1+1)?", "is (1+1)? yes"))
    assert.isTrue(finds("x_y", "x😀y"))
    assert.isTrue(finds("Ünï", "ÜNÏCODE"))
    assert.isTrue(finds("a\\\\b", "a\\b"))
  })

  it("a query is keyword/value pairs; :clock is a range with T for open ends", () => {
    assert.isString(compileQuery([keyword("text")]))
    assert.isString(compileQuery([lichat("t"), ["x"]]))
    assert.isString(compileQuery([keyword("clock"), [1]]))
    assert.isString(compileQuery([keyword("clock"), ["soon", T]]))
    assert.isString(compileQuery([keyword("text"), [1]]))
    const query = compileQuery([keyword("clock"), [T, 20], keyword("clock"), [10, T], keyword("from"), ["Ana"]])
    assert.isNotString(query)
    if (typeof query !== "string") {
      assert.deepStrictEqual(query.filter, { from: 10, to: 20, senders: ["%ana%"], bodies: [] })
      assert.isUndefined(query.test)
    }
  })
})
