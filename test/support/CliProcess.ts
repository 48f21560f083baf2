/**
 * The `lichat-server` command as a child process, from its TypeScript
 * sources, for tests: run to completion (with standard input), or started
 * as a server (waiting for the port it bound) and stopped with a signal.
 * Each runs in a working directory of its own unless given one, so that
 * the default data directory never lands in the checkout.
 */
import { Effect, type Scope } from "effect"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"

const bin = Path.resolve(import.meta.dirname, "../../packages/cli/src/bin.ts")

/** Node and the arguments that run the CLI from its sources. */
const cliCommand: ReadonlyArray<string> = [process.execPath, "--conditions=@lichat/source", bin]

/** A fresh temporary directory. */
export const tempDir = (prefix = "lichat-cli-"): string => Fs.mkdtempSync(Path.join(Os.tmpdir(), prefix))

/** What a finished run printed. */
export interface Finished {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs the CLI to completion, writing `input` to its standard input. */
export const run = (
  args: ReadonlyArray<string>,
  options: { readonly env?: Record<string, string>; readonly input?: string; readonly cwd?: string } = {}
): Effect.Effect<Finished> =>
  Effect.callback<Finished>((resume) => {
    const child = ChildProcess.spawn(cliCommand[0] ?? process.execPath, [...cliCommand.slice(1), ...args], {
      env: { ...process.env, ...options.env },
      cwd: options.cwd ?? tempDir()
    })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (d) => (stdout += d))
    child.stderr.on("data", (d) => (stderr += d))
    child.on("close", (code) => resume(Effect.succeed({ code, stdout, stderr })))
    child.stdin.end(options.input ?? "")
  })

/** A server started from the CLI. */
export interface Running {
  readonly child: ChildProcess.ChildProcess
  readonly port: number
  /** Everything it printed so far, standard output and error together. */
  readonly output: () => string
  /** What it printed on standard output so far. */
  readonly stdout: () => string
  /** Sends `signal` and waits for the exit code (`null` when killed by a signal). */
  readonly stop: (signal: NodeJS.Signals) => Effect.Effect<number | null>
}

/**
 * Starts the CLI as a server on 127.0.0.1 and a free port (`--port` in
 * `args` wins), under `ulimit -n openFiles` when given; killed with the
 * scope if still running.
 */
export const start = (
  args: ReadonlyArray<string>,
  options: {
    readonly env?: Record<string, string>
    readonly cwd?: string
    readonly openFiles?: number
    /** The listener to wait for and take the port of (`auto+tls`); by default the first. */
    readonly scheme?: string
  } = {}
): Effect.Effect<Running, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.callback<Running>((resume) => {
      const command = [...cliCommand, "--hostname", "127.0.0.1", "--port", "0", ...args]
      const spawnOptions = { env: { ...process.env, ...options.env }, cwd: options.cwd ?? tempDir() }
      const child = options.openFiles === undefined
        ? ChildProcess.spawn(command[0] ?? process.execPath, command.slice(1), spawnOptions)
        : ChildProcess.spawn("/bin/sh", ["-c", `ulimit -n ${options.openFiles} && exec "$0" "$@"`, ...command], spawnOptions)
      const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)))
      const scheme = options.scheme === undefined ? "[^ ]+" : `${options.scheme.replace("+", "\\+")}://[^ ]+`
      const listening = new RegExp(`listening on ${scheme}:(\\d+)`)
      let output = ""
      let stdout = ""
      let started = false
      const onData = (d: Buffer) => {
        output += d.toString()
        const match = listening.exec(output)
        if (match === null || started) return
        started = true
        resume(Effect.succeed({
          child,
          port: Number(match[1]),
          output: () => output,
          stdout: () => stdout,
          stop: (signal) =>
            Effect.promise(() => {
              child.kill(signal)
              return exited
            })
        }))
      }
      child.stdout.on("data", (d: Buffer) => {
        stdout += d.toString()
        onData(d)
      })
      child.stderr.on("data", onData)
      child.on("exit", (code) => {
        if (!started) resume(Effect.die(new Error(`lichat-server exited (${code}) before listening: ${output}`)))
      })
    }),
    ({ child }) => Effect.sync(() => child.exitCode === null && child.signalCode === null && child.kill("SIGKILL"))
  )
