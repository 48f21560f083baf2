/**
 * Command line of the load driver and the sizes of each phase.
 *
 *   node test/bench/load.ts [--target raw|lichat|both] [--transport ws|tcp|both] [--store memory|sqlite|both] [--url ws://…] [--idle-max N] [--quick]
 *
 * The raw ws server speaks WebSocket only, so TCP runs against lichat only;
 * the transport is `both` by default when lichat is a target.
 */
import type { Transport } from "./endpoint.ts"
import { defaultIdleMax, idleLevels, TARGET_IDLE } from "./idleLevels.ts"
import type { Target } from "./serverProcess.ts"
import type { Subject } from "./subject.ts"

interface Scale {
  readonly setupConnections: number
  readonly fanoutSizes: ReadonlyArray<number>
  readonly fanoutSeconds: number
  readonly pacedClients: number
  /** Paced load before the measured rounds, not counted. */
  readonly pacedWarmupSeconds: number
  readonly pacedSeconds: number
  readonly pacedRounds: number
  readonly idleLevels: ReadonlyArray<number>
}

export interface Options {
  /** Each server and transport measured, raw ws first, then lichat over WebSocket, then over TCP. */
  readonly subjects: ReadonlyArray<Subject>
  /** An already-running server to drive instead of spawning one (no memory figures then). */
  readonly url: string | undefined
  readonly quick: boolean
  readonly scale: Scale
}

const full = {
  setupConnections: 1000,
  fanoutSizes: [10, 100, 1000],
  fanoutSeconds: 5,
  pacedClients: 1000,
  pacedWarmupSeconds: 3,
  pacedSeconds: 10,
  pacedRounds: 3,
  idleCap: TARGET_IDLE
}

const quick = {
  setupConnections: 200,
  fanoutSizes: [10, 100, 1000],
  fanoutSeconds: 2,
  pacedClients: 200,
  pacedWarmupSeconds: 1,
  pacedSeconds: 5,
  pacedRounds: 1,
  idleCap: 1000
}

const usage =
  "usage: node test/bench/load.ts [--target raw|lichat|both] [--transport ws|tcp|both] [--store memory|sqlite|both] [--url ws://…] [--idle-max N] [--quick]"
const FLAGS = ["--target", "--transport", "--store", "--url", "--idle-max", "--quick"]

const bad = (message: string) => new Error(`${message}\n${usage}`)

/** The transports for lichat; raw ws is always driven over WebSocket. */
const transportsOf = (target: Target | "both", given: string | undefined): ReadonlyArray<Transport> => {
  const transport = given ?? (target === "raw" ? "ws" : "both")
  if (transport !== "ws" && transport !== "tcp" && transport !== "both") throw bad(`bad --transport ${transport}`)
  if (target === "raw" && transport !== "ws") throw bad("the raw ws server speaks WebSocket only: --target raw takes --transport ws")
  if (target === "both" && transport === "tcp") throw bad("--target both compares lichat with raw ws over WebSocket: give --transport ws or both")
  return transport === "both" ? ["ws", "tcp"] : [transport]
}

/** A positive whole number, or undefined when the option is absent. */
const count = (name: string, text: string | undefined, present: boolean): number | undefined => {
  if (!present) return undefined
  const n = Number(text)
  if (!Number.isSafeInteger(n) || n < 1) throw bad(`bad --${name} ${text ?? ""}`)
  return n
}

export const parseOptions = (args: ReadonlyArray<string>): Options => {
  const value = (name: string): string | undefined => {
    const i = args.indexOf(`--${name}`)
    return i < 0 ? undefined : args[i + 1]
  }
  for (const arg of args) {
    if (arg.startsWith("--") && !FLAGS.includes(arg)) throw bad(`unknown option ${arg}`)
  }
  const url = value("url")
  const target = value("target") ?? (url === undefined ? "both" : "lichat")
  if (target !== "raw" && target !== "lichat" && target !== "both") throw bad(`bad --target ${target}`)
  if (target === "both" && url !== undefined) throw bad("--url drives one server: give --target raw or lichat")
  const transports = transportsOf(target, value("transport"))
  const idleMax = count("idle-max", value("idle-max"), args.includes("--idle-max"))
  const isQuick = args.includes("--quick")
  const { idleCap, ...sizes } = isQuick ? quick : full
  const subjects: Array<Subject> = target === "lichat" ? [] : [{ target: "raw", transport: "ws" }]
  // Our server in memory, and (over WebSocket, beside the in-memory run) storing in SQLite as `pnpm start` does.
  const store = value("store") ?? "memory"
  if (store !== "memory" && store !== "sqlite" && store !== "both") throw bad(`bad --store ${store}`)
  if (target !== "raw" && store !== "sqlite") {
    subjects.push(...transports.map((transport) => ({ target: "lichat" as const, transport })))
  }
  if (target !== "raw" && store !== "memory") {
    subjects.push(...transports.map((transport) => ({ target: "lichat" as const, transport, stored: true })))
  }
  return {
    subjects,
    url,
    quick: isQuick,
    scale: { ...sizes, idleLevels: idleLevels(idleMax ?? defaultIdleMax(idleCap)) }
  }
}
