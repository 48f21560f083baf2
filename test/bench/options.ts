/**
 * Command line of the load driver and the sizes of each phase.
 *
 *   node test/bench/load.ts [--target raw|lichat|both] [--url ws://…] [--quick]
 */
import type { Target } from "./serverProcess.ts"

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
  readonly targets: ReadonlyArray<Target>
  /** An already-running server to drive instead of spawning one (no memory figures then). */
  readonly url: string | undefined
  readonly quick: boolean
  readonly scale: Scale
}

const full: Scale = {
  setupConnections: 1000,
  fanoutSizes: [10, 100, 1000],
  fanoutSeconds: 5,
  pacedClients: 1000,
  pacedWarmupSeconds: 3,
  pacedSeconds: 10,
  pacedRounds: 3,
  idleLevels: [1000, 10_000]
}

const quick: Scale = {
  setupConnections: 200,
  fanoutSizes: [10, 100, 1000],
  fanoutSeconds: 2,
  pacedClients: 200,
  pacedWarmupSeconds: 1,
  pacedSeconds: 5,
  pacedRounds: 1,
  idleLevels: [1000]
}

const usage = "usage: node test/bench/load.ts [--target raw|lichat|both] [--url ws://…] [--quick]"

export const parseOptions = (args: ReadonlyArray<string>): Options => {
  const value = (name: string): string | undefined => {
    const i = args.indexOf(`--${name}`)
    return i < 0 ? undefined : args[i + 1]
  }
  for (const arg of args) {
    if (arg.startsWith("--") && !["--target", "--url", "--quick"].includes(arg)) throw new Error(`unknown option ${arg}\n${usage}`)
  }
  const url = value("url")
  const target = value("target") ?? (url === undefined ? "both" : "lichat")
  if (target !== "raw" && target !== "lichat" && target !== "both") throw new Error(`bad --target ${target}\n${usage}`)
  if (target === "both" && url !== undefined) throw new Error(`--url drives one server: give --target raw or lichat\n${usage}`)
  const isQuick = args.includes("--quick")
  return {
    targets: target === "both" ? ["raw", "lichat"] : [target],
    url,
    quick: isQuick,
    scale: isQuick ? quick : full
  }
}
