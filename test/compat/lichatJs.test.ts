/**
 * Every update the lichat-js web client sends, in the exact frames it
 * prints (its 2.0 branch, master's spec-generated printer, and master's
 * older upper-case one: see LichatJsPeer), against a real server; each
 * test asserts what that client's user sees, read the way lichat-js reads
 * it. A frame lichat-js could not read fails every test (`done`).
 *
 * The frames follow the client's own printers: every slot of the class,
 * unset ones as NIL, in the client's order (roughly reversed).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, type Scope } from "effect"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { attempt, connect, type Dialect, DIALECTS, id, type Peer, type Received, show } from "../support/LichatJsPeer.ts"
import type { JsSymbol, JsValue } from "../support/LichatJsReader.ts"
import { perDialect, readableToTheEnd } from "../support/Dialects.ts"
import { operatorPassword, SERVER_NAME, start } from "../support/TestServer.ts"
import type { ServerOptionsInput } from "@lichat/server"

/** lichat-js stamps every update with its own universal time. */
const now = () => Math.floor(Date.now() / 1000) + 2_208_988_800

/** A PNG of one pixel, as lichat-js uploads it (base64). */
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d49444154789c6360f8cf000000030101005a4d6b0e0000000049454e44ae426082",
  "hex"
).toString("base64")

interface Scene {
  readonly url: string
  /** Connects a lichat-js peer speaking this scene's dialect. */
  readonly peer: (name: string, password?: string) => Effect.Effect<Peer, Error, Scope.Scope>
  /** Connects and registers (`/register`), so the user has a profile. */
  readonly registered: (name: string) => Effect.Effect<Peer, Error, Scope.Scope>
  /** Connects as an operator `start` provisioned, with its password. */
  readonly operator: (name: string) => Effect.Effect<Peer, Error, Scope.Scope>
  /** ana creates `room` and bob joins it. */
  readonly room: () => Effect.Effect<{ readonly ana: Peer; readonly bob: Peer }, Error, Scope.Scope>
}

const sceneFor = (dialect: Dialect, options: ServerOptionsInput = {}): Effect.Effect<Scene, unknown, Scope.Scope> =>
  Effect.gen(function*() {
    const server = yield* start(options)
    const track = yield* readableToTheEnd<Peer>("lichat-js")
    const peer = (name: string, password?: string) =>
      Effect.flatMap(connect(server.url, dialect, name, password), track)
    const registered = (name: string) =>
      Effect.gen(function*() {
        const p = yield* peer(name)
        const request = id()
        yield* p.send(`(register :signature NIL :otp-key NIL :id ${request} :clock ${now()} :from "${name}" :password "secret-${name}")`)
        yield* p.expect("register", (r) => r.fields["id"] === request)
        return p
      })
    const room = () =>
      Effect.gen(function*() {
        const ana = yield* registered("ana")
        const bob = yield* peer("bob")
        yield* ana.send(`(create :signature NIL :id ${id()} :clock ${now()} :from "ana" :channel "room")`)
        yield* ana.expect("join", (j) => j.fields["channel"] === "room")
        yield* bob.send(`(join :signature NIL :bridge NIL :id ${id()} :clock ${now()} :from "bob" :channel "room")`)
        yield* bob.expect("join", (j) => j.fields["channel"] === "room")
        yield* ana.expect("join", (j) => j.fields["channel"] === "room" && j.fields["from"] === "bob")
        return { ana, bob }
      })
    return { url: server.url, peer, registered, operator: (name) => peer(name, operatorPassword(name)), room }
  })

/** One test per dialect. */
const each = perDialect(DIALECTS, sceneFor)

/** The head of a channel update as lichat-js 2.0 prints it; `unset` are the class's own NIL slots it puts first. */
const ch = (from: string, channel: string, requestId = id(), unset = "") =>
  `:signature NIL :bridge NIL${unset} :id ${requestId} :clock ${now()} :from "${from}" :channel "${channel}"`

/** A message to `room` as lichat-js 2.0 prints it (`replyTo` is `("author" id)` or NIL). */
const messageFrame = (from: string, text: string, requestId = id(), replyTo = "NIL") =>
  `(message :rich NIL ${ch(from, "room", requestId, " :link NIL")} :reply-to ${replyTo} :text "${text.replace(/["\\]/g, "\\$&")}")`
