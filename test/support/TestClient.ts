/**
 * A Lichat client for black-box tests: a real WebSocket (the `ws` package;
 * TcpClient.ts for raw TCP and TLS)
 * that prints updates with packages/core and reads what the server sends
 * back into typed updates. Everything received is kept in an inbox; `expect`
 * takes the first update matching a predicate, waiting for it if needed.
 */
import { Connect, decodeUpdate, printUpdate, readObject, splitFrame, type Update } from "@lichat/core"
import { Effect, Result, Scope } from "effect"
import WebSocket from "ws"
import * as Waiters from "./Waiters.ts"

/** How the socket closed. */
export interface Closed {
  readonly code: number
  readonly reason: string
}

/** What every test client can do, whatever its transport. */
export interface LichatClient {
  /** Sends an update (printed with core, NUL-terminated) or raw text as one frame (one write). */
  readonly send: (update: Update | string) => Effect.Effect<void>
  /** Takes the first received update with this tag (and matching `where`), waiting up to `timeout` ms. */
  readonly expect: <T extends Update["_tag"]>(
    tag: T,
    where?: (update: Extract<Update, { readonly _tag: T }>) => boolean,
    timeout?: number
  ) => Effect.Effect<Extract<Update, { readonly _tag: T }>>
  /** Waits `ms` and returns every update received and not yet taken. */
  readonly drain: (ms?: number) => Effect.Effect<ReadonlyArray<Update>>
  /** Everything received and not yet taken, without waiting. */
  readonly inbox: () => ReadonlyArray<Update>
  /** Texts the client could not read as updates. */
  readonly unreadable: () => ReadonlyArray<string>
  /** Resolves when the socket closes. */
  readonly closed: (timeout?: number) => Effect.Effect<Closed>
  /** Closes the socket from the client side. */
  readonly close: Effect.Effect<void>
  /** Stops reading from the socket (to act as a client that stopped reading). */
  readonly pause: () => void
}

/** A connected WebSocket test client. */
export interface TestClient extends LichatClient {
  /** Sends a binary frame. */
  readonly sendBinary: (bytes: Uint8Array) => Effect.Effect<void>
  /** The subprotocol the server selected ("" for none). */
  readonly protocol: () => string
  /** The raw socket. */
  readonly socket: WebSocket
}

/**
 * The receiving side every client shares: `take` reads a text of
 * NUL-terminated updates into the inbox; the rest is the client's API.
 */
export const receiving = () => {
  const received: Array<Update> = []
  const bad: Array<string> = []
  const waiters = Waiters.make()
  let closedWith: Closed | undefined
  const waitFor = <A>(check: () => A | undefined, timeout: number, what: string): Effect.Effect<A> =>
    waiters.waitFor(check, timeout, () => `${what}; inbox: ${received.map((u) => printUpdate(u)).join(" | ")}`)
  return {
    take: (text: string) => {
      for (const piece of splitFrame(text)) {
        const read = readObject(piece, { maxLength: 64 * 1024 * 1024 })
        const decoded = Result.isSuccess(read) ? decodeUpdate(read.success) : undefined
        if (decoded !== undefined && Result.isSuccess(decoded)) received.push(decoded.success)
        else bad.push(piece)
      }
      waiters.wake()
    },
    closedWith: (closed: Closed) => {
      closedWith ??= closed
      waiters.wake()
    },
    api: {
      expect: <T extends Update["_tag"]>(
        tag: T,
        where?: (update: Extract<Update, { readonly _tag: T }>) => boolean,
        timeout = 5_000
      ) =>
        waitFor<Extract<Update, { readonly _tag: T }>>(() => {
          const index = received.findIndex((u) => u._tag === tag && (where === undefined || where(u as never)))
          if (index < 0) return undefined
          return received.splice(index, 1)[0] as never
        }, timeout, tag),
      drain: (ms = 200) => Effect.sleep(ms).pipe(Effect.andThen(Effect.sync(() => received.splice(0, received.length)))),
      inbox: () => received.slice(),
      unreadable: () => bad.slice(),
      closed: (timeout = 5_000) => waitFor(() => closedWith, timeout, "close")
    }
  }
}

// Test ids start far above the ids the server hands out, so they never collide.
let nextId = 1_000_000
/** A fresh update id for tests. */
export const id = (): number => nextId++

/** Opens a WebSocket to `url`; closed with the scope. */
export const open = (
  url: string,
  options: {
    readonly protocols?: ReadonlyArray<string>
    readonly headers?: Record<string, string>
    /** The certificate to trust, for wss:// to a test server. */
    readonly ca?: string
  } = {}
): Effect.Effect<TestClient, Error, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.callback<TestClient, Error>((resume) => {
      const socket = new WebSocket(url, options.protocols === undefined ? [] : [...options.protocols], {
        headers: options.headers ?? {},
        ...(options.ca === undefined ? {} : { ca: options.ca })
      })
      const inbox = receiving()
      socket.on("message", (data, isBinary) => {
        if (isBinary) return
        inbox.take(Array.isArray(data) ? Buffer.concat(data).toString() : data.toString())
      })
      socket.on("close", (code, reason) => inbox.closedWith({ code, reason: reason.toString() }))
      socket.on("error", () => {})

      const client: TestClient = {
        ...inbox.api,
        socket,
        send: (update) =>
          Effect.sync(() => socket.send(typeof update === "string" ? update : printUpdate(update) + "\u0000")),
        sendBinary: (bytes) => Effect.sync(() => socket.send(bytes, { binary: true })),
        close: Effect.sync(() => socket.close()),
        pause: () => socket.pause(),
        protocol: () => socket.protocol
      }
      socket.once("open", () => resume(Effect.succeed(client)))
      socket.once("unexpected-response", (_req, res) => resume(Effect.fail(new Error(`HTTP ${res.statusCode}`))))
      socket.once("error", (error) => resume(Effect.fail(error)))
    }),
    (client) => Effect.sync(() => client.socket.terminate())
  )

/**
 * Opens a WebSocket and completes the handshake as `name` (a random guest
 * name when omitted): waits for the `connect` reply, the first `join` and
 * the welcome message, which it takes from the inbox.
 */
export const login = (
  url: string,
  name?: string,
  options: { readonly password?: string; readonly extensions?: ReadonlyArray<string> } = {}
): Effect.Effect<TestClient & { readonly name: string; readonly extensions: ReadonlyArray<string> }, Error, Scope.Scope> =>
  Effect.flatMap(open(url, { protocols: ["lichat"] }), (client) => handshake(client, name, options))

/**
 * Completes the handshake on an open client as `name` (a random guest name
 * when omitted): waits for the `connect` reply, the first `join` and the
 * welcome message, which it takes from the inbox.
 */
export const handshake = <C extends LichatClient>(
  client: C,
  name?: string,
  options: { readonly password?: string; readonly extensions?: ReadonlyArray<string> } = {}
): Effect.Effect<C & { readonly name: string; readonly extensions: ReadonlyArray<string> }> =>
  Effect.gen(function*() {
    yield* client.send(
      new Connect({
        id: id(),
        clock: 0,
        version: "2.0",
        extensions: options.extensions ?? [],
        ...(name === undefined ? {} : { from: name }),
        ...(options.password === undefined ? {} : { password: options.password })
      })
    )
    const reply = yield* client.expect("connect")
    yield* client.expect("join")
    yield* client.expect("message")
    return Object.assign(client, { name: reply.from ?? "", extensions: reply.extensions })
  })
