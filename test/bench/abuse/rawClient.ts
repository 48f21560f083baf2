/**
 * A minimal Lichat client on the `ws` package for the abuse suite: frames
 * go out exactly as given (an attack decides what a frame holds), and what
 * comes back is split into updates, counted by class and kept (the most
 * recent ones, each cut to its first characters) for waiters to match.
 * Pings from the server are answered, so that a quiet client stays.
 */
import WebSocket from "ws"
import { toBuffer } from "../frames.ts"
import * as Sexpr from "./sexpr.ts"

/** One update received. */
export interface Received {
  /** Position among everything this client received, from 0. */
  readonly seq: number
  /** `performance.now()` when it arrived. */
  readonly at: number
  readonly type: string
  /** The first HEAD_CHARS characters of the update. */
  readonly head: string
  /** The whole update's length in characters. */
  readonly length: number
}

/** How the socket ended. */
interface Closed {
  readonly at: number
  readonly code: number
  readonly reason: string
}

interface WaitOptions {
  /** Only updates from this position on (`client.received` taken before sending). */
  readonly since?: number
  readonly timeoutMs: number
  readonly signal?: AbortSignal | undefined
}

export interface RawClient {
  readonly socket: WebSocket
  /** Sends one frame as it is. */
  readonly sendFrame: (frame: string | Buffer) => void
  /** Sends one update as one frame, with its NUL. */
  readonly send: (update: string) => void
  /** Updates received so far (the next one's `seq`). */
  readonly received: () => number
  /** Updates received, by class. */
  readonly counts: ReadonlyMap<string, number>
  /** When the latest update arrived (`performance.now()`), or when the socket opened. */
  readonly lastActivity: () => number
  /**
   * The first update from `since` on that `match` accepts; undefined after
   * the timeout, on abort, or when the socket closes first.
   */
  readonly waitFor: (match: (update: Received) => boolean, options: WaitOptions) => Promise<Received | undefined>
  /** Calls `listener` with every update from now on. */
  readonly listen: (listener: (update: Received) => void) => void
  /** Resolves when the socket has closed. */
  readonly closed: Promise<Closed>
  readonly closedNow: () => Closed | undefined
  /** Drops the connection at once. */
  readonly terminate: () => void
}

const HEAD_CHARS = 2000
/** Received updates kept for waiters that look back (older ones are only counted). */
const KEPT = 5000

/**
 * The address attackers connect from: another loopback address than the
 * bystander's and the real users' (127.0.0.1), as an attacker on the
 * Internet has another address than its victims, so that limits per
 * address are measured as they work, not as if everyone shared one.
 */
export const ATTACKER = "127.0.0.2"

/**
 * Opens a WebSocket (subprotocol `lichat`) from `localAddress` (the system's
 * choice by default); rejects when the upgrade fails or takes longer than `timeoutMs`.
 */
export const open = (url: string, timeoutMs = 10_000, localAddress?: string): Promise<RawClient> =>
  new Promise((resolve, reject) => {
    const socket = new WebSocket(url, "lichat", {
      perMessageDeflate: false,
      skipUTF8Validation: true,
      handshakeTimeout: timeoutMs,
      ...(localAddress === undefined ? {} : { localAddress })
    })
    const kept: Array<Received> = []
    const counts = new Map<string, number>()
    const waiters = new Set<(update: Received | undefined) => void>()
    const listeners: Array<(update: Received) => void> = []
    let received = 0
    let lastActivity = performance.now()
    let closedNow: Closed | undefined
    let closedResolve: (closed: Closed) => void = () => {}
    const closed = new Promise<Closed>((done) => (closedResolve = done))

    const client: RawClient = {
      socket,
      sendFrame: (frame) => {
        if (socket.readyState === WebSocket.OPEN) socket.send(frame)
      },
      send: (update) => client.sendFrame(update + Sexpr.END),
      received: () => received,
      counts,
      lastActivity: () => lastActivity,
      waitFor: (match, options) => {
        const since = options.since ?? 0
        const old = kept.find((update) => update.seq >= since && match(update))
        if (old !== undefined) return Promise.resolve(old)
        if (closedNow !== undefined || options.signal?.aborted === true) return Promise.resolve(undefined)
        return new Promise((done) => {
          const finish = (update: Received | undefined) => {
            clearTimeout(timer)
            options.signal?.removeEventListener("abort", abort)
            waiters.delete(waiter)
            done(update)
          }
          const waiter = (update: Received | undefined) => {
            if (update === undefined || match(update)) finish(update)
          }
          const abort = () => finish(undefined)
          const timer = setTimeout(abort, options.timeoutMs)
          options.signal?.addEventListener("abort", abort, { once: true })
          waiters.add(waiter)
        })
      },
      listen: (listener) => void listeners.push(listener),
      closed,
      closedNow: () => closedNow,
      terminate: () => socket.terminate()
    }

    const take = (text: string) => {
      const update: Received = { seq: received++, at: performance.now(), type: Sexpr.typeOf(text), head: text.slice(0, HEAD_CHARS), length: text.length }
      lastActivity = update.at
      counts.set(update.type, (counts.get(update.type) ?? 0) + 1)
      kept.push(update)
      if (kept.length > KEPT) kept.splice(0, kept.length - KEPT)
      if (update.type === "ping") client.send(`(pong :id ${Sexpr.integerField(text, "id") ?? Sexpr.freshId()} :clock 0)`)
      for (const listener of listeners) listener(update)
      for (const waiter of [...waiters]) waiter(update)
    }

    socket.on("message", (data) => {
      for (const text of toBuffer(data).toString("utf8").split(Sexpr.END)) {
        if (text.trim().length > 0) take(text)
      }
    })
    socket.once("open", () => {
      lastActivity = performance.now()
      resolve(client)
    })
    socket.on("error", (error) => reject(error))
    socket.once("unexpected-response", (_request, response) => {
      reject(new Error(`HTTP ${response.statusCode ?? "?"} instead of a WebSocket`))
      socket.terminate()
    })
    socket.once("close", (code, reason) => {
      closedNow = { at: performance.now(), code, reason: reason.toString("utf8") }
      closedResolve(closedNow)
      for (const waiter of [...waiters]) waiter(undefined)
      reject(new Error(`closed (${code}) before the upgrade`))
    })
  })

