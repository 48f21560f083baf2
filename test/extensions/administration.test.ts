/**
 * Extensions for running channels and the server: channel info and icons,
 * pause, quiet, server management with operators, ip bans, channel trees,
 * emotes, user info, block.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { id, login, open } from "../support/TestClient.ts"
import { operator } from "../support/Room.ts"
import { SERVER_NAME, start } from "../support/TestServer.ts"

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex").toString("base64")

/** Logs in `name` and registers it with a password. */
const registered = (url: string, name: string) =>
  Effect.gen(function*() {
    const client = yield* login(url, name)
    yield* client.send(`(register :id ${id()} :password "secret-${name}")`)
    yield* client.expect("register")
    return client
  })

const withRoom = (url: string) =>
  Effect.gen(function*() {
    const ana = yield* registered(url, "ana")
    const bob = yield* login(url, "bob")
    yield* ana.send(`(create :id ${id()} :channel "room")`)
    yield* ana.expect("join", (j) => j.channel === "room")
    yield* bob.send(`(join :id ${id()} :channel "room")`)
    yield* bob.expect("join", (j) => j.channel === "room" && j.from === "bob")
    return { ana, bob }
  })

describe("shirakumo-channel-info and shirakumo-icon", () => {
  it.live("set by the registrant, distributed, answered per key; unknown keys and bad values fail", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const { ana, bob } = yield* withRoom(server.url)
      yield* ana.send(`(shirakumo:set-channel-info :id ${id()} :channel "room" :key :topic :text "cats")`)
      const set = yield* bob.expect("set-channel-info")
      assert.strictEqual(set.text, "cats")
      yield* bob.send(`(shirakumo:set-channel-info :id ${id()} :channel "room" :key :topic :text "dogs")`)
      yield* bob.expect("insufficient-permissions")
      yield* ana.send(`(shirakumo:set-channel-info :id ${id()} :channel "room" :key :colour :text "red")`)
      yield* ana.expect("no-such-channel-info")
      yield* ana.send(`(shirakumo:set-channel-info :id ${id()} :channel "room" :key :url :text "not a url")`)
      yield* ana.expect("malformed-channel-info")
      yield* ana.send(`(shirakumo:set-channel-info :id ${id()} :channel "room" :key :icon :text "image/png ${PNG}")`)
      yield* ana.expect("set-channel-info", (s) => s.key.name === "icon")
      yield* ana.send(`(shirakumo:set-channel-info :id ${id()} :channel "room" :key :icon :text "text/html PGI+")`)
      yield* ana.expect("malformed-channel-info")
      const ask = id()
      yield* bob.send(`(shirakumo:channel-info :id ${ask} :channel "room" :keys (:topic :title :colour))`)
      const topic = yield* bob.expect("set-channel-info", (s) => s.id === ask && s.key.name === "topic")
      assert.strictEqual(topic.text, "cats")
      const title = yield* bob.expect("set-channel-info", (s) => s.id === ask && s.key.name === "title")
      assert.strictEqual(title.text, "")
      yield* bob.expect("no-such-channel-info", (f) => f.updateId === ask)
      const all = id()
      yield* bob.send(`(shirakumo:channel-info :id ${all} :channel "room" :keys t)`)
      for (const key of ["title", "news", "topic", "rules", "contact", "url", "icon"]) {
        yield* bob.expect("set-channel-info", (s) => s.id === all && s.key.name === key)
      }
    }))
})

describe("shirakumo-pause", () => {
  it.live("limits each member to one update per pause; joiners are told; the registrant is not held", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const { ana, bob } = yield* withRoom(server.url)
      yield* bob.send(`(shirakumo:pause :id ${id()} :channel "room" :by 60)`)
      yield* bob.expect("insufficient-permissions")
      yield* ana.send(`(shirakumo:pause :id ${id()} :channel "room" :by 60)`)
      yield* bob.expect("pause", (p) => p.by === 60)
      yield* bob.send(`(message :id ${id()} :channel "room" :text "one")`)
      yield* bob.expect("message", (m) => m.text === "one")
      yield* bob.send(`(message :id ${id()} :channel "room" :text "two")`)
      yield* bob.expect("too-many-updates")
      yield* ana.send(`(message :id ${id()} :channel "room" :text "a1")`)
      yield* ana.send(`(message :id ${id()} :channel "room" :text "a2")`)
      yield* bob.expect("message", (m) => m.text === "a2")
      const carol = yield* login(server.url, "carol")
      yield* carol.send(`(join :id ${id()} :channel "room")`)
      yield* carol.expect("pause", (p) => p.by === 60)
    }))
})

