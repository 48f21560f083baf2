/**
 * A lean Lichat client for the load driver: raw `ws`, hand-written update
 * text, and counting instead of parsing, so that the driver spends as
 * little as possible of the machine it shares with the server.
 */
import WebSocket from "ws"

/** A connected, handshaken client. */
export interface BenchClient {
  readonly name: string
  readonly socket: WebSocket
  /** Sends one update. */
  send(text: string): void
  /** Called for every received frame (several updates may share one). */
  onFrame: (frame: string) => void
}

let nextId = 1
/** A fresh update id. */
export const id = (): number => nextId++

/** Opens a connection and completes the handshake (connect reply, join, welcome). */
export const connect = (url: string, name: string, password?: string): Promise<BenchClient> =>
  new Promise((resolve, reject) => {
    const socket = new WebSocket(url, "lichat", { perMessageDeflate: false })
    let seen = 0
    const client: BenchClient = {
      name,
      socket,
      send: (text) => socket.send(text),
      onFrame: () => {}
    }
    socket.on("message", (data) => {
      const frame = data.toString()
      if (seen < 3) {
        // connect, join, welcome message
        seen += frame.split("\u0000").filter((s) => s.length > 0).length
        if (seen >= 3) resolve(client)
        return
      }
      client.onFrame(frame)
    })
    const secret = password === undefined ? "" : ` :password "${password}"`
    socket.once("open", () => socket.send(`(connect :id ${id()} :version "2.0" :from "${name}"${secret} :extensions ())`))
    socket.once("error", reject)
  })

/**
 * Opens `count` clients with at most `parallel` handshakes in flight, named
 * `prefix0`, `prefix1`, … — or, with `users`, as that many registered users
 * (`prefix0`…) in turn, logging in with `password`.
 */
export const connectMany = async (
  url: string,
  prefix: string,
  count: number,
  parallel = 200,
  users?: { readonly count: number; readonly password: string }
): Promise<Array<BenchClient>> => {
  const clients: Array<BenchClient> = new Array(count)
  let next = 0
  const worker = async () => {
    while (next < count) {
      const i = next++
      clients[i] = users === undefined
        ? await connect(url, `${prefix}${i}`)
        : await connect(url, `${prefix}${i % users.count}`, users.password)
    }
  }
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker))
  return clients
}

/** Joins every client to `channel` (the first creates it) and waits until each saw its own join. */
export const joinAll = async (clients: ReadonlyArray<BenchClient>, channel: string): Promise<void> => {
  const join = (client: BenchClient, i: number) =>
    new Promise<void>((resolve) => {
      client.onFrame = (frame) => {
        if (frame.includes(`(join `) && frame.includes(`:from "${client.name}"`) && frame.includes(`"${channel}"`)) {
          client.onFrame = () => {}
          resolve()
        }
      }
      client.send(`(${i === 0 ? "create" : "join"} :id ${id()} :channel "${channel}")`)
    })
  if (clients.length === 0) return
  await join(clients[0]!, 0)
  await Promise.all(clients.slice(1).map((client, i) => join(client, i + 1)))
}

/** Closes every client. */
export const closeAll = (clients: ReadonlyArray<BenchClient>): void => {
  for (const client of clients) client.socket.terminate()
}

/** Counts `(message ` updates in a frame. */
export const countMessages = (frame: string): number => {
  let n = 0
  for (let i = frame.indexOf("(message "); i >= 0; i = frame.indexOf("(message ", i + 9)) n++
  return n
}