/** The head of an update without a channel. */
const up = (from: string, requestId = id()) => `:signature NIL :id ${requestId} :clock ${now()} :from "${from}"`

const sym = (value: JsValue | undefined): JsSymbol => {
  assert.isTrue(typeof value === "object" && value !== null && !Array.isArray(value), `a symbol: ${show(value)}`)
  return value as JsSymbol
}
const list = (value: JsValue | undefined): ReadonlyArray<JsValue> => {
  if (value === null) return []
  assert.isTrue(Array.isArray(value), `a list: ${show(value)}`)
  return value as ReadonlyArray<JsValue>
}
const failureFor = (peer: Peer, requestId: number) =>
  peer.drain(300).pipe(Effect.map((all) => all.filter((u) => u.fields["update-id"] === requestId && u.type !== "update")))

/** No failure answers the request within a moment. */
const noFailure = (peer: Peer, requestId: number) =>
  Effect.map(failureFor(peer, requestId), (failures) =>
    assert.deepStrictEqual(failures.map((f: Received) => f.text), [], "no failure"))

describe("lichat-js: connecting", () => {
  each("connect with NIL password, signature and otp-token: the reply lists the extensions lichat-js looks for", (scene) =>
    Effect.gen(function*() {
      const ana = yield* scene.peer("ana")
      for (const name of ["shirakumo-backfill", "shirakumo-emotes", "shirakumo-channel-info", "shirakumo-typing", "shirakumo-reactions", "shirakumo-icon", "shirakumo-data", "shirakumo-edit"]) {
        assert.include(ana.extensions, name)
      }
      // The spec's names too, for peers that use them.
      assert.include(ana.extensions, "shirakumo-emote")
    }))

  each("connect with a password logs a registered user in", (scene) =>
    Effect.gen(function*() {
      yield* scene.registered("ana")
      const again = yield* scene.peer("ana", "secret-ana")
      assert.strictEqual(again.name, "ana")
    }))

  each("search is advertised as shirakumo-search too when there is a history file", (scene) =>
    Effect.gen(function*() {
      const ana = yield* scene.peer("ana")
      assert.include(ana.extensions, "shirakumo-history")
      assert.include(ana.extensions, "shirakumo-search")
    }))

  /** The failure a refused lichat-js connect read, answering its connect. */
  const refusal = (scene: Scene, dialect: Dialect, name: string, password?: string) =>
    Effect.map(attempt(scene.url, dialect, name, password), (refused) => {
      assert.deepStrictEqual(refused.unreadable, [], "lichat-js could not read the refusal")
      const failure = refused.received.find((u) => u.fields["update-id"] === refused.connectId)
      assert.isDefined(failure, `no failure for the connect; got ${refused.received.map((u) => u.text).join(" | ")}`)
      return failure!
    })

  each("after five wrong passwords a connect gets too-many-updates, read as a failure for it, even with the right one", (scene, dialect) =>
    Effect.gen(function*() {
      yield* scene.registered("ana")
      for (let i = 0; i < 5; i++) assert.strictEqual((yield* refusal(scene, dialect, "ana", `wrong ${i}`)).type, "invalid-password")
      const throttled = yield* refusal(scene, dialect, "ana", "secret-ana")
      assert.strictEqual(throttled.type, "too-many-updates")
      assert.include(String(throttled.fields["text"]), "try again")
    }))

  each("a new name mixing scripts (Cyrillic а in admin) gets bad-name; one script, or NFD spelling of a present name, as expected", (scene, dialect) =>
    Effect.gen(function*() {
      assert.strictEqual((yield* refusal(scene, dialect, "\u0430dmin")).type, "bad-name")
      yield* scene.peer("jos\u00e9")
      assert.strictEqual((yield* refusal(scene, dialect, "jose\u0301")).type, "username-taken")
      const greek = yield* scene.peer("Ελληνικά")
      assert.strictEqual(greek.name, "Ελληνικά")
    }))

  each("ping gets pong; pong gets nothing", (scene) =>
    Effect.gen(function*() {
      const ana = yield* scene.peer("ana")
      const ping = id()
      yield* ana.send(`(ping ${up("ana", ping)})`)
      yield* ana.expect("pong", (p) => p.fields["id"] === ping)
      const pong = id()
      yield* ana.send(`(pong ${up("ana", pong)})`)
      yield* noFailure(ana, pong)
    }))
})