describe("shirakumo-quiet", () => {
  it.live("a quieted member's updates reach only itself", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const { ana, bob } = yield* withRoom(server.url)
      yield* ana.send(`(shirakumo:quiet :id ${id()} :channel "room" :target "bob")`)
      yield* ana.expect("quiet")
      yield* bob.send(`(message :id ${id()} :channel "room" :text "shh")`)
      yield* bob.expect("message", (m) => m.text === "shh")
      const ask = id()
      yield* ana.send(`(shirakumo:quieted :id ${ask} :channel "room")`)
      const list = yield* ana.expect("quieted", (q) => q.id === ask)
      assert.deepStrictEqual(list.target, ["bob"])
      const seen = yield* ana.drain(200)
      assert.isFalse(seen.some((u) => u._tag === "message" && u.text === "shh"))
      yield* ana.send(`(shirakumo:unquiet :id ${id()} :channel "room" :target "bob")`)
      yield* ana.expect("unquiet")
      yield* bob.send(`(message :id ${id()} :channel "room" :text "loud")`)
      yield* ana.expect("message", (m) => m.text === "loud")
    }))
})

describe("shirakumo-server-management with operators", () => {
  it.live("ordinary users may not; a registered operator may kill, ban, unban, list and destroy", () =>
    Effect.gen(function*() {
      const server = yield* start({ operators: ["boss"] })
      const { ana, bob } = yield* withRoom(server.url)
      yield* bob.send(`(shirakumo:kill :id ${id()} :target "ana")`)
      yield* bob.expect("insufficient-permissions")
      // Without the provisioned password there is no logging in under an operator's name.
      const fake = yield* open(server.url)
      yield* fake.send(`(connect :id 1 :version "2.0" :from "boss" :extensions ())`)
      yield* fake.expect("username-taken")
      const boss = yield* operator(server.url)

      yield* boss.send(`(shirakumo:kill :id ${id()} :target "bob")`)
      yield* boss.expect("kill")
      yield* bob.closed()
      yield* ana.expect("leave", (l) => l.from === "bob" && l.channel === "room")

      yield* boss.send(`(shirakumo:ban :id ${id()} :target "Mallory")`)
      yield* boss.expect("ban")
      const mallory = yield* open(server.url)
      yield* mallory.send(`(connect :id 1 :version "2.0" :from "mallory" :extensions ())`)
      yield* mallory.expect("too-many-connections")
      const list = id()
      yield* boss.send(`(shirakumo:blacklist :id ${list})`)
      const banned = yield* boss.expect("blacklist", (b) => b.id === list)
      assert.deepStrictEqual(banned.target, ["mallory"])
      yield* boss.send(`(shirakumo:unban :id ${id()} :target "mallory")`)
      yield* boss.expect("unban")
      yield* login(server.url, "mallory")

      yield* boss.send(`(shirakumo:destroy :id ${id()} :channel "room")`)
      yield* ana.expect("leave", (l) => l.from === "ana" && l.channel === "room")
      yield* boss.expect("destroy")
      yield* ana.send(`(message :id ${id()} :channel "room" :text "gone?")`)
      yield* ana.expect("no-such-channel")
      yield* boss.send(`(shirakumo:destroy :id ${id()} :channel "${SERVER_NAME}")`)
      yield* boss.expect("insufficient-permissions")
    }))
})

describe("operators", () => {
  it.live("a listed operator without a provisioned profile grants nothing: its name cannot be claimed with register", () =>
    Effect.gen(function*() {
      const server = yield* start({ operators: ["boss"] }, { provision: false })
      yield* login(server.url, "bob")
      const squatter = yield* login(server.url, "boss")
      yield* squatter.send(`(register :id ${id()} :password "boss-password")`)
      yield* squatter.expect("registration-rejected")
      yield* squatter.send(`(shirakumo:kill :id ${id()} :target "bob")`)
      yield* squatter.expect("insufficient-permissions")
      // Provisioned while the server runs, the profile counts at the next login.
      yield* server.provision("boss", "boss-password")
      const boss = yield* operator(server.url)
      yield* boss.send(`(shirakumo:blacklist :id ${id()})`)
      yield* boss.expect("blacklist")
    }))
})

