/**
 * A stand-in for Shirakumo's Java client jLichat over raw TCP: the exact
 * frames it prints, re-typed from its Printer, Client and update classes,
 * and a re-typed check of what its Reader accepts.
 *
 * Its printer writes every public field of the update class (the class's
 * own first, then its superclasses'), unset ones as `NIL`, empty lists as
 * `()`, symbols in lower case (its packages lower-case every name), strings
 * with `"` and `\` escaped, one update per flush, each ended by one NUL.
 * The dialects:
 * - "release": the hand-written classes: classes bare (package
 *   LICHAT-PROTOCOL), fields `… :clock :id :from`;
 * - "master": the spec-generated classes: every class written with its
 *   package (`lichat:join`, `shirakumo:backfill`, as the printer only
 *   drops LICHAT-PROTOCOL, which no longer exists), `:bridge NIL` on
 *   channel updates, `… :clock :from :signature NIL :id`.
 */
import { Effect, type Scope } from "effect"
import * as TcpClient from "./TcpClient.ts"

export type Dialect = "release" | "master"
export const DIALECTS: ReadonlyArray<Dialect> = ["release", "master"]

/** jLichat's `connect :extensions`, in its order. */
const CLIENT_EXTENSIONS = [
  "shirakumo-data", "shirakumo-backfill", "shirakumo-emotes", "shirakumo-channel-info", "shirakumo-edit",
  "shirakumo-quiet", "shirakumo-pause", "shirakumo-ip", "shirakumo-server-management", "shirakumo-channel-trees"
]

/** jLichat stamps updates with its own universal time. */
const now = (): number => Math.floor(Date.now() / 1000) + 2_208_988_800

/** A string as jLichat prints it: `"` and `\` escaped, NULs dropped. */
const str = (s: string): string => `"${s.replace(/\u0000/g, "").replace(/["\\]/g, "\\$&")}"`

const list = (items: ReadonlyArray<string>): string => `(${items.map(str).join(" ")})`

/** Builds one user's frames: ids count from 0 per connection, as jLichat's do. */
const framesFor = (dialect: Dialect, from: string) => {
  let next = 0
  const release = dialect === "release"
  const head = (name: string, pkg: "lichat" | "shirakumo" = "lichat") => (release ? name : `${pkg}:${name}`)
  const tail = (id: number) =>
    release ? `:clock ${now()} :id ${id} :from ${str(from)}` : `:clock ${now()} :from ${str(from)} :signature NIL :id ${id}`
  const channel = (name: string) => (release ? `:channel ${str(name)}` : `:channel ${str(name)} :bridge NIL`)
  /** A frame and its id. */
  const frame = (text: (id: number) => string) => {
    const id = next++
    return { id, text: text(id) }
  }
  return {
    connect: (password?: string) =>
      frame((id) => {
        const pw = password === undefined ? "NIL" : str(password)
        const ext = list(CLIENT_EXTENSIONS)
        return release
          ? `(connect :password ${pw} :version "2.0" :extensions ${ext} ${tail(id)})`
          : `(lichat:connect :version "2.0" :password ${pw} :extensions ${ext} ${tail(id)})`
      }),
    register: (password: string) => frame((id) => `(${head("register")} :password ${str(password)} ${tail(id)})`),
    /** Only the release client sends it (master's Emotes needs a channel, so it throws). */
    emotes: () => frame((id) => `(emotes :names () ${tail(id)})`),
    create: (name: string) => frame((id) => `(${head("create")} :channel ${str(name)} ${tail(id)})`),
    join: (name: string) => frame((id) => `(${head("join")} ${channel(name)} ${tail(id)})`),
    leave: (name: string) => frame((id) => `(${head("leave")} ${channel(name)} ${tail(id)})`),
    message: (name: string, text: string) =>
      frame((id) =>
        release
          ? `(message :text ${str(text)} :channel ${str(name)} ${tail(id)})`
          : `(lichat:message :text ${str(text)} :reply-to NIL :link NIL ${channel(name)} ${tail(id)})`
      ),
    users: (name: string) =>
      frame((id) => `(${head("users")} :users ${release ? "()" : "NIL"} ${channel(name)} ${tail(id)})`),
    /** master's Channels re-declares `channel`, so it is printed twice (and required). */
    channels: (name: string) =>
      frame((id) =>
        release
          ? `(channels :channels () ${tail(id)})`
          : `(lichat:channels :channels NIL :channel ${str(name)} ${channel(name)} ${tail(id)})`
      ),
    /** master's Backfill unboxes `since`, so it is only sent with one. */
    backfill: (name: string) =>
      frame((id) => (release ? `(backfill ${channel(name)} ${tail(id)})` : `(shirakumo:backfill :since 0 ${channel(name)} ${tail(id)})`)),
    /** `:keys T`, as the client asks on joining; T is its own `t`. */
    channelInfo: (name: string) =>
      frame((id) => `(${head("channel-info", "shirakumo")} :keys ${release ? "t" : "lichat:t"} ${channel(name)} ${tail(id)})`),
    ping: () => frame((id) => `(${head("ping")} ${tail(id)})`),
    pong: () => frame((id) => `(${head("pong")} ${tail(id)})`),
    disconnect: () => frame((id) => `(${head("disconnect")} ${tail(id)})`)
  }
}