describe("lichat-js: joining a channel", () => {
  each("join, then the automatic users, channel-info :keys T, emotes and capabilities", (scene) =>
    Effect.gen(function*() {
      const { ana, bob } = yield* scene.room()
      const users = id()
      yield* bob.send(`(users ${ch("bob", "room", users, " :users NIL")})`)
      const reply = yield* bob.expect("users", (u) => u.fields["id"] === users)
      assert.sameMembers([...list(reply.fields["users"])], ["ana", "bob"])

      yield* ana.send(`(set-channel-info :rich NIL ${ch("ana", "room")} :text "Hello" :key :topic)`)
      yield* bob.expect("set-channel-info", (s) => s.fields["text"] === "Hello")
      const info = id()
      yield* bob.send(`(channel-info ${ch("bob", "room", info)} :keys T)`)
      const answers: Array<Received> = []
      for (let i = 0; i < 6; i++) answers.push(yield* bob.expect("set-channel-info", (s) => s.fields["id"] === info))
      const keys = answers.map((a) => sym(a.fields["key"]))
      assert.isTrue(keys.every((k) => k.pkg === "keyword"), "every key a keyword")
      assert.sameMembers(keys.map((k) => k.name), ["title", "news", "topic", "rules", "contact", "url"])
      assert.strictEqual(answers.find((a) => sym(a.fields["key"]).name === "topic")!.fields["text"], "Hello")
      // No icon is set: none is sent (lichat-js 2.0 throws on an icon that is not "type base64").
      const rest = yield* bob.drain()
      assert.isFalse(rest.some((u) => u.type === "set-channel-info" && sym(u.fields["key"]).name === "icon"))

      const emotes = id()
      yield* bob.send(`(emotes ${ch("bob", "room", emotes)} :names ())`)
      yield* noFailure(bob, emotes)

      const capabilities = id()
      yield* bob.send(`(capabilities ${ch("bob", "room", capabilities, " :permitted NIL")})`)
      const permitted = list((yield* bob.expect("capabilities", (c) => c.fields["id"] === capabilities)).fields["permitted"]).map(sym)
      // lichat-js compares these with symbols of its lichat package: bare names, extension updates included.
      assert.isTrue(permitted.every((s) => s.pkg === "lichat"), permitted.map(show).join(" "))
      for (const name of ["message", "typing", "react", "backfill", "data", "edit", "leave"]) {
        assert.include(permitted.map((s) => s.name), name)
      }
    }))

  each("an icon set on the channel comes back as \"type base64\"", (scene) =>
    Effect.gen(function*() {
      const { ana, bob } = yield* scene.room()
      yield* ana.send(`(set-channel-info :rich NIL ${ch("ana", "room")} :text "image/png ${PNG}" :key :icon)`)
      yield* bob.expect("set-channel-info", (s) => sym(s.fields["key"]).name === "icon")
      const info = id()
      yield* bob.send(`(channel-info ${ch("bob", "room", info)} :keys T)`)
      const icon = yield* bob.expect("set-channel-info", (s) => s.fields["id"] === info && sym(s.fields["key"]).name === "icon")
      const [type, data] = String(icon.fields["text"]).split(" ")
      assert.strictEqual(type, "image/png")
      assert.strictEqual(data, PNG)
    }))

  each("emotes in the channel come as emote updates with content type, name and payload", (scene) =>
    Effect.gen(function*() {
      const { ana, bob } = yield* scene.room()
      const upload = id()
      yield* ana.send(`(emote ${ch("ana", "room", upload)} :payload "${PNG}" :content-type "image/png" :name "smile")`)
      yield* ana.expect("emote", (e) => e.fields["id"] === upload)
      // The members saw the upload; what follows is the answer to emotes alone.
      yield* bob.expect("emote", (e) => e.fields["id"] === upload)
      const request = id()
      yield* bob.send(`(emotes ${ch("bob", "room", request)} :names ())`)
      const emote = yield* bob.expect("emote", (e) => e.fields["name"] === "smile")
      assert.strictEqual(emote.fields["content-type"], "image/png")
      assert.strictEqual(emote.fields["payload"], PNG)
      assert.strictEqual(emote.fields["channel"], "room")
      // Deleting: lichat-js sends an empty payload.
      const remove = id()
      yield* ana.send(`(emote ${ch("ana", "room", remove)} :payload "" :name "smile" :content-type "image/png")`)
      yield* noFailure(ana, remove)
      const removed = yield* bob.expect("emote", (e) => e.fields["id"] === remove)
      assert.strictEqual(removed.fields["payload"], "")
      const again = id()
      yield* bob.send(`(emotes ${ch("bob", "room", again)} :names ())`)
      const after = yield* bob.drain(300)
      assert.isFalse(after.some((u) => u.type === "emote"), "no emote left to send")
    }))

  each("emotes without :channel (lichat-js master) are the primary channel's", (scene) =>
    Effect.gen(function*() {
      const ana = yield* scene.peer("ana")
      const request = id()
      yield* ana.send(`(emotes ${up("ana", request)} :names ())`)
      yield* noFailure(ana, request)
    }))

  each("backfill :since NIL and :since N replay the channel's messages", (scene) =>
    Effect.gen(function*() {
      const { ana, bob } = yield* scene.room()
      yield* bob.send(messageFrame("bob", "earlier"))
      yield* ana.expect("message", (m) => m.fields["text"] === "earlier")
      const request = id()
      yield* ana.send(`(backfill ${ch("ana", "room", request)} :since NIL)`)
      const replayed = yield* ana.expect("message", (m) => m.fields["text"] === "earlier")
      assert.strictEqual(replayed.fields["from"], "bob")
      const since = id()
      yield* ana.send(`(backfill ${ch("ana", "room", since)} :since ${now() - 60})`)
      yield* ana.expect("message", (m) => m.fields["text"] === "earlier")
      yield* noFailure(ana, since)
    }))
})

