/**
 * Embedding the Lichat server in an Effect application: the server Layer
 * composed with the application's own configuration source and logger,
 * started on a free port, visited by a client built from @lichat/core, and
 * stopped — all in one scope.
 *
 *   node --conditions=@lichat/source examples/embed.ts
 */
import { NodeRuntime } from "@effect/platform-node"
import {
  Connect,
  Create,
  decodeUpdate,
  Message,
  printUpdate,
  readObject,
  splitFrame,
  type Update
} from "@lichat/core"
import { LichatServer, MemoryStore, ProfileStore, ServerConfig } from "@lichat/server"
import { ConfigProvider, Effect, Layer, Logger, Result } from "effect"
import WebSocket from "ws"

// The application's own configuration source: values it got from anywhere,
// read through the same LICHAT_* names the server reads from the environment.
const configuration = ConfigProvider.layer(ConfigProvider.fromUnknown({
  LICHAT_NAME: "Embedded",
  LICHAT_HOSTNAME: "127.0.0.1",
  LICHAT_PORT: "0"
}))

// The application's own logger: one line per entry, with a prefix.
const logger = Logger.layer([
  Logger.make(({ logLevel, message }) => {
    process.stdout.write(`[app] ${logLevel}: ${Array.isArray(message) ? message.join(" ") : String(message)}\n`)
  })
])

// Storage chosen by the application: here everything in memory (the
// server's own choice from its options would be StoreFromConfig.layerWithProfiles).
const server = LichatServer.layer.pipe(
  Layer.provide(ServerConfig.layerFromEnv),
  Layer.provide(ProfileStore.layerMemory),
  Layer.provide(MemoryStore.layer),
  Layer.provide(configuration)
)

/** A tiny client: sends updates, waits for the first one matching a test. */
const client = (url: string) =>
  Effect.acquireRelease(
    Effect.callback<{
      readonly send: (update: Update) => void
      readonly next: (test: (u: Update) => boolean) => Effect.Effect<Update>
    }>((resume) => {
      const socket = new WebSocket(url, "lichat")
      const inbox: Array<Update> = []
      const waiting = new Set<() => void>()
      socket.on("message", (data) => {
        for (const text of splitFrame(data.toString())) {
          const read = readObject(text)
          const decoded = Result.isSuccess(read) ? decodeUpdate(read.success) : undefined
          if (decoded !== undefined && Result.isSuccess(decoded)) inbox.push(decoded.success)
        }
        for (const wake of Array.from(waiting)) wake()
      })
      socket.once("open", () =>
        resume(Effect.succeed({
          send: (update) => socket.send(printUpdate(update)),
          next: (test) =>
            Effect.callback<Update>((done) => {
              const check = () => {
                const index = inbox.findIndex(test)
                if (index < 0) return
                waiting.delete(check)
                done(Effect.succeed(inbox.splice(index, 1)[0]!))
              }
              waiting.add(check)
              check()
            })
        })))
      return Effect.sync(() => socket.terminate())
    }),
    () => Effect.void
  )

const program = Effect.gen(function*() {
  const { address } = yield* LichatServer
  yield* Effect.logInfo(`the server is up on port ${address.port}`)
  const ana = yield* client(`ws://127.0.0.1:${address.port}/`)
  ana.send(new Connect({ id: 1, version: "2.0", from: "ana", extensions: [] }))
  yield* ana.next((u) => u._tag === "connect")
  ana.send(new Create({ id: 2, channel: "garden" }))
  yield* ana.next((u) => u._tag === "join" && u.id === 2)
  ana.send(new Message({ id: 3, channel: "garden", text: "Hello from an embedded server" }))
  const echo = yield* ana.next((u) => u._tag === "message" && u.id === 3)
  yield* Effect.logInfo(`ana received her own message back: ${(echo as Message).text}`)
})

program.pipe(
  Effect.scoped,
  Effect.provide(server),
  Effect.provide(logger),
  Effect.andThen(Effect.sync(() => process.stdout.write("[app] stopped cleanly\n"))),
  NodeRuntime.runMain
)
