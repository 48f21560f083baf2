/**
 * The suite's handle on the bystander process (bystanderProcess.ts): starts
 * it against a server, announces the phases, and collects its figures.
 */
import * as ChildProcess from "node:child_process"
import * as Path from "node:path"
import { type BystanderFigures, type FromBystander, isFromBystander, type Phase, type ToBystander } from "./bystanderTypes.ts"

export interface Bystander {
  readonly phase: (phase: Phase) => void
  /** Stops the traffic and returns the figures (undefined when the process does not answer in time). */
  readonly finish: () => Promise<BystanderFigures | undefined>
  readonly kill: () => void
}

const READY_TIMEOUT_MS = 30_000
const FINISH_TIMEOUT_MS = 15_000

export const startBystander = (url: string, httpBase: string): Promise<Bystander> =>
  new Promise((resolve, reject) => {
    const child = ChildProcess.fork(Path.join(import.meta.dirname, "bystanderProcess.ts"), [url, httpBase], {
      execPath: process.execPath,
      execArgv: [],
      // Keeps NaN (a phase without messages) a number on the way.
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"]
    })
    const tell = (message: ToBystander) => {
      if (child.connected) child.send(message)
    }
    const waiters = new Set<(message: FromBystander) => void>()
    child.on("message", (message: unknown) => {
      if (isFromBystander(message)) for (const waiter of [...waiters]) waiter(message)
    })
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
    }
    const timer = setTimeout(() => {
      kill()
      reject(new Error(`the bystander was not ready within ${READY_TIMEOUT_MS} ms`))
    }, READY_TIMEOUT_MS)
    child.once("exit", (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`the bystander exited (${signal ?? code})`))
    })
    const starting = (message: FromBystander) => {
      if (message.kind === "figures") return
      waiters.delete(starting)
      clearTimeout(timer)
      if (message.kind === "failed") {
        kill()
        return reject(new Error(`bystander: ${message.reason}`))
      }
      resolve({
        phase: (phase) => tell({ kind: "phase", phase }),
        finish: () =>
          new Promise((done) => {
            const give = (figures: BystanderFigures | undefined) => {
              clearTimeout(late)
              waiters.delete(collect)
              done(figures)
            }
            const collect = (reply: FromBystander) => {
              if (reply.kind === "figures") give(reply.figures)
            }
            const late = setTimeout(() => give(undefined), FINISH_TIMEOUT_MS)
            waiters.add(collect)
            tell({ kind: "finish" })
          }),
        kill
      })
    }
    waiters.add(starting)
  })
