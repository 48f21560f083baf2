/**
 * A WebSocket link on raw `ws`: one update per text frame as it was given,
 * no compression, no UTF-8 validation of what comes back.
 */
import WebSocket from "ws"
import { toBuffer } from "./frames.ts"
import type { Link, LinkEvents } from "./link.ts"

/** Opens a `lichat` WebSocket to `url`, from `localAddress` when given. */
export const openWs = (url: string, localAddress: string | undefined, events: LinkEvents): Link => {
  const socket = new WebSocket(url, "lichat", { perMessageDeflate: false, skipUTF8Validation: true, localAddress })
  socket.on("message", (data) => events.received(toBuffer(data)))
  socket.once("open", events.opened)
  socket.once("error", (error) => events.failed(error.message))
  socket.once("close", events.closed)
  return { send: (update) => socket.send(update), close: () => socket.terminate() }
}
