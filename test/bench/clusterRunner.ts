/**
 * The `lichat-server` command as a child process for `pnpm bench:cluster`:
 * started from its TypeScript sources as the command starts (node's
 * startup flags, `--conditions=@lichat/source`), on 127.0.0.1 and a free
 * port, in a temporary working directory of its own, with the limits
 * raised for load; ready when it logs `listening on scheme://host:port`.
 * Either a plain server (`--memory`) or one runner of a cluster
 * (`--cluster URL --runner-address 127.0.0.1:PORT`).
 *
 * Every runner started here is killed when the driver exits, however it
 * exits, so that a failed run leaves no server behind.
 */

import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { RuntimeTuning } from "@lichat/server"
import { freePort } from "../support/Postgres.ts"
import type { Endpoint } from "./endpoint.ts"

const BIN = Path.resolve(import.meta.dirname, "../../packages/cli/src/bin.ts")
const START_TIMEOUT_MS = 60_000
/** Lines of output kept for error messages, and shown. */
const TAIL_LINES = 60
const SHOWN_LINES = 12
/** Connections and handshakes allowed: far more than the bench opens. */
const LIMIT = "20000"

/**
 * The limits a load needs raised (the defaults are for people: 40 updates
 * per flood window, 8 handshakes per address, …). The log stays at `info`:
 * the `listening on` line is an info line.
 */
const LOAD_OPTIONS: ReadonlyArray<string> = [
  "--name", "bench",
  "--flood-limit", "1000000",
  "--connection-limit", LIMIT,
  "--connections-per-user", LIMIT,
  "--handshake-limit", LIMIT,
  "--handshakes-per-address", LIMIT,
  "--channels-per-user", "1000",
  "--channel-creations", "100000",
  "--log-level", "info"
]

export interface Runner extends Endpoint {
  /** `single`, `runner 1`, … */
  readonly name: string
  readonly pid: number
  readonly port: number
  readonly alive: () => boolean
  /** SIGKILL, and waits until it is gone. */
  readonly kill: () => Promise<void>
  /** Kills it if still running and removes its working directory. */
  readonly stop: () => Promise<void>
}

/** Children not stopped yet, with their working directories: killed and removed when the driver exits. */
const children = new Map<ChildProcess.ChildProcess, string>()
process.once("exit", () => {
  for (const [child, cwd] of children) {
    child.kill("SIGKILL")
    Fs.rmSync(cwd, { recursive: true, force: true })
  }
})

/** The arguments of a cluster runner on `database`. */
export const clusterArgs = async (database: string): Promise<ReadonlyArray<string>> => [
  "--cluster", database,
  "--runner-address", `127.0.0.1:${await freePort()}`
]

/** The arguments of a plain server keeping everything in memory. */
export const singleArgs: ReadonlyArray<string> = ["--memory"]

const LISTENING = /listening on [a-z+]+:\/\/(?:\[[^\]]*\]|[^\s:/]+):(\d+)/

/** Starts `lichat-server` with `args` and waits for its `listening on` line. */
export const startRunner = async (name: string, args: ReadonlyArray<string>): Promise<Runner> => {
  const port = await freePort()
  const cwd = Fs.mkdtempSync(Path.join(Os.tmpdir(), "lichat-bench-runner-"))
  const command = [...RuntimeTuning.startupFlags, "--conditions=@lichat/source", BIN, "--hostname", "127.0.0.1", "--port", String(port), ...LOAD_OPTIONS, ...args]
  const child = ChildProcess.spawn(process.execPath, command, { cwd, stdio: ["ignore", "pipe", "pipe"] })
  children.set(child, cwd)
  const tail: Array<string> = []
  const keep = (text: string) => {
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue
      tail.push(line.trim())
      if (tail.length > TAIL_LINES) tail.shift()
    }
  }
  // A command-line error comes after the help text: from its ERRORS heading on.
  const lastOutput = () => {
    const errors = tail.lastIndexOf("ERRORS")
    return (errors >= 0 ? tail.slice(errors + 1) : tail).slice(-SHOWN_LINES).join(" | ")
  }
  const exited = new Promise<void>((done) => child.once("exit", () => done()))
  let killed = false
  const alive = () => child.exitCode === null && child.signalCode === null
  const kill = async () => {
    killed = true
    if (alive()) child.kill("SIGKILL")
    await exited
  }
  const stop = async () => {
    await kill()
    children.delete(child)
    Fs.rmSync(cwd, { recursive: true, force: true })
  }
  child.stderr.setEncoding("utf8")
  child.stderr.on("data", keep)
  child.stdout.setEncoding("utf8")
  return new Promise<Runner>((resolve, reject) => {
    let output = ""
    let ready = false
    const fail = (reason: string) => {
      clearTimeout(timer)
      void stop().then(() => reject(new Error(`${name}: ${reason}${tail.length === 0 ? "" : `; its last output: ${lastOutput()}`}`)))
    }
    const timer = setTimeout(() => fail(`no "listening on" line within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS)
    // Later output (the log) is only kept as a tail, so that the pipe never fills.
    child.stdout.on("data", (chunk: string) => {
      keep(chunk)
      if (ready) return
      output += chunk
      const listening = LISTENING.exec(output)?.[1]
      if (listening === undefined || child.pid === undefined) return
      ready = true
      clearTimeout(timer)
      const bound = Number(listening)
      resolve({ name, url: `ws://127.0.0.1:${bound}/`, transport: "ws", pid: child.pid, port: bound, alive, kill, stop })
    })
    child.once("exit", (code, signal) => {
      if (!ready) return fail(`exited (${signal ?? code}) before listening`)
      if (!killed) process.stderr.write(`${name} exited (${signal ?? code}) unexpectedly; its last output: ${lastOutput()}\n`)
    })
  })
}

/** Starts runners one after the other (the first of a cluster sets up its database); stops them all if one fails. */
export const startRunners = async (names: ReadonlyArray<string>, args: () => Promise<ReadonlyArray<string>>): Promise<Array<Runner>> => {
  const runners: Array<Runner> = []
  try {
    for (const name of names) runners.push(await startRunner(name, await args()))
    return runners
  } catch (error) {
    await stopAll(runners)
    throw error
  }
}

/** Stops every runner, whatever state it is in. */
export const stopAll = async (runners: ReadonlyArray<Runner>): Promise<void> => {
  await Promise.all(runners.map((runner) => runner.stop()))
}
