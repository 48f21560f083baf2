/**
 * The build as it is deployed: `pnpm run build`, then `pnpm --filter
 * @lichat/cli deploy --prod` into a fresh directory, from which plain node
 * (no `--conditions`, type stripping off) runs `dist/bin.js`: the workspace
 * packages resolve to their JavaScript, the server takes a Lichat
 * connection over raw TCP and exits 0 on SIGTERM.
 */
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Net from "node:net"
import * as Os from "node:os"
import * as Path from "node:path"
import { promisify } from "node:util"
import { afterAll, assert, describe, it } from "vitest"

const execFile = promisify(ChildProcess.execFile)
const root = Path.resolve(import.meta.dirname, "../..")
const deployed = Fs.mkdtempSync(Path.join(Os.tmpdir(), "lichat-deploy-"))

// The test run gives every node process the sources' condition (vitest.config.ts): not these.
const env: NodeJS.ProcessEnv = { ...process.env }
delete env["NODE_OPTIONS"]

/** Runs a command in the checkout to completion; its output in the failure. */
const run = async (file: string, args: ReadonlyArray<string>, cwd = root) => {
  try {
    return await execFile(file, args, { cwd, env, maxBuffer: 16 * 1024 * 1024 })
  } catch (error) {
    const { stdout, stderr } = error as { readonly stdout?: string; readonly stderr?: string }
    throw new Error(`${file} ${args.join(" ")} failed:\n${stdout ?? ""}${stderr ?? ""}`, { cause: error })
  }
}

/** Starts the deployed server and waits for the port it says it listens on. */
const start = (child: ChildProcess.ChildProcess) =>
  new Promise<number>((resolve, reject) => {
    let output = ""
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 30_000)
    const onData = (data: Buffer) => {
      output += data.toString()
      const match = /listening on [a-z+]+:\/\/[^ ]+:(\d+)/.exec(output)
      if (match !== null) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    }
    child.stdout?.on("data", onData)
    child.stderr?.on("data", onData)
    child.once("exit", (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`the server exited (${code ?? signal}) before listening:\n${output}`))
    })
  })

/** Sends a Lichat `connect` over raw TCP and resolves with the server's first update. */
const handshake = (port: number) =>
  new Promise<string>((resolve, reject) => {
    const socket = Net.connect({ host: "127.0.0.1", port })
    let received = ""
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`no reply to connect: ${JSON.stringify(received)}`))
    }, 10_000)
    socket.once("connect", () => socket.write(`(connect :id 1 :from "ana" :version "2.0")\u0000`))
    socket.on("data", (data: Buffer) => {
      received += data.toString("utf8")
      const end = received.indexOf("\u0000")
      if (end >= 0) {
        clearTimeout(timer)
        socket.end()
        resolve(received.slice(0, end))
      }
    })
    socket.once("error", (error) => {
      clearTimeout(timer)
      reject(error)
    })
  })

afterAll(() => Fs.rmSync(deployed, { recursive: true, force: true }))

describe("the deployed build", () => {
  it("runs from a pnpm deploy on plain node", { timeout: 240_000 }, async () => {
    await run("pnpm", ["run", "build"])
    // The store has every package after pnpm install: the registry only for what it lacks.
    await run("pnpm", ["--filter", "@lichat/cli", "deploy", "--prod", "--prefer-offline", deployed])

    // The bin is executable JavaScript and runs as a command (on this node, first on PATH).
    const bin = Path.join(deployed, "dist/bin.js")
    assert.match(Fs.readFileSync(bin, "utf8"), /^#!\/usr\/bin\/env (-S )?node[ \n]/)
    Fs.accessSync(bin, Fs.constants.X_OK)
    const path = [Path.dirname(process.execPath), env["PATH"]].filter(Boolean).join(Path.delimiter)
    const version = await execFile(bin, ["--version"], { cwd: deployed, env: { ...env, PATH: path } })
    assert.match(version.stdout, /^lichat-server v\d/)

    // Plain node resolves the workspace packages, as deployed, to their built JavaScript.
    const resolve = "for (const s of ['@lichat/core', '@lichat/server']) process.stdout.write(import.meta.resolve(s) + '\\n')"
    const resolved = await run(process.execPath, ["--input-type=module", "--eval", resolve], deployed)
    const files = resolved.stdout.trim().split("\n").map((url) => new URL(url).pathname)
    assert.lengthOf(files, 2)
    for (const file of files) {
      assert.match(file, /\/dist\/index\.js$/)
      assert.isTrue(Fs.existsSync(file), file)
      assert.isTrue(Fs.realpathSync(file).startsWith(Fs.realpathSync(deployed) + Path.sep), `${file} is outside the deploy`)
    }

    // Type stripping off: loading any .ts file would fail.
    const server = ChildProcess.spawn(
      process.execPath,
      ["--no-experimental-strip-types", bin, "--port", "0", "--hostname", "127.0.0.1", "--memory"],
      { cwd: deployed, env, stdio: ["ignore", "pipe", "pipe"] }
    )
    const exited = new Promise<number | string | null>((resolve) => server.once("exit", (code, signal) => resolve(code ?? signal)))
    try {
      const port = await start(server)
      const reply = await handshake(port)
      assert.match(reply, /^\((lichat:)?connect\b/i, reply)
    } finally {
      server.kill("SIGTERM")
    }
    let timer: NodeJS.Timeout | undefined
    const stopped = await Promise.race([exited, new Promise<string>((resolve) => (timer = setTimeout(resolve, 15_000, "still running")))])
    clearTimeout(timer)
    if (stopped === "still running") server.kill("SIGKILL")
    assert.strictEqual(stopped, 0, "exit code after SIGTERM")
  })
})
