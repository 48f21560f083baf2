/**
 * A stand-in for the lichat-js web client on a real WebSocket: it sends the
 * exact frames lichat-js prints (in one of its three dialects) and reads
 * what the server sends the way lichat-js reads it (LichatJsReader), so a
 * frame that client could not read fails the test.
 *
 * The dialects, from the client's own printers:
 * - "2.0": the 2.0 branch and current master: lower case, no package,
 *   every slot of the class printed, unset ones as NIL;
 * - "master": master at the spec-generated printer: the same, with
 *   extension classes written `shirakumo:name` and text updates carrying
 *   `:markup NIL`;
 * - "upper": master before that: upper case, no package, unset slots left out.
 * Frames are written in the 2.0 form and turned into the others here.
 */
import { Effect, type Scope } from "effect"
import WebSocket from "ws"
import { type JsUpdate, type JsValue, readFrame } from "./LichatJsReader.ts"
import * as Waiters from "./Waiters.ts"

export type Dialect = "2.0" | "master" | "upper"
export const DIALECTS: ReadonlyArray<Dialect> = ["2.0", "master", "upper"]

/** The extension classes lichat-js defines in the shirakumo package (printed `shirakumo:` by the "master" dialect). */
const EXTENSION_CLASSES = new Set([
  "backfill", "data", "emotes", "emote", "edit", "channel-info", "set-channel-info", "kill", "destroy", "ban",
  "unban", "blacklist", "pause", "quiet", "unquiet", "quieted", "ip-ban", "ip-unban", "ip-blacklist", "bridge",
  "set-user-info", "search", "block", "unblock", "blocked", "react", "last-read", "typing"
])
const TEXT_UPDATES = new Set(["message", "edit", "set-channel-info", "set-user-info"])

/** Splits wire text into string literals (kept) and the text between them. */
const mapOutsideStrings = (frame: string, f: (code: string) => string): string =>
  frame.split(/("(?:[^"\\]|\\.)*")/s).map((part, i) => (i % 2 === 1 ? part : f(part))).join("")

/** A frame written in the 2.0 dialect, as the given dialect prints it. */
const inDialect = (dialect: Dialect, frame: string): string => {
  if (dialect === "2.0") return frame
  const head = /^\(([a-z-]+)/.exec(frame)![1]!
  if (dialect === "master") {
    const qualified = EXTENSION_CLASSES.has(head) ? `shirakumo:${head}` : head
    return `(${qualified}${TEXT_UPDATES.has(head) ? " :markup NIL" : ""}${frame.slice(head.length + 1)}`
  }
  // Upper case outside strings; unset slots (`:key NIL`) dropped.
  return mapOutsideStrings(frame, (code) => code.replace(/ :[a-z-]+ NIL(?=[ )])/g, "").toUpperCase())
}

/** A received frame as lichat-js read it. */
export interface Received extends JsUpdate {
  readonly text: string
}

export interface Peer {
  readonly name: string
  readonly dialect: Dialect
  /** The extensions the server's connect reply listed. */
  readonly extensions: ReadonlyArray<string>
  /** Sends a frame written in the 2.0 dialect, printed in this peer's dialect, NUL-terminated. */
  readonly send: (frame: string) => Effect.Effect<void>
  /** Takes the first received update of this class (and matching `where`), waiting up to 5 s. */
  readonly expect: (type: string, where?: (u: Received) => boolean) => Effect.Effect<Received>
  /** Waits `ms`, then returns what was received and not taken. */
  readonly drain: (ms?: number) => Effect.Effect<ReadonlyArray<Received>>
  /** Frames lichat-js could not have read, with the reason. */
  readonly unreadable: () => ReadonlyArray<string>
}

let nextId = 5_000_000
/** A fresh update id. */
export const id = (): number => nextId++

/** lichat-js's `connect :extensions` (its typo `shirakmuo-history` included). */
const CLIENT_EXTENSIONS = [
  "shirakumo-data", "shirakumo-backfill", "shirakumo-emotes", "shirakumo-channel-info", "shirakumo-quiet",
  "shirakumo-pause", "shirakumo-server-management", "shirakumo-ip", "shirakumo-user-info", "shirakumo-icon",
  "shirakumo-bridge", "shirakumo-block", "shirakumo-reactions", "shirakumo-link", "shirakumo-typing",
  "shirakmuo-history"
]

const printList = (items: ReadonlyArray<string>) => `(${items.map((e) => JSON.stringify(e)).join(" ")})`

