/**
 * The server under test as a child process (rawServer.ts or
 * lichatServer.ts, started with `--port 0`; ready when it prints
 * `listening <port>`), or an already-running server given by URL; either
 * driven over one transport (our server serves WebSocket and raw TCP on the
 * same port, the raw ws one WebSocket only).
 */
import { RuntimeTuning } from "@lichat/server"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import type { Endpoint, Transport } from "./endpoint.ts"

export type Target = "raw" | "lichat"

export interface ServerUnderTest extends Endpoint {
  /** The child's process id; undefined for a server the driver did not start. */
  readonly pid: number | undefined
  readonly stop: () => Promise<void>
}

const START_TIMEOUT_MS = 60_000

/** Starts the server for `target` (ours storing in a fresh data directory when `stored`) and waits until it listens. */
export const spawnServer = (target: Target, stored = false): Promise<ServerUnderTest> =>
  new Promise((resolve, reject) => {
    const script = Path.join(import.meta.dirname, target === "raw" ? "rawServer.ts" : "lichatServer.ts")
    // Our server starts as the lichat-server command does; the raw one as a plain node program.
    const flags = target === "lichat" ? RuntimeTuning.startupFlags : []
    const dataDir = stored ? Fs.mkdtempSync(Path.join(Os.tmpdir(), "lichat-bench-")) : undefined
    const store = dataDir === undefined ? [] : ["--data-dir", dataDir]
    const child = ChildProcess.spawn(process.execPath, [...flags, script, "--port", "0", ...store], {
      stdio: ["ignore", "pipe", "inherit"]
    })
    const exited = new Promise<void>((done) => child.once("exit", () => done()))
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
      await exited
      if (dataDir !== undefined) Fs.rmSync(dataDir, { recursive: true, force: true })
    }
    const timer = setTimeout(() => {
      void stop()
      reject(new Error(`${target} server did not print "listening <port>" within ${START_TIMEOUT_MS} ms`))
    }, START_TIMEOUT_MS)
    let output = ""
    let ready = false
    child.stdout.setEncoding("utf8")
    // Later output (logs) is read and dropped, so that the pipe never fills.
    child.stdout.on("data", (chunk: string) => {
      if (ready) return
      output += chunk
      const port = /listening (\d+)/.exec(output)?.[1]
      if (port === undefined || child.pid === undefined) return
      ready = true
      clearTimeout(timer)
      resolve({ url: `ws://127.0.0.1:${port}/`, transport: "ws", pid: child.pid, stop })
    })
    child.once("exit", (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`${target} server exited (${signal ?? code}) before listening`))
    })
  })

/** A server someone else started. */
export const externalServer = (url: string): ServerUnderTest => ({ url, transport: "ws", pid: undefined, stop: async () => {} })

/** The same server, its clients connecting over `transport`. */
export const over = (server: ServerUnderTest, transport: Transport): ServerUnderTest => ({ ...server, transport })