// ---- jLichat's Reader, re-typed ----

/** A symbol as jLichat reads it: upper-cased name, package name as written (`null`: uninterned). */
export interface JSym {
  readonly pkg: string | null
  readonly name: string
}
type JValue = string | number | bigint | null | JSym | ReadonlyArray<JValue>

const WHITESPACE = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
  0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0x180e, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff
])
/** What ends a token: only these, not tabs or newlines. */
const TOKEN_END = new Set([..."() \":.0123456789"])
const isDigit = (c: string) => c >= "0" && c <= "9"

/** Reads one object from `text` (UTF-16 units, as its InputStreamReader gives them), or throws as it would. */
const readObject = (text: string): JValue => {
  let pos = 0
  const peekNoError = () => (pos < text.length ? text[pos]! : undefined)
  const readNoError = () => (pos < text.length ? text[pos++]! : undefined)
  const read = () => {
    const c = readNoError()
    if (c === undefined) throw new Error("END-OF-STREAM")
    return c
  }
  const unread = () => void pos--
  const skipWhitespace = () => {
    while (pos < text.length && WHITESPACE.has(text.charCodeAt(pos))) pos++
    if (pos >= text.length) throw new Error("END-OF-STREAM")
  }
  const token = () => {
    let out = ""
    for (let c = readNoError(); c !== undefined; c = readNoError()) {
      if (c === "\\") out += read()
      else if (TOKEN_END.has(c)) {
        unread()
        break
      } else out += c.toUpperCase()
    }
    return out
  }
  const number = (): number | bigint => {
    let out = ""
    let point = false
    for (let c = readNoError(); c !== undefined; c = readNoError()) {
      if (c === "." && point) {
        unread()
        break
      }
      if (c === ".") point = true
      else if (!isDigit(c)) {
        unread()
        break
      }
      out += c
    }
    if (point) {
      if (!/\d/.test(out)) throw new Error(`NumberFormatException: ${out}`)
      return Number(out)
    }
    const n = BigInt(out)
    if (n > 0x7fff_ffff_ffff_ffffn) throw new Error(`NumberFormatException (Long): ${out}`)
    return n
  }
  const sexpr = (): JValue => {
    skipWhitespace()
    const c = read()
    if (c === "(") {
      const items: Array<JValue> = []
      skipWhitespace()
      while (peekNoError() !== ")") {
        items.push(sexpr())
        skipWhitespace()
      }
      read()
      return items.length === 0 ? null : items
    }
    if (c === ")") throw new Error("UnmatchedCloseParen")
    if (c === "\"") {
      let out = ""
      for (let d = read(); d !== "\""; d = read()) out += d === "\\" ? read() : d
      return out
    }
    if (c === "." || isDigit(c)) {
      unread()
      return number()
    }
    if (c === ":") return { pkg: "KEYWORD", name: token() }
    unread()
    const name = token()
    if (peekNoError() !== ":") return { pkg: "LICHAT-PROTOCOL", name }
    read()
    return name === "#" ? { pkg: null, name: token() } : { pkg: name, name: token() }
  }
  return sexpr()
}

/** The update classes the release client registers (CL.java); any other one throws NoSuchClass. */
const KNOWN_CLASSES = new Set([
  "already-in-channel", "backfill", "bad-content-type", "bad-name", "ban", "capabilities", "channel-update",
  "channel-info", "channelname-taken", "channels", "connect", "connection-unstable", "connection-lost", "create",
  "data", "deny", "destroy", "disconnect", "edit", "emote", "emotes", "failure", "grant", "incompatible-version",
  "insufficient-permissions", "invalid-password", "invalid-permissions", "invalid-update", "ip-ban", "ip-unban",
  "join", "kick", "kill", "leave", "malformed-update", "message", "no-such-channel", "no-such-profile",
  "no-such-user", "not-in-channel", "pause", "permissions", "ping", "pong", "pull", "quiet", "register",
  "server-info", "set-channel-info", "target-update", "text-update", "too-many-connections", "too-many-updates",
  "unban", "unquiet", "update", "update-failure", "update-too-long", "user-info", "username-mismatch",
  "username-taken", "users"
])
const FAILURES = new Set([
  "already-in-channel", "bad-content-type", "bad-name", "channelname-taken", "failure", "incompatible-version",
  "insufficient-permissions", "invalid-password", "invalid-permissions", "invalid-update", "malformed-update",
  "no-such-channel", "no-such-profile", "no-such-user", "not-in-channel", "too-many-connections",
  "too-many-updates", "update-failure", "update-too-long", "username-mismatch", "username-taken"
])
const CHANNEL_UPDATES = new Set(["join", "leave", "message", "users", "backfill", "set-channel-info", "create"])

