/**
 * The lichat-js reader model in test/support/LichatJsReader.ts: the frames
 * and quirks described in the lichat-js 2.0 research notes.
 */
import { assert, describe, it } from "@effect/vitest"
import { KNOWN_CLASSES, LichatJsReadError, readFrame, readValue } from "../support/LichatJsReader.ts"

const rejects = (text: string, message: RegExp) => assert.throws(() => readFrame(text), LichatJsReadError, message)
const sym = (name: string, pkg = "lichat") => ({ name, pkg })

describe("LichatJsReader frames", () => {
  it("reads a message into its class name and lower-case fields", () => {
    const update = readFrame(`(message :id 1 :clock 2 :from "a" :channel "c" :text "hi")`)
    assert.deepStrictEqual(update, {
      type: "message",
      fields: { id: 1, clock: 2, from: "a", channel: "c", text: "hi" }
    })
  })

  it("finds the class by name whatever the package", () => {
    const fields = `:id 1 :clock 2 :from "a" :channel "c" :target "b" :update-id 3 :emote "x"`
    assert.strictEqual(readFrame(`(shirakumo:react ${fields})`).type, "react")
    assert.strictEqual(readFrame(`(react ${fields})`).type, "react")
    assert.strictEqual(readFrame(`(SHIRAKUMO:REACT ${fields})`).type, "react")
    assert.strictEqual(readFrame(`(react ${fields})`).fields["update-id"], 3)
  })

  it("upper-case keys become lower-case field names", () => {
    const update = readFrame(`(REACT :ID 1 :CLOCK 2 :CHANNEL "c" :TARGET "b" :UPDATE-ID 3 :EMOTE "x")`)
    assert.deepStrictEqual(Object.keys(update.fields), ["id", "clock", "channel", "target", "update-id", "emote"])
  })

  it("needs :id and :clock", () => {
    rejects(`(ping :id 1)`, /MISSING-CLOCK/)
    rejects(`(ping :clock 2)`, /MISSING-ID/)
    assert.deepStrictEqual(readFrame(`(ping :id 1 :clock 2)`), { type: "ping", fields: { id: 1, clock: 2 } })
  })

  it("rejects an unknown class", () => {
    rejects(`(frobnicate :id 1 :clock 2)`, /No such class frobnicate/)
  })

  it("reads :permitted symbols with their packages", () => {
    const update = readFrame(`(capabilities :id 1 :clock 2 :channel "c" :permitted (message shirakumo:quiet))`)
    assert.deepStrictEqual(update.fields.permitted, [sym("message"), sym("quiet", "shirakumo")])
  })

  it("a newline right after the class name joins the next token (the client fails)", () => {
    rejects(`(join\n:id 1 :clock 2 :channel "c")`, /is not of type Keyword/)
    assert.deepStrictEqual(readValue(`(join\n:id 1)`), [sym("id", "join\n"), 1])
    // Whitespace before a key is fine after a string or a number.
    assert.strictEqual(readFrame(`(join :id 1 :clock 2\n:channel "c")`).fields.channel, "c")
  })

  it("every required initarg of the class and its superclasses must be there", () => {
    rejects(`(emote :id 1 :clock 2 :channel "c" :name "x" :payload "")`, /missing the initarg content-type/)
    rejects(`(message :id 1 :clock 2 :text "x")`, /missing the initarg channel/)
    rejects(`(no-such-channel :id 1 :clock 2 :text "x")`, /missing the initarg update-id/)
    rejects(`(connect :id 1 :clock 2 :version "2.0")`, /missing the initarg extensions/)
  })

  it("NIL satisfies a required initarg", () => {
    const update = readFrame(`(emote :id 1 :clock 2 :channel "c" :name "x" :payload "" :content-type NIL)`)
    assert.strictEqual(update.fields["content-type"], null)
    assert.strictEqual(update.type, "emote")
  })

  it("a NIL default in a subclass satisfies the superclass's required slot, as in lichat-js", () => {
    assert.deepStrictEqual(readFrame(`(channels :id 1 :clock 2)`), { type: "channels", fields: { id: 1, clock: 2 } })
  })

  it("a key without a value counts as missing", () => {
    rejects(`(join :id 1 :clock 2 :channel)`, /missing the initarg channel/)
    rejects(`(join :clock 2 :channel "c" :id)`, /MISSING-ID/)
    assert.deepStrictEqual(readFrame(`(join :id 1 :clock 2 :channel "c" :from)`).fields, { id: 1, clock: 2, channel: "c" })
  })

  it("a later duplicate key wins", () => {
    assert.strictEqual(readFrame(`(join :id 1 :clock 2 :channel "a" :channel "b")`).fields.channel, "b")
  })

  it("ignores a trailing NUL and anything after the first expression", () => {
    assert.strictEqual(readFrame(`(join :id 1 :clock 2 :channel "c")\u0000`).type, "join")
    assert.strictEqual(readFrame(`(ping :id 1 :clock 2) (pong`).type, "ping")
  })

  it("a frame must be a list starting with a symbol, with keyword keys", () => {
    rejects(`"just a string"`, /not an update/)
    rejects(`ping`, /not an update/)
    rejects(``, /END-OF-STREAM/)
    rejects(`()`, /empty list/)
    rejects(`(1 :id 1 :clock 2)`, /not a symbol/)
    rejects(`(NIL :id 1 :clock 2)`, /not a symbol/)
    rejects(`(ping id 1 :clock 2)`, /is not of type Keyword/)
    rejects(`(ping :id 1 :clock 2`, /END-OF-STREAM/)
    rejects(`)`, /INCOMPLETE-TOKEN/)
  })

  it("initargs named :set or a non-list :fields break the client's constructor", () => {
    rejects(`(join :id 1 :clock 2 :channel "c" :set 1)`, /set is not a function/)
    rejects(`(join :id 1 :clock 2 :channel "c" :fields 1)`, /fields/)
    assert.deepStrictEqual(readFrame(`(join :id 1 :clock 2 :channel "c" :fields ())`).fields.fields, [])
  })

  it("knows the classes of wire-object.js by their bare names", () => {
    for (const name of ["backfill", "set-channel-info", "update-failure", "react", "connect", "invalid-otp-key"]) {
      assert.isTrue(KNOWN_CLASSES.has(name), name)
    }
    assert.isFalse(KNOWN_CLASSES.has("shirakumo:backfill"))
    assert.isFalse(KNOWN_CLASSES.has("object"))
    assert.strictEqual(KNOWN_CLASSES.size, 91)
  })
})