describe("lichat-js: after a restart", () => {
  for (const dialect of DIALECTS) {
    it.live(`a registered user rejoins its channel and its join's backfill replays what was said before (${dialect})`, () =>
      Effect.gen(function*() {
        const dataDir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "lichat-compat-"))
        yield* Effect.scoped(Effect.gen(function*() {
          const server = yield* start({ dataDir })
          const ana = yield* connect(server.url, dialect, "ana")
          const registered = id()
          yield* ana.send(`(register :signature NIL :otp-key NIL :id ${registered} :clock ${now()} :from "ana" :password "secret-ana")`)
          yield* ana.expect("register", (r) => r.fields["id"] === registered)
          yield* ana.send(`(create :signature NIL :id ${id()} :clock ${now()} :from "ana" :channel "room")`)
          yield* ana.expect("join", (j) => j.fields["channel"] === "room")
          yield* ana.send(messageFrame("ana", "before the restart"))
          yield* ana.expect("message", (m) => m.fields["text"] === "before the restart")
        }))
        const server = yield* start({ dataDir })
        const ana = yield* connect(server.url, dialect, "ana", "secret-ana")
        // What lichat-js sends when it (re)joins a channel: the join, then a backfill.
        yield* ana.send(`(join :signature NIL :bridge NIL :id ${id()} :clock ${now()} :from "ana" :channel "room")`)
        yield* ana.expect("join", (j) => j.fields["channel"] === "room")
        const request = id()
        yield* ana.send(`(backfill ${ch("ana", "room", request)} :since NIL)`)
        const replayed = yield* ana.expect("message", (m) => m.fields["text"] === "before the restart")
        assert.strictEqual(replayed.fields["from"], "ana")
        yield* ana.expect("backfill", (b) => b.fields["id"] === request)
      }))
  }
})

