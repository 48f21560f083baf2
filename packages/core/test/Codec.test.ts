import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import {
  Connect,
  decodeUpdate,
  Edit,
  encodeUpdate,
  InvalidUpdate,
  isA,
  isUpdate,
  keyword,
  Message,
  NIL,
  Permissions,
  printUpdate,
  readObject,
  UnknownSymbol,
  type Update,
  updateSymbol,
  UserInfo
} from "../src/index.ts"

const decode = (text: string): Result.Result<Update, { kind: string; text: string; id?: unknown }> => {
  const read = readObject(text)
  if (Result.isFailure(read)) assert.fail(`${text}: ${read.failure._tag}`)
  return decodeUpdate(read.success)
}
const ok = (text: string): Update => {
  const result = decode(text)
  if (Result.isFailure(result)) return assert.fail(`${text}: ${result.failure.text}`)
  return result.success
}

describe("decodeUpdate", () => {
  it("decodes core updates into their classes", () => {
    const m = ok(`(message :id 7 :clock 3941000000 :from "ana" :channel "lobby" :text "hi")`)
    assert.instanceOf(m, Message)
    assert.deepStrictEqual({ ...m }, { _tag: "message", id: 7, clock: 3941000000, from: "ana", channel: "lobby", text: "hi" })
    const c = ok(`(connect :id 1 :version "2.0" :extensions ("shirakumo-data"))`)
    assert.instanceOf(c, Connect)
    assert.deepStrictEqual((c as Connect).extensions, ["shirakumo-data"])
    const u = ok(`(user-info :id 2 :target "bob" :registered t :connections 2)`)
    assert.instanceOf(u, UserInfo)
    assert.strictEqual((u as UserInfo).registered, true)
    const p = ok(`(permissions :id 3 :channel "x" :permissions ((message t) (join (+ "ana"))))`)
    assert.instanceOf(p, Permissions)
    assert.strictEqual((p as Permissions).permissions?.length, 2)
  })

  it("treats NIL in an optional slot as absent, and NIL in a required list as empty", () => {
    const m = ok(`(message :id 7 :from nil :clock nil :channel "lobby" :text "hi")`)
    assert.isFalse("from" in m)
    assert.isFalse("clock" in m)
    const c = ok(`(connect :id 1 :version "2.0" :extensions nil)`)
    assert.deepStrictEqual((c as Connect).extensions, [])
  })

  it("ignores unknown keys", () => {
    const m = ok(`(message :id 7 :channel "lobby" :text "hi" :frobnicate 12 :mood "good")`)
    assert.deepStrictEqual(Object.keys(m).sort(), ["_tag", "channel", "id", "text"])
  })

  it("reports a missing required slot as malformed-update, naming the slot, with the id", () => {
    const result = decode(`(message :id 9 :channel "lobby")`)
    assert.isTrue(Result.isFailure(result))
    if (Result.isSuccess(result)) return
    assert.strictEqual(result.failure.kind, "malformed-update")
    assert.include(result.failure.text, ":text")
    assert.strictEqual(result.failure.id, 9)
    const noId = decode(`(ping :clock 1)`)
    assert.isTrue(Result.isFailure(noId) && noId.failure.kind === "malformed-update")
  })

  it("reports a slot of the wrong type as malformed-update", () => {
    for (const text of [
      `(message :id 1 :channel 5 :text "x")`,
      `(message :id 1 :channel "c" :text "x" :clock "noon")`,
      `(message :id 1 :channel "c" :text "x" :clock 1.5)`,
      `(connect :id 1 :version "2.0" :extensions ("a" 2))`,
      `(user-info :id 1 :target "b" :registered "yes")`,
      `(grant :id 1 :channel "c" :target "b" :update "message")`
    ]) {
      const result = decode(text)
      assert.isTrue(Result.isFailure(result) && result.failure.kind === "malformed-update", text)
    }
  })

  it("reports a non-update object as invalid-update", () => {
    const result = decodeUpdate({ type: UnknownSymbol, fields: new Map([[keyword("id"), 4]]) })
    assert.isTrue(Result.isFailure(result) && result.failure.kind === "invalid-update")
    const nil = decodeUpdate({ type: NIL, fields: new Map() })
    assert.isTrue(Result.isFailure(nil) && nil.failure.kind === "invalid-update")
  })

  it("keeps ids and clocks beyond 2^53 exactly", () => {
    const m = ok(`(message :id 123456789012345678901234567890 :clock 99999999999999999999 :channel "c" :text "t")`)
    assert.strictEqual(m.id, 123456789012345678901234567890n)
    assert.strictEqual(m.clock, 99999999999999999999n)
    assert.strictEqual(
      printUpdate(m),
      `(message :id 123456789012345678901234567890 :clock 99999999999999999999 :channel "c" :text "t")`
    )
  })
})