describe("shirakumo-ip", () => {
  it.live("ip-ban drops matching connections and refuses new ones before the handshake; ip-unban lifts it", () =>
    Effect.gen(function*() {
      const server = yield* start({ operators: ["boss"] })
      const boss = yield* operator(server.url)
      const victim = yield* login(server.url, "victim")
      yield* boss.send(`(shirakumo:ip-ban :id ${id()} :ip "300.1.1.1" :mask "0.0.0.0")`)
      yield* boss.expect("bad-ip-format")
      const list0 = id()
      yield* boss.send(`(shirakumo:ip-blacklist :id ${list0})`)
      yield* boss.expect("ip-blacklist", (b) => b.id === list0 && (b.target ?? []).length === 0)
      yield* boss.send(`(shirakumo:ip-ban :id ${id()} :ip "10.1.2.3" :mask "0.0.0.255")`)
      yield* boss.expect("ip-ban")
      const list1 = id()
      yield* boss.send(`(shirakumo:ip-blacklist :id ${list1})`)
      const listed = yield* boss.expect("ip-blacklist", (b) => b.id === list1)
      assert.deepStrictEqual(listed.target, [["10.1.2.3", "0.0.0.255"]])
      yield* boss.send(`(shirakumo:ip-unban :id ${id()} :ip "10.1.2.0" :mask "0.0.0.255")`)
      yield* boss.expect("ip-unban")
      const list2 = id()
      yield* boss.send(`(shirakumo:ip-blacklist :id ${list2})`)
      yield* boss.expect("ip-blacklist", (b) => b.id === list2 && (b.target ?? []).length === 0)
      // Banning loopback drops every connection here, the operator's own included.
      yield* boss.send(`(shirakumo:ip-ban :id ${id()} :ip "127.0.0.1" :mask "0.0.0.0")`)
      yield* victim.closed()
      const refused = yield* open(server.url)
      const closed = yield* refused.closed()
      assert.strictEqual(closed.code, 1008)
    }))

  it.live("server-info carries the connection's address, IPv4 as dotted", () =>
    Effect.gen(function*() {
      const server = yield* start({ operators: ["boss"] })
      const boss = yield* operator(server.url)
      const ask = id()
      yield* boss.send(`(server-info :id ${ask} :target "boss" :attributes () :connections ())`)
      const info = yield* boss.expect("server-info", (s) => s.id === ask)
      const text = JSON.stringify(info.connections, (_k, v) => (typeof v === "object" && v !== null && "name" in v ? String(v) : v))
      assert.include(text, `"127.0.0.1"`)
    }))
})

describe("shirakumo-channel-trees", () => {
  it.live("children need their parent, and channels lists a channel's direct children", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const ana = yield* login(server.url, "ana")
      yield* ana.send(`(create :id ${id()} :channel "a/b")`)
      yield* ana.expect("no-such-parent-channel")
      yield* ana.send(`(create :id ${id()} :channel "a")`)
      yield* ana.expect("join", (j) => j.channel === "a")
      yield* ana.send(`(create :id ${id()} :channel "a/b")`)
      yield* ana.expect("join", (j) => j.channel === "a/b")
      yield* ana.send(`(create :id ${id()} :channel "a/b/c")`)
      yield* ana.expect("join", (j) => j.channel === "a/b/c")
      yield* ana.send(`(create :id ${id()} :channel "a//d")`)
      yield* ana.expect("bad-name")
      const ask = id()
      yield* ana.send(`(channels :id ${ask} :channel "a")`)
      const children = yield* ana.expect("channels", (c) => c.id === ask)
      assert.deepStrictEqual(children.channels, ["a/b"])
      // Only the parent's registrant may create children under it (create follows the parent's rules).
      const bob = yield* login(server.url, "bob")
      yield* bob.send(`(create :id ${id()} :channel "a/x")`)
      yield* bob.expect("insufficient-permissions")
    }))
})