describe("lichat-js: the composer", () => {
  each("message with :reply-to NIL, then one replying to it", (scene) =>
    Effect.gen(function*() {
      const { ana, bob } = yield* scene.room()
      const first = id()
      yield* ana.send(messageFrame("ana", `hello "world"`, first))
      const seen = yield* bob.expect("message", (m) => m.fields["id"] === first)
      assert.strictEqual(seen.fields["text"], `hello "world"`)
      assert.strictEqual(seen.fields["from"], "ana")
      yield* bob.send(messageFrame("bob", "hi", id(), `("ana" ${first})`))
      const reply = yield* ana.expect("message", (m) => m.fields["text"] === "hi")
      assert.deepStrictEqual(reply.fields["reply-to"], ["ana", first])
    }))

  each("typing reaches the others", (scene) =>
    Effect.gen(function*() {
      const { ana, bob } = yield* scene.room()
      yield* ana.send(`(typing ${ch("ana", "room")})`)
      const typing = yield* bob.expect("typing")
      assert.strictEqual(typing.fields["from"], "ana")
      assert.strictEqual(typing.fields["channel"], "room")
    }))

  each("data: an upload reaches the others as a message whose :link is the content type and :text a URL", (scene) =>
    Effect.gen(function*() {
      const { ana, bob } = yield* scene.room()
      const upload = id()
      yield* ana.send(`(data ${ch("ana", "room", upload)} :payload "${PNG}" :content-type "image/png" :filename "a.png")`)
      const message = yield* bob.expect("message", (m) => m.fields["id"] === upload)
      assert.strictEqual(message.fields["link"], "image/png")
      assert.isTrue(URL.canParse(String(message.fields["text"])), String(message.fields["text"]))
    }))

  each("data of a type off the list (an SVG file) gets bad-content-type, listing the types lichat-js may offer", (scene) =>
    Effect.gen(function*() {
      const { ana, bob } = yield* scene.room()
      const upload = id()
      const svg = Buffer.from("<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>").toString("base64")
      yield* ana.send(`(data ${ch("ana", "room", upload)} :payload "${svg}" :content-type "image/svg+xml" :filename "a.svg")`)
      const refused = yield* ana.expect("bad-content-type", (f) => f.fields["update-id"] === upload)
      assert.include(list(refused.fields["allowed-content-types"]), "image/png")
      assert.notInclude(list(refused.fields["allowed-content-types"]), "image/svg+xml")
      assert.isFalse((yield* bob.drain(200)).some((u) => u.type === "message" && u.fields["id"] === upload))
    }))

  each("react names the message by author and id; the others see it", (scene) =>
    Effect.gen(function*() {
      const { ana, bob } = yield* scene.room()
      const message = id()
      yield* ana.send(messageFrame("ana", "react to me", message))
      yield* bob.expect("message", (m) => m.fields["id"] === message)
      yield* bob.send(`(react ${ch("bob", "room")} :emote "👍" :update-id ${message} :target "ana")`)
      const react = yield* ana.expect("react")
      assert.strictEqual(react.fields["target"], "ana")
      assert.strictEqual(react.fields["update-id"], message)
      assert.strictEqual(react.fields["emote"], "👍")
      assert.strictEqual(react.fields["from"], "bob")
    }))

  each("edit reuses the message's own id and from; the others see the new text", (scene) =>
    Effect.gen(function*() {
      const { ana, bob } = yield* scene.room()
      const message = id()
      yield* ana.send(messageFrame("ana", "typo", message))
      yield* bob.expect("message", (m) => m.fields["id"] === message)
      yield* ana.send(`(edit :rich NIL :signature NIL :bridge NIL :reply-to NIL :link NIL :clock ${now()} :channel "room" :text "fixed" :id ${message} :from "ana")`)
      const edit = yield* bob.expect("edit")
      assert.strictEqual(edit.fields["id"], message)
      assert.strictEqual(edit.fields["from"], "ana")
      assert.strictEqual(edit.fields["text"], "fixed")
    }))

  each("search with lichat-js's query (:clock (t t) :from (…) :text (…)) finds the message", (scene) =>
    Effect.gen(function*() {
      const { ana, bob } = yield* scene.room()
      yield* bob.send(messageFrame("bob", "find the needle"))
      yield* ana.expect("message", (m) => m.fields["text"] === "find the needle")
      const request = id()
      yield* ana.send(`(search ${ch("ana", "room", request, " :offset NIL :results NIL")} :query (:clock (t t) :from ("bob") :text ("needle")))`)
      const reply = yield* ana.expect("search", (s) => s.fields["id"] === request)
      const results = list(reply.fields["results"])
      assert.strictEqual(results.length, 1)
      assert.include(show(results[0]), "find the needle")
      // A search box left partly empty.
      const loose = id()
      yield* ana.send(`(search ${ch("ana", "room", loose, " :offset NIL :results NIL")} :query (:clock (t t) :from () :text ("needle")))`)
      assert.strictEqual(list((yield* ana.expect("search", (s) => s.fields["id"] === loose)).fields["results"]).length, 1)
    }))
})