describe("ids", () => {
  it("accepts an id of up to about 256 printed characters, in any form; a longer one is malformed and not kept", () => {
    assert.strictEqual(ok(`(ping :id "${"x".repeat(250)}" :clock 0)`).id, "x".repeat(250))
    assert.deepStrictEqual(ok(`(ping :id (1 "a") :clock 0)`).id, [1, "a"])
    const long = decode(`(ping :id "${"x".repeat(300)}" :clock 0)`)
    assert.isTrue(Result.isFailure(long) && long.failure.kind === "malformed-update" && long.failure.id === undefined)
    const wide = decode(`(ping :id (${"1 ".repeat(200)}) :clock 0)`)
    assert.isTrue(Result.isFailure(wide) && wide.failure.id === undefined)
    // A failure that names the object's id keeps it only when short.
    const unknown = readObject(`(no-such-update :id "${"y".repeat(1000)}")`)
    assert.isTrue(Result.isFailure(unknown) && unknown.failure._tag === "UnknownClass" && unknown.failure.id === undefined)
    const missing = decode(`(message :id 7 :clock 0)`)
    assert.isTrue(Result.isFailure(missing) && missing.failure.id === 7)
  })
})

describe("the class hierarchy", () => {
  it("answers is-a questions along the spec's superclasses", () => {
    const edit = new Edit({ id: 1, channel: "c", text: "t" })
    assert.isTrue(isA(edit, "message"))
    assert.isTrue(isA(edit, "channel-update"))
    assert.isTrue(isA(edit, "text-update"))
    assert.isTrue(isA(edit, "update"))
    assert.isFalse(isA(edit, "failure"))
    const invalid = new InvalidUpdate({ id: 2, updateId: 1, text: "no" })
    assert.isTrue(isA(invalid, "update-failure"))
    assert.isTrue(isA(invalid, "failure"))
    assert.isTrue(isA(invalid, "text-update"))
    assert.isFalse(isA(invalid, "channel-update"))
    assert.strictEqual(updateSymbol(edit).toString(), "shirakumo:edit")
    assert.isTrue(isUpdate(edit))
    assert.isFalse(isUpdate({ _tag: "message" }))
  })
})

describe("printing and encoding", () => {
  it("prints canonical text, required slots always, absent optional slots never", () => {
    assert.strictEqual(
      printUpdate(new Message({ id: 1, from: "ana", channel: "lobby", text: "hi \"you\"" })),
      `(message :id 1 :from "ana" :channel "lobby" :text "hi \\"you\\"")`
    )
    assert.strictEqual(
      printUpdate(new UserInfo({ id: 1, target: "b", registered: false, connections: 0 })),
      `(user-info :id 1 :target "b" :registered nil :connections 0)`
    )
    assert.strictEqual(
      printUpdate(new Edit({ id: 1, channel: "c", text: "t", replyTo: ["ana", 4] })),
      `(edit :id 1 :channel "c" :text "t" :reply-to ("ana" 4))`
    )
  })

  it("strips NULs from strings", () => {
    assert.strictEqual(printUpdate(new Message({ id: 1, channel: "c", text: "a\u0000b" })), `(message :id 1 :channel "c" :text "ab")`)
  })

  it("encodes to the wire object the reader would produce", () => {
    const m = new Message({ id: 1, clock: 5, channel: "c", text: "t" })
    const encoded = encodeUpdate(m)
    const read = readObject(printUpdate(m))
    if (Result.isFailure(read)) return assert.fail(read.failure._tag)
    assert.strictEqual(encoded.type, read.success.type)
    assert.deepStrictEqual([...encoded.fields], [...read.success.fields])
  })
})