describe("LichatJsReader values", () => {
  it("escaped digits stay in a symbol; bare digits split it", () => {
    assert.deepStrictEqual(readValue(`h\\2\\6\\4`), sym("h264"))
    assert.deepStrictEqual(readValue(`(h264)`), [sym("h"), 264])
  })

  it("has no negative numbers", () => {
    assert.deepStrictEqual(readValue(`(-5)`), [sym("-"), 5])
    rejects(`(join :id -1 :clock 2 :channel "c")`, /is not of type Keyword/)
  })

  it("a backslash escapes the next character of a string", () => {
    assert.strictEqual(readValue(`"a\\"b"`), `a"b`)
    assert.strictEqual(readValue(`"a\\\\b"`), `a\\b`)
    assert.throws(() => readValue(`"abc`), LichatJsReadError, /END-OF-STREAM/)
  })

  it("numbers: one point, and a leading point is forgotten", () => {
    assert.strictEqual(readValue(`1.5`), 1.5)
    assert.deepStrictEqual(readValue(`(1.2.3)`), [1.2, 3])
    assert.strictEqual(readValue(`.5`), 5)
  })

  it("T and NIL only unqualified; keywords and packages are lower-cased", () => {
    assert.strictEqual(readValue(`T`), true)
    assert.strictEqual(readValue(`nil`), null)
    assert.deepStrictEqual(readValue(`lichat:t`), sym("t"))
    assert.deepStrictEqual(readValue(`:Topic`), sym("topic", "keyword"))
    assert.deepStrictEqual(readValue(`SHIRAKUMO:IP`), sym("ip", "shirakumo"))
    assert.deepStrictEqual(readValue(`()`), [])
  })

  it("only U+0020 ends a token; other whitespace joins the name but separates other values", () => {
    assert.deepStrictEqual(readValue(`(a\tb)`), [sym("a\tb")])
    assert.deepStrictEqual(readValue(`(1\u00a0"x"\n2)`), [1, "x", 2])
  })

  it("characters are upper-cased one by one, then the name lower-cased", () => {
    assert.deepStrictEqual(readValue(`ß`), sym("ss"))
    assert.deepStrictEqual(readValue(`\\ß`), sym("ß"))
  })

  it("an empty symbol name is an error", () => {
    assert.throws(() => readValue(`(: 1)`), LichatJsReadError, /empty name/)
  })
})
