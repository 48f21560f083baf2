/**
 * The server under attack: the `lichat-server` command of a checkout
 * (`<root>/packages/cli/src/bin.ts` on that checkout's own Node) as a child
 * process on 127.0.0.1 and a free port, found in its log line `listening on
 * 127.0.0.1:<port>` (stdout or stderr). Its output is read throughout (so
 * that the pipes never fill) and only counted, with the last lines kept.
 * Stopping sends SIGTERM and, after STOP_GRACE_MS, SIGKILL.
 */
import * as ChildProcess from "node:child_process"
import * as Path from "node:path"
import * as Readline from "node:readline"

export interface Stopped {
  /** Milliseconds from SIGTERM to exit (STOP_GRACE_MS plus the kill's when it was killed). */
  readonly sigtermMs: number
  /** Whether SIGTERM was not enough and SIGKILL ended it. */
  readonly killed: boolean
  /** Whether it had exited on its own before the stop. */
  readonly exitedBefore: boolean
  readonly code: number | null
  readonly signal: string | null
}

export interface CliServer {
  readonly pid: number
  readonly port: number
  readonly url: string
  readonly httpBase: string
  /** Set once the process has exited. */
  readonly exit: () => { readonly code: number | null; readonly signal: string | null } | undefined
  /** Log lines so far, and those that report an error. */
  readonly logLines: () => number
  readonly errorLines: () => number
  /** The first error line logged, if any. */
  readonly firstError: () => string | undefined
  readonly tail: () => ReadonlyArray<string>
  readonly stop: () => Promise<Stopped>
}

const START_TIMEOUT_MS = 60_000
const STOP_GRACE_MS = 5_000
const TAIL_LINES = 20
// Older checkouts (--root) log the bare address; this one the listener's scheme first.
const LISTENING = /listening on (?:[a-z+]+:\/\/)?127\.0\.0\.1:(\d+)/
const ERROR_LINE = /\b(ERROR|FATAL)\b|Error:|^\s+at /

/** Starts `<root>`'s server with `flags` added to the fixed ones. */
export const startServer = (root: string, flags: ReadonlyArray<string>): Promise<CliServer> =>
  new Promise((resolve, reject) => {
    const node = Path.join(root, "node_modules", ".bin", "node")
    const bin = Path.join(root, "packages", "cli", "src", "bin.ts")
    const args = ["--max-semi-space-size=8", bin, "--hostname", "127.0.0.1", "--port", "0", ...flags]
    const child = ChildProcess.spawn(node, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] })
    let exit: { code: number | null; signal: string | null } | undefined
    const exited = new Promise<void>((done) =>
      child.once("exit", (code, signal) => {
        exit = { code, signal }
        done()
      })
    )
    // Read through a function: set in a callback, which the compiler's narrowing does not see.
    const exitNow = () => exit
    const tail: Array<string> = []
    let lines = 0
    let errors = 0
    let firstError: string | undefined
    let port: number | undefined

    const stop = async (): Promise<Stopped> => {
      if (exit !== undefined) return { sigtermMs: 0, killed: false, exitedBefore: true, ...exit }
      const start = performance.now()
      child.kill("SIGTERM")
      const inTime = await Promise.race([exited.then(() => true), new Promise<boolean>((done) => setTimeout(() => done(false), STOP_GRACE_MS))])
      if (!inTime) child.kill("SIGKILL")
      await exited
      const ended = exitNow()
      return { sigtermMs: performance.now() - start, killed: !inTime, exitedBefore: false, code: ended?.code ?? null, signal: ended?.signal ?? null }
    }

    const timer = setTimeout(() => {
      void stop()
      reject(new Error(`the server did not log "listening on 127.0.0.1:<port>" within ${START_TIMEOUT_MS} ms; last lines:\n${tail.join("\n")}`))
    }, START_TIMEOUT_MS)

    const read = (line: string) => {
      lines++
      if (ERROR_LINE.test(line)) {
        errors++
        firstError ??= line.slice(0, 300)
      }
      tail.push(line.slice(0, 500))
      if (tail.length > TAIL_LINES) tail.shift()
      const found = port === undefined ? LISTENING.exec(line)?.[1] : undefined
      if (found === undefined || child.pid === undefined) return
      port = Number(found)
      clearTimeout(timer)
      resolve({
        pid: child.pid,
        port,
        url: `ws://127.0.0.1:${port}/`,
        httpBase: `http://127.0.0.1:${port}`,
        exit: () => exit,
        logLines: () => lines,
        errorLines: () => errors,
        firstError: () => firstError,
        tail: () => [...tail],
        stop
      })
    }
    for (const stream of [child.stdout, child.stderr]) Readline.createInterface({ input: stream, crlfDelay: Infinity }).on("line", read)
    child.once("error", (error) => {
      clearTimeout(timer)
      reject(error)
    })
    void exited.then(() => {
      clearTimeout(timer)
      if (port === undefined) reject(new Error(`the server exited (${exit?.signal ?? exit?.code}) before listening; last lines:\n${tail.join("\n")}`))
    })
  })