describe("shirakumo-emotes", () => {
  it.live("the registrant sets emotes; members get what they lack, then the names; removal with an empty payload", () =>
    Effect.gen(function*() {
      const server = yield* start({ maxEmotes: 2 })
      const { ana, bob } = yield* withRoom(server.url)
      yield* ana.send(`(shirakumo:emote :id ${id()} :channel "room" :name "cat" :content-type "image/png" :payload "${PNG}")`)
      yield* bob.expect("emote", (e) => e.name === "cat")
      yield* ana.send(`(shirakumo:emote :id ${id()} :channel "room" :name "dog" :content-type "image/png" :payload "${PNG}")`)
      yield* bob.expect("emote", (e) => e.name === "dog")
      yield* ana.send(`(shirakumo:emote :id ${id()} :channel "room" :name "cow" :content-type "image/png" :payload "${PNG}")`)
      yield* ana.expect("emote-list-full")
      yield* ana.send(`(shirakumo:emote :id ${id()} :channel "room" :name "pdf" :content-type "application/pdf" :payload "${PNG}")`)
      yield* ana.expect("emote-list-full")
      yield* bob.send(`(shirakumo:emote :id ${id()} :channel "room" :name "mine" :content-type "image/png" :payload "${PNG}")`)
      yield* bob.expect("insufficient-permissions")
      const ask = id()
      yield* bob.send(`(shirakumo:emotes :id ${ask} :channel "room" :names ("CAT"))`)
      const sent = yield* bob.expect("emote", (e) => e.id === ask)
      assert.strictEqual(sent.name, "dog")
      const names = yield* bob.expect("emotes", (e) => e.id === ask)
      assert.sameMembers([...(names.names ?? [])], ["cat", "dog"])
      yield* ana.send(`(shirakumo:emote :id ${id()} :channel "room" :name "dog" :content-type "image/png" :payload "")`)
      yield* bob.expect("emote", (e) => e.name === "dog" && e.payload === "")
      yield* ana.send(`(shirakumo:emote :id ${id()} :channel "room" :name "pdf" :content-type "application/pdf" :payload "${PNG}")`)
      yield* ana.expect("bad-content-type")
    }))

  it.live("a channel made by an unregistered user holds no emotes", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const bob = yield* login(server.url, "bob")
      yield* bob.send(`(create :id ${id()} :channel "plain")`)
      yield* bob.expect("join", (j) => j.channel === "plain")
      yield* bob.send(`(shirakumo:emotes :id ${id()} :channel "plain" :names ())`)
      yield* bob.expect("insufficient-permissions")
    }))
})

describe("shirakumo-user-info and shirakumo-block", () => {
  it.live("registered users set info that user-info returns; block lists stop delivery", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const { ana, bob } = yield* withRoom(server.url)
      yield* bob.send(`(shirakumo:set-user-info :id ${id()} :key "status" :text "away")`)
      yield* bob.expect("no-such-profile")
      yield* ana.send(`(shirakumo:set-user-info :id ${id()} :key "status" :text "away")`)
      yield* ana.expect("set-user-info")
      yield* ana.send(`(shirakumo:set-user-info :id ${id()} :key "shoe-size" :text "42")`)
      yield* ana.expect("no-such-user-info")
      const ask = id()
      yield* bob.send(`(user-info :id ${ask} :target "ana")`)
      const info = yield* bob.expect("user-info", (u) => u.id === ask)
      assert.strictEqual(info.registered, true)
      const entries = (info.info ?? []) as ReadonlyArray<ReadonlyArray<unknown>>
      assert.strictEqual(JSON.stringify(entries.map((e) => [String(e[0]), e[1]])), JSON.stringify([[":status", "away"]]))

      yield* bob.send(`(shirakumo:block :id ${id()} :target "ana")`)
      yield* bob.expect("no-such-profile")
      yield* ana.send(`(shirakumo:block :id ${id()} :target "bob")`)
      yield* ana.expect("block")
      yield* bob.send(`(message :id ${id()} :channel "room" :text "can you hear me")`)
      yield* bob.expect("message", (m) => m.text === "can you hear me")
      const list = id()
      yield* ana.send(`(shirakumo:blocked :id ${list})`)
      const blocked = yield* ana.expect("blocked", (b) => b.id === list)
      assert.deepStrictEqual(blocked.target, ["bob"])
      const seen = yield* ana.drain(200)
      assert.isFalse(seen.some((u) => u._tag === "message" && u.text === "can you hear me"))
      yield* ana.send(`(shirakumo:unblock :id ${id()} :target "bob")`)
      yield* ana.expect("unblock")
      yield* bob.send(`(message :id ${id()} :channel "room" :text "now?")`)
      yield* ana.expect("message", (m) => m.text === "now?")
    }))
})