/** Whether `update` answers the request with `id`: it echoes the id (success) or names it as `:update-id` (failure). */
const answers = (update: Received, id: number): boolean =>
  Sexpr.integerField(update.head, "update-id") === id || Sexpr.integerField(update.head, "id") === id

/** Whether an answer is a failure (it names the request instead of echoing it). */
export const isFailure = (update: Received): boolean => Sexpr.integerField(update.head, "update-id") !== undefined

/** Sends the update `build(id)` makes and waits for its answer (undefined: none in time, or the socket closed). */
export const request = (
  client: RawClient,
  build: (id: number) => string,
  timeoutMs: number,
  signal?: AbortSignal
): Promise<Received | undefined> => {
  const id = Sexpr.freshId()
  const since = client.received()
  client.send(build(id))
  return client.waitFor((update) => answers(update, id), { since, timeoutMs, signal })
}

/** A login attempt: the first update the server answered `connect` with. */
export interface Login {
  /** Set when the server answered `connect` (the handshake went through). */
  readonly client: RawClient | undefined
  /** `connect`, the failure's class, `no answer`, `closed`, or the socket error. */
  readonly answer: string
  readonly ms: number
}

/** Opens a connection and sends `connect`; a refused or unanswered attempt leaves no socket open. */
export const login = async (
  url: string,
  name: string,
  password?: string,
  timeoutMs = 10_000,
  localAddress?: string
): Promise<Login> => {
  const start = performance.now()
  let client: RawClient
  try {
    client = await open(url, timeoutMs, localAddress)
  } catch (error) {
    return { client: undefined, answer: error instanceof Error ? error.message : String(error), ms: performance.now() - start }
  }
  const left = Math.max(1, timeoutMs - (performance.now() - start))
  client.send(Sexpr.connect(name, password))
  const reply = await client.waitFor(() => true, { since: 0, timeoutMs: left })
  const ms = performance.now() - start
  if (reply?.type === "connect") return { client, answer: "connect", ms }
  client.terminate()
  return { client: undefined, answer: reply?.type ?? (client.closedNow() === undefined ? "no answer" : "closed"), ms }
}

/** Logs in and fails loudly: for the suite's own users, which must get in. */
export const mustLogin = async (url: string, name: string, password?: string): Promise<RawClient> => {
  const attempt = await login(url, name, password, 30_000)
  if (attempt.client === undefined) throw new Error(`${name} could not log in: ${attempt.answer}`)
  return attempt.client
}

/** Creates (or joins) a channel and fails loudly unless the server answers `join`. */
export const mustEnter = async (client: RawClient, name: string, channel: string, how: "create" | "join"): Promise<void> => {
  const reply = await request(client, (id) => `(${how} :id ${id} :clock 0 :from ${Sexpr.str(name)} :channel ${Sexpr.str(channel)})`, 30_000)
  if (reply?.type !== "join") throw new Error(`${name} could not ${how} ${channel}: ${reply?.type ?? "no answer"}`)
}
