/**
 * The baseline for `pnpm bench:load`: a minimal broadcast server written
 * directly on `ws`, with no Lichat logic, speaking just enough of the
 * update text for the load driver: the three handshake frames on
 * `connect`, rooms by channel name (`create` and `join` echo the join to
 * the room), `message` sent to every room member, `ping` answered.
 * Usage: `node test/bench/rawServer.ts --port 0` prints `listening <port>`.
 */
import { type WebSocket, WebSocketServer } from "ws"

const port = Number(process.argv[process.argv.indexOf("--port") + 1] ?? 0)
const NAME = "raw"

const TYPE = /^\(\s*([\w-]+)/
const ID = /:id (\d+)/
const FROM = /:from "([^"]*)"/
const CHANNEL = /:channel "([^"]*)"/
const TEXT = /:text "((?:[^"\\]|\\.)*)"/

const rooms = new Map<string, Set<WebSocket>>()
const names = new WeakMap<WebSocket, string>()
const memberships = new WeakMap<WebSocket, Set<string>>()
let guests = 0

/** One frame to every member, encoded once. */
const broadcast = (room: Set<WebSocket>, update: string) => {
  const bytes = Buffer.from(update)
  for (const member of room) member.send(bytes, { binary: false })
}

const enter = (socket: WebSocket, channel: string, id: string) => {
  let room = rooms.get(channel)
  if (room === undefined) rooms.set(channel, (room = new Set()))
  room.add(socket)
  memberships.get(socket)?.add(channel)
  broadcast(room, `(join :id ${id} :clock 0 :from "${names.get(socket)}" :channel "${channel}")\u0000`)
}

const handle = (socket: WebSocket, update: string) => {
  const type = TYPE.exec(update)?.[1]
  const id = ID.exec(update)?.[1] ?? "0"
  switch (type) {
    case "connect": {
      const name = FROM.exec(update)?.[1] ?? `guest${++guests}`
      names.set(socket, name)
      memberships.set(socket, new Set())
      socket.send(`(connect :id ${id} :clock 0 :from "${name}" :version "2.0")\u0000`)
      socket.send(`(join :id ${id} :clock 0 :from "${name}" :channel "${NAME}")\u0000`)
      socket.send(`(message :id ${id} :clock 0 :from "${NAME}" :channel "${NAME}" :text "Welcome")\u0000`)
      return
    }
    case "create":
    case "join": {
      const channel = CHANNEL.exec(update)?.[1]
      if (channel !== undefined) enter(socket, channel, id)
      return
    }
    case "message": {
      const channel = CHANNEL.exec(update)?.[1] ?? ""
      const room = rooms.get(channel)
      if (room === undefined) return
      const text = TEXT.exec(update)?.[1] ?? ""
      broadcast(room, `(message :id ${id} :clock 0 :from "${names.get(socket)}" :channel "${channel}" :text "${text}")\u0000`)
      return
    }
    case "ping":
      socket.send(`(pong :id ${id} :clock 0 :from "${NAME}")\u0000`)
      return
  }
}

const server = new WebSocketServer({
  host: "127.0.0.1",
  port,
  perMessageDeflate: false,
  handleProtocols: (protocols) => (protocols.has("lichat") ? "lichat" : false)
})
server.on("connection", (socket) => {
  socket.on("message", (data) => {
    for (const update of data.toString().split("\u0000")) if (update.length > 0) handle(socket, update)
  })
  socket.on("close", () => {
    for (const channel of memberships.get(socket) ?? []) rooms.get(channel)?.delete(socket)
  })
})
server.on("listening", () => {
  const address = server.address()
  process.stdout.write(`listening ${typeof address === "object" && address !== null ? address.port : port}\n`)
})