describe("lichat-js: slash commands", () => {
  each("/create NAME, /create (anonymous), /leave, /join", (scene) =>
    Effect.gen(function*() {
      const ana = yield* scene.peer("ana")
      const named = id()
      yield* ana.send(`(create ${up("ana", named)} :channel "newchan")`)
      yield* ana.expect("join", (j) => j.fields["id"] === named && j.fields["channel"] === "newchan")
      const anonymous = id()
      yield* ana.send(`(create ${up("ana", anonymous)} :channel NIL)`)
      const join = yield* ana.expect("join", (j) => j.fields["id"] === anonymous)
      assert.match(String(join.fields["channel"]), /^@/)
      const leave = id()
      yield* ana.send(`(leave ${ch("ana", "newchan", leave)})`)
      yield* ana.expect("leave", (l) => l.fields["id"] === leave)
      const rejoin = id()
      yield* ana.send(`(join ${ch("ana", "newchan", rejoin)})`)
      yield* ana.expect("join", (j) => j.fields["id"] === rejoin)
    }))

  each("/create past the creation quota gets too-many-updates lichat-js reads as the create's failure", (scene) =>
    Effect.gen(function*() {
      const ana = yield* scene.peer("ana")
      for (const name of ["one", "two"]) {
        const request = id()
        yield* ana.send(`(create ${up("ana", request)} :channel "${name}")`)
        yield* ana.expect("join", (j) => j.fields["id"] === request)
      }
      const third = id()
      yield* ana.send(`(create ${up("ana", third)} :channel NIL)`)
      const refused = yield* ana.expect("too-many-updates", (f) => f.fields["update-id"] === third)
      assert.include(String(refused.fields["text"]), "try again")
    }), { channelCreations: 2 })

  each("/kick and /pull", (scene) =>
    Effect.gen(function*() {
      const { ana, bob } = yield* scene.room()
      yield* ana.send(`(kick ${ch("ana", "room")} :target "bob")`)
      yield* bob.expect("kick", (k) => k.fields["target"] === "bob")
      yield* bob.expect("leave", (l) => l.fields["from"] === "bob" && l.fields["channel"] === "room")
      yield* ana.send(`(pull ${ch("ana", "room")} :target "bob")`)
      yield* bob.expect("join", (j) => j.fields["from"] === "bob" && j.fields["channel"] === "room")
    }))

  each("/register, then /grant and /deny of a core and an extension update", (scene, dialect) =>
    Effect.gen(function*() {
      const { ana, bob } = yield* scene.room()
      // lichat-js master writes the extension type with its package, 2.0 without.
      const react = dialect === "master" ? "shirakumo:react" : "react"
      for (const [verb, update] of [["deny", "message"], ["deny", react], ["grant", "message"], ["grant", react]] as const) {
        const request = id()
        yield* ana.send(`(${verb} ${ch("ana", "room", request)} :target "bob" :update ${update})`)
        const echo = yield* ana.expect(verb, (g) => g.fields["id"] === request)
        assert.strictEqual(sym(echo.fields["update"]).name, update.replace("shirakumo:", ""))
      }
      const denied = id()
      yield* ana.send(`(deny ${ch("ana", "room", denied)} :target "bob" :update typing)`)
      yield* ana.expect("deny", (g) => g.fields["id"] === denied)
      const typing = id()
      yield* bob.send(`(typing ${ch("bob", "room", typing)})`)
      yield* bob.expect("insufficient-permissions", (f) => f.fields["update-id"] === typing)
    }))
})