describe("server emotes and forwarded addresses", () => {
  it.live("emotes in --emotes-dir are the primary channel's from the start", () =>
    Effect.gen(function*() {
      const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "lichat-emotes-"))
      Fs.writeFileSync(Path.join(dir, "smile.png"), Buffer.from(PNG, "base64"))
      Fs.writeFileSync(Path.join(dir, "notes.txt"), "not an image")
      const server = yield* start({ emotesDir: dir })
      const ana = yield* login(server.url, "ana")
      const ask = id()
      yield* ana.send(`(shirakumo:emotes :id ${ask} :channel "${SERVER_NAME}" :names ())`)
      const emote = yield* ana.expect("emote", (e) => e.id === ask)
      assert.strictEqual(emote.name, "smile")
      assert.strictEqual(emote.contentType, "image/png")
      const names = yield* ana.expect("emotes", (e) => e.id === ask)
      assert.deepStrictEqual(names.names, ["smile"])
    }))

  it.live("X-Forwarded-For counts only from a trusted proxy", () =>
    Effect.gen(function*() {
      const server = yield* start({ operators: ["boss"], trustedProxies: ["127.0.0.1"] })
      const boss = yield* operator(server.url)
      const proxied = yield* open(server.url, { headers: { "x-forwarded-for": "203.0.113.7" } })
      yield* proxied.send(`(connect :id 1 :version "2.0" :from "far" :extensions ())`)
      yield* proxied.expect("connect")
      const ask = id()
      yield* boss.send(`(server-info :id ${ask} :target "far" :attributes () :connections ())`)
      const info = yield* boss.expect("server-info", (s) => s.id === ask)
      assert.include(JSON.stringify(info.connections, (_k, v) => (typeof v === "object" && v !== null && "name" in v ? String(v) : v)), `"203.0.113.7"`)
      const untrusted = yield* start({ operators: ["boss"] })
      const boss2 = yield* operator(untrusted.url)
      const direct = yield* open(untrusted.url, { headers: { "x-forwarded-for": "203.0.113.7" } })
      yield* direct.send(`(connect :id 1 :version "2.0" :from "near" :extensions ())`)
      yield* direct.expect("connect")
      const ask2 = id()
      yield* boss2.send(`(server-info :id ${ask2} :target "near" :attributes () :connections ())`)
      const info2 = yield* boss2.expect("server-info", (s) => s.id === ask2)
      assert.include(JSON.stringify(info2.connections, (_k, v) => (typeof v === "object" && v !== null && "name" in v ? String(v) : v)), `"127.0.0.1"`)
    }))
})

describe("extension failures", () => {
  it.live("each extension's remaining failures", () =>
    Effect.gen(function*() {
      const server = yield* start({ operators: ["boss"], maxImageSize: 16, maxUpdateSize: 4096 })
      const { ana } = yield* withRoom(server.url)
      const boss = yield* operator(server.url)
      // shirakumo-emotes: a payload over the image limit.
      yield* ana.send(`(shirakumo:emote :id ${id()} :channel "room" :name "big" :content-type "image/png" :payload "${"A".repeat(64)}")`)
      yield* ana.expect("update-too-long")
      // shirakumo-data: the update-size limit applies.
      yield* ana.send(`(shirakumo:data :id ${id()} :channel "room" :content-type "image/png" :payload "${"A".repeat(8000)}")`)
      yield* ana.expect("update-too-long")
      // shirakumo-user-info / shirakumo-icon: an icon that is not an image.
      yield* ana.send(`(shirakumo:set-user-info :id ${id()} :key "icon" :text "text/plain aGVsbG8=")`)
      yield* ana.expect("malformed-user-info")
      // shirakumo-server-management: kill needs a present user.
      yield* boss.send(`(shirakumo:kill :id ${id()} :target "nobody")`)
      yield* boss.expect("no-such-user")
      // shirakumo-quiet and shirakumo-block: unknown targets.
      yield* ana.send(`(shirakumo:quiet :id ${id()} :channel "room" :target "nobody")`)
      yield* ana.expect("no-such-user")
      yield* ana.send(`(shirakumo:block :id ${id()} :target "nobody")`)
      yield* ana.expect("no-such-user")
      // Every update type of an extension is refused where its rule says no one.
      yield* ana.send(`(shirakumo:typing :id ${id()} :channel "${SERVER_NAME}")`)
      yield* ana.expect("insufficient-permissions")
    }))
})
