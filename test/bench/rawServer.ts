/**
 * The baseline for `pnpm bench:load`: a minimal broadcast server written
 * directly on `ws`, with no Lichat logic beyond what the load driver needs
 * (the three handshake frames, rooms by name, message fan-out printed once,
 * ping). Usage: `node test/bench/rawServer.ts --port 0` prints
 * `listening <port>`.
 */
import { WebSocketServer, type WebSocket } from "ws"

const port = Number(process.argv[process.argv.indexOf("--port") + 1] ?? 0)
const rooms = new Map<string, Set<WebSocket>>()
const names = new WeakMap<WebSocket, string>()
let nextId = 1

const field = (text: string, key: string): string | undefined => {
  const match = new RegExp(`:${key} (?:"((?:[^"\\\\]|\\\\.)*)"|(\\S+?)(?=[ )]))`).exec(text)
  return match === null ? undefined : match[1] ?? match[2]
}

const broadcast = (room: Set<WebSocket>, frame: string) => {
  const bytes = Buffer.from(frame)
  for (const socket of room) socket.send(bytes, { binary: false })
}

const server = new WebSocketServer({ port, perMessageDeflate: false, handleProtocols: (p) => (p.has("lichat") ? "lichat" : false) })
server.on("connection", (socket) => {
  socket.on("message", (data) => {
    const text = data.toString()
    const type = /^\(\s*([\w:-]+)/.exec(text)?.[1]
    const id = field(text, "id") ?? "0"
    switch (type) {
      case "connect": {
        const name = field(text, "from") ?? `guest${nextId++}`
        names.set(socket, name)
        socket.send(`(connect :id ${id} :from "${name}" :version "2.0")\u0000`)
        socket.send(`(join :id ${nextId++} :from "${name}" :channel "raw")\u0000`)
        socket.send(`(message :id ${nextId++} :from "raw" :channel "raw" :text "Welcome")\u0000`)
        break
      }
      case "create":
      case "join": {
        const channel = field(text, "channel") ?? "room"
        let room = rooms.get(channel)
        if (room === undefined) rooms.set(channel, room = new Set())
        room.add(socket)
        broadcast(room, `(join :id ${id} :from "${names.get(socket)}" :channel "${channel}")\u0000`)
        break
      }
      case "message": {
        const channel = field(text, "channel") ?? ""
        const room = rooms.get(channel)
        if (room === undefined) break
        const body = field(text, "text") ?? ""
        broadcast(room, `(message :id ${id} :clock 0 :from "${names.get(socket)}" :channel "${channel}" :text "${body}")\u0000`)
        break
      }
      case "ping":
        socket.send(`(pong :id ${id})\u0000`)
        break
    }
  })
  socket.on("close", () => {
    for (const room of rooms.values()) room.delete(socket)
  })
})
server.on("listening", () => {
  const address = server.address()
  process.stdout.write(`listening ${typeof address === "object" && address !== null ? address.port : port}\n`)
})