/** A read update: its class and fields (lower-case keys, as jLichat's initargs). */
export interface JUpdate {
  readonly type: string
  readonly fields: Readonly<Record<string, JValue>>
}

const isSym = (v: JValue): v is JSym => v !== null && typeof v === "object" && !Array.isArray(v)
const isInteger = (v: JValue | undefined) => typeof v === "bigint"
const isNil = (v: JValue | undefined) => isSym(v!) && v.pkg === "LICHAT-PROTOCOL" && v.name === "NIL"

/** Throws on a symbol of a package jLichat does not have (`CL.findSymbol` gets no package: NullPointerException). */
const checkPackages = (v: JValue): void => {
  if (Array.isArray(v)) for (const item of v) checkPackages(item)
  else if (isSym(v) && v.pkg !== null && v.pkg !== "KEYWORD" && v.pkg !== "LICHAT-PROTOCOL") {
    throw new Error(`NullPointerException: no package ${v.pkg} (${v.pkg}:${v.name})`)
  }
}

/** One NUL-terminated frame read as jLichat's `fromWire` and update constructors would, or throws. */
export const readUpdate = (frame: string): JUpdate => {
  const value = readObject(frame)
  checkPackages(value)
  if (!Array.isArray(value)) throw new Error("not an update")
  const head = value[0]!
  if (!isSym(head)) throw new Error("MalformedWireObject: head")
  const fields: Record<string, JValue> = {}
  for (let i = 1; i < value.length; i += 2) {
    const key = value[i]!
    if (!isSym(key) || key.pkg !== "KEYWORD") throw new Error(`MalformedWireObject: key ${JSON.stringify(key)}`)
    if (i + 1 >= value.length) throw new Error("IndexOutOfBoundsException: key without value")
    fields[key.name.toLowerCase()] = value[i + 1]!
  }
  const type = head.name.toLowerCase()
  if (!KNOWN_CLASSES.has(type)) throw new Error(`NoSuchClass: ${type}`)
  if (!isInteger(fields["id"])) throw new Error("MissingArgument/ClassCast: id")
  if ("clock" in fields && !isInteger(fields["clock"])) throw new Error("ClassCastException: clock")
  if ("from" in fields && typeof fields["from"] !== "string" && !isNil(fields["from"])) throw new Error("ClassCastException: from")
  if (CHANNEL_UPDATES.has(type) && typeof fields["channel"] !== "string") throw new Error("MissingArgument: channel")
  if ((FAILURES.has(type) || type === "message") && typeof fields["text"] !== "string") throw new Error("MissingArgument: text")
  if (type === "connect") {
    const ext = fields["extensions"]
    if (typeof fields["version"] !== "string") throw new Error("MissingArgument: version")
    if (!Array.isArray(ext) || !ext.every((e) => typeof e === "string")) throw new Error("ClassCastException: extensions")
  }
  return { type, fields }
}

// ---- a jLichat user over raw TCP ----

export interface Peer {
  readonly name: string
  readonly dialect: Dialect
  readonly frames: ReturnType<typeof framesFor>
  readonly tcp: TcpClient.TcpClient
  /** Writes a frame as jLichat does: the text and its NUL in one write. */
  readonly send: (frame: { readonly text: string }) => Effect.Effect<void>
  /** Every frame the server sent, as jLichat read it. */
  readonly read: () => ReadonlyArray<JUpdate>
  /** Frames jLichat's reader would have thrown on (and lost the connection), with the reason. */
  readonly unreadable: () => ReadonlyArray<string>
}

/** Opens the socket and keeps every frame the server sends, read as jLichat reads it. */
export const open = (port: number, dialect: Dialect, name: string): Effect.Effect<Peer, Error, Scope.Scope> =>
  Effect.map(TcpClient.open({ port }), (tcp) => {
    const read: Array<JUpdate> = []
    const bad: Array<string> = []
    let partial = ""
    // Ahead of the inbox's listener, so a frame is read here before a waiting `expect` resumes.
    tcp.socket.prependListener("data", (chunk: Buffer) => {
      const pieces = (partial + chunk.toString("utf8")).split("\u0000")
      partial = pieces.pop()!
      for (const piece of pieces) {
        try {
          read.push(readUpdate(piece))
        } catch (error) {
          bad.push(`${String(error)}: ${piece}`)
        }
      }
    })
    return {
      name,
      dialect,
      frames: framesFor(dialect, name),
      tcp,
      send: (frame) => tcp.write(Buffer.from(`${frame.text}\u0000`, "utf8")),
      read: () => read.slice(),
      unreadable: () => bad.slice()
    }
  })