describe("lichat-js: menus and settings", () => {
  each("set-user-info :key :status (the user's own), then user-info shows it", (scene) =>
    Effect.gen(function*() {
      const ana = yield* scene.registered("ana")
      const request = id()
      yield* ana.send(`(set-user-info :signature NIL :rich NIL ${up("ana", request).replace(":signature NIL ", "")} :target "ana" :text "away" :key :status)`)
      yield* ana.expect("set-user-info", (s) => s.fields["id"] === request)
      const info = id()
      yield* ana.send(`(user-info :signature NIL :info NIL :connections NIL :registered NIL :id ${info} :clock ${now()} :from "ana" :target "ana")`)
      const reply = yield* ana.expect("user-info", (u) => u.fields["id"] === info)
      assert.strictEqual(reply.fields["registered"], true)
      assert.strictEqual(reply.fields["connections"], 1)
      const entries = list(reply.fields["info"]).map((e) => list(e))
      const status = entries.find((e) => sym(e[0]).name === "status")
      assert.isDefined(status)
      assert.strictEqual(sym(status![0]).pkg, "keyword")
      assert.strictEqual(status![1], "away")
      // An unregistered user has an empty :info, never none (lichat-js iterates it).
      yield* scene.peer("bob")
      const other = id()
      yield* ana.send(`(user-info :signature NIL :info NIL :connections NIL :registered NIL :id ${other} :clock ${now()} :from "ana" :target "bob")`)
      const bob = yield* ana.expect("user-info", (u) => u.fields["id"] === other)
      assert.deepStrictEqual(bob.fields["info"], [])
      assert.strictEqual(bob.fields["registered"], null)
    }))

  each("server-info with only :target (lichat-js master's /server-info)", (scene) =>
    Effect.gen(function*() {
      const boss = yield* scene.operator("boss")
      yield* scene.peer("bob")
      const request = id()
      yield* boss.send(`(server-info ${up("boss", request)} :target "bob")`)
      const reply = yield* boss.expect("server-info", (s) => s.fields["id"] === request)
      const attributes = list(reply.fields["attributes"]).map((a) => list(a))
      // lichat-js compares these with its lichat:channels and lichat:registered-on.
      const channels = attributes.find((a) => sym(a[0]).name === "channels")
      assert.strictEqual(sym(channels![0]).pkg, "lichat")
      assert.include([...list(channels![1])], SERVER_NAME)
      const connections = list(reply.fields["connections"]).map((c) => list(c).map((pair) => list(pair)))
      assert.strictEqual(connections.length, 1)
      const ip = connections[0]!.find((pair) => sym(pair[0]).name === "ip")
      // …and this one with its shirakumo:ip.
      assert.strictEqual(sym(ip![0]).pkg, "shirakumo")
    }), { operators: ["boss"] })

  each("block and unblock (registered), then ban, blacklist, unban (an operator)", (scene) =>
    Effect.gen(function*() {
      const boss = yield* scene.operator("boss")
      yield* scene.peer("bob")
      for (const verb of ["block", "unblock"]) {
        const request = id()
        yield* boss.send(`(${verb} ${up("boss", request)} :target "bob")`)
        yield* boss.expect(verb, (b) => b.fields["id"] === request)
      }
      const ban = id()
      yield* boss.send(`(ban ${up("boss", ban)} :target "bob")`)
      yield* boss.expect("ban", (b) => b.fields["id"] === ban)
      const blacklist = id()
      yield* boss.send(`(blacklist :signature NIL :target NIL :id ${blacklist} :clock ${now()} :from "boss")`)
      const listed = yield* boss.expect("blacklist", (b) => b.fields["id"] === blacklist)
      assert.deepStrictEqual(list(listed.fields["target"]).map((n) => String(n).toLowerCase()), ["bob"])
      const unban = id()
      yield* boss.send(`(unban ${up("boss", unban)} :target "bob")`)
      yield* boss.expect("unban", (b) => b.fields["id"] === unban)
    }), { operators: ["boss"] })

  each("ip-ban, ip-blacklist (a list of (ip mask)), ip-unban", (scene) =>
    Effect.gen(function*() {
      const boss = yield* scene.operator("boss")
      const ban = id()
      yield* boss.send(`(ip-ban ${up("boss", ban)} :mask "0.0.0.0" :ip "10.1.2.3")`)
      yield* boss.expect("ip-ban", (b) => b.fields["id"] === ban)
      const request = id()
      yield* boss.send(`(ip-blacklist :signature NIL :target NIL :id ${request} :clock ${now()} :from "boss")`)
      const listed = list((yield* boss.expect("ip-blacklist", (b) => b.fields["id"] === request)).fields["target"])
      assert.strictEqual(listed.length, 1)
      const [ip, mask] = list(listed[0])
      assert.strictEqual(ip, "10.1.2.3")
      assert.strictEqual(typeof mask, "string")
      const unban = id()
      yield* boss.send(`(ip-unban ${up("boss", unban)} :mask "0.0.0.0" :ip "10.1.2.3")`)
      yield* boss.expect("ip-unban", (b) => b.fields["id"] === unban)
    }), { operators: ["boss"] })

  each("quiet and unquiet from the message menu", (scene) =>
    Effect.gen(function*() {
      const { ana, bob } = yield* scene.room()
      const quiet = id()
      yield* ana.send(`(quiet ${ch("ana", "room", quiet)} :target "bob")`)
      yield* ana.expect("quiet", (q) => q.fields["id"] === quiet)
      const unquiet = id()
      yield* ana.send(`(unquiet ${ch("ana", "room", unquiet)} :target "bob")`)
      yield* ana.expect("unquiet", (q) => q.fields["id"] === unquiet)
      yield* bob.send(messageFrame("bob", "heard"))
      yield* ana.expect("message", (m) => m.fields["text"] === "heard")
    }))

  each("channels, from the primary channel (:channel NIL) and from a channel", (scene) =>
    Effect.gen(function*() {
      const { ana } = yield* scene.room()
      const all = id()
      yield* ana.send(`(channels :signature NIL :bridge NIL :channel NIL :channels NIL ${up("ana", all).replace(":signature NIL ", "")})`)
      const reply = yield* ana.expect("channels", (c) => c.fields["id"] === all)
      assert.include([...list(reply.fields["channels"])], "room")
      const children = id()
      yield* ana.send(`(channels :signature NIL :bridge NIL :channels NIL ${up("ana", children).replace(":signature NIL ", "")} :channel "room")`)
      yield* ana.expect("channels", (c) => c.fields["id"] === children)
    }))

  each("kill (an operator)", (scene) =>
    Effect.gen(function*() {
      const boss = yield* scene.operator("boss")
      yield* scene.peer("bob")
      const request = id()
      yield* boss.send(`(kill ${up("boss", request)} :target "bob")`)
      yield* boss.expect("kill", (k) => k.fields["id"] === request)
    }), { operators: ["boss"] })

  each("permissions: asked, then set with lichat-js's rule lists", (scene, dialect) =>
    Effect.gen(function*() {
      const { ana, bob } = yield* scene.room()
      const asked = id()
      yield* ana.send(`(permissions ${ch("ana", "room", asked, " :permissions NIL")})`)
      const rules = list((yield* ana.expect("permissions", (p) => p.fields["id"] === asked)).fields["permissions"]).map((r) => list(r))
      const types = rules.map((r) => sym(r[0]))
      assert.isTrue(types.every((t) => t.pkg === "lichat"), "update types bare, as lichat-js reads them back")
      assert.include(types.map((t) => t.name), "backfill")
      const backfill = dialect === "master" ? "shirakumo:backfill" : "backfill"
      const set = id()
      yield* ana.send(`(permissions ${ch("ana", "room", set)} :permissions ((message (+ "ana")) (${backfill} (-))))`)
      yield* ana.expect("permissions", (p) => p.fields["id"] === set)
      const said = id()
      yield* bob.send(messageFrame("bob", "muted", said))
      yield* bob.expect("insufficient-permissions", (f) => f.fields["update-id"] === said)
    }))

  each("pause (slow mode) and destroy from the channel settings", (scene) =>
    Effect.gen(function*() {
      const boss = yield* scene.operator("boss")
      yield* boss.send(`(create ${up("boss")} :channel "room")`)
      yield* boss.expect("join", (j) => j.fields["channel"] === "room")
      const pause = id()
      yield* boss.send(`(pause ${ch("boss", "room", pause)} :by 5)`)
      yield* boss.expect("pause", (p) => p.fields["id"] === pause)
      const destroy = id()
      yield* boss.send(`(destroy ${ch("boss", "room", destroy)})`)
      yield* boss.expect("destroy", (d) => d.fields["id"] === destroy)
    }), { operators: ["boss"] })
})