/** Symbol or list values as text, for messages. */
export const show = (value: JsValue | undefined): string =>
  value === undefined ? "undefined" : value === null ? "NIL" : value === true ? "T" : Array.isArray(value)
  ? `(${value.map(show).join(" ")})`
  : typeof value === "object" ? `${(value as { pkg: string }).pkg}:${(value as { name: string }).name}` : JSON.stringify(value)

/** lichat-js's connect frame (2.0 dialect). */
const connectFrame = (connectId: number, name: string, password: string | undefined): string =>
  `(connect :signature NIL :otp-token NIL :id ${connectId} :clock 3900000000 :from ${JSON.stringify(name)} :extensions ${
    printList(CLIENT_EXTENSIONS)
  } :version "2.0" :password ${password === undefined ? "NIL" : JSON.stringify(password)})`

/** What a refused connect left lichat-js with: the frames it read, those it could not, and the connect's id. */
export interface Refusal {
  readonly connectId: number
  readonly received: ReadonlyArray<Received>
  readonly unreadable: ReadonlyArray<string>
}

/** Keeps each frame as lichat-js 2.0 reads it, or, when it cannot, why. */
const keepFrame = (received: Array<Received>, bad: Array<string>) => (data: WebSocket.RawData): void => {
  const text = data.toString()
  try {
    received.push({ ...readFrame(text), text })
  } catch (error) {
    bad.push(`${String(error)}: ${text}`)
  }
}

/**
 * Connects as lichat-js does and waits for the server to close the socket
 * (a refused handshake), returning every frame it sent as lichat-js read it.
 */
export const attempt = (url: string, dialect: Dialect, name: string, password?: string): Effect.Effect<Refusal, Error> =>
  Effect.callback<Refusal, Error>((resume) => {
    const connectId = id()
    const received: Array<Received> = []
    const bad: Array<string> = []
    const socket = new WebSocket(url, ["lichat"])
    socket.once("open", () => socket.send(inDialect(dialect, connectFrame(connectId, name, password)) + "\u0000"))
    socket.on("message", keepFrame(received, bad))
    socket.once("close", () => resume(Effect.succeed({ connectId, received, unreadable: bad })))
    socket.once("error", (error) => resume(Effect.fail(error)))
    const timer = setTimeout(() => {
      socket.terminate()
      resume(Effect.fail(new Error(`${name}'s connect was not refused within 5 s`)))
    }, 5_000)
    socket.once("close", () => clearTimeout(timer))
  })

/**
 * Connects as lichat-js does on opening its socket (subprotocol `lichat`,
 * then its connect frame) and waits for the connect reply, the primary
 * channel's join and the welcome message.
 */
export const connect = (
  url: string,
  dialect: Dialect,
  name: string,
  password?: string
): Effect.Effect<Peer, Error, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.callback<WebSocket, Error>((resume) => {
      const socket = new WebSocket(url, ["lichat"])
      socket.once("open", () => resume(Effect.succeed(socket)))
      socket.once("error", (error) => resume(Effect.fail(error)))
    }),
    (socket) => Effect.sync(() => socket.terminate())
  ).pipe(
    Effect.flatMap((socket) =>
      Effect.gen(function*() {
        const received: Array<Received> = []
        const bad: Array<string> = []
        const waiters = Waiters.make()
        const keep = keepFrame(received, bad)
        socket.on("message", (data) => {
          keep(data)
          waiters.wake()
        })
        const expect = (type: string, where?: (u: Received) => boolean) =>
          waiters.waitFor(
            () => {
              const index = received.findIndex((u) => u.type === type && (where === undefined || where(u)))
              return index < 0 ? undefined : received.splice(index, 1)[0]!
            },
            5_000,
            () => `${type}; received: ${received.map((u) => u.text).join(" | ")}; unreadable: ${bad.join(" | ")}`
          )
        const send = (frame: string) => Effect.sync(() => socket.send(inDialect(dialect, frame) + "\u0000"))
        yield* send(connectFrame(id(), name, password))
        const reply = yield* expect("connect")
        yield* expect("join")
        yield* expect("message")
        const extensions = (reply.fields["extensions"] as ReadonlyArray<JsValue>).filter((e): e is string => typeof e === "string")
        const peer: Peer = {
          name,
          dialect,
          extensions,
          send,
          expect,
          drain: (ms = 200) => Effect.sleep(ms).pipe(Effect.andThen(Effect.sync(() => received.splice(0, received.length)))),
          unreadable: () => bad.slice()
        }
        return peer
      })
    )
  )
