/**
 * A throwaway PostgreSQL server for tests: `initdb` into a fresh temporary
 * directory, `pg_ctl start` on a free port of 127.0.0.1 (trust
 * authentication, `fsync` off), and at the end `pg_ctl stop -m immediate`
 * and the directory removed. As root (CI, containers) the server programs
 * run as the `postgres` user, which refuses nothing: PostgreSQL itself will
 * not run as root.
 *
 * The programs are looked for in `$LICHAT_PG_BIN`, the newest
 * `/usr/lib/postgresql/N/bin` (Debian's `postgresql` package), then `PATH`.
 * Without them the layer fails, and so do the tests that need it: they are
 * never skipped (CI installs the package, see .ci/run).
 *
 * `TestPostgres.layer` starts one server for the tests of a `layer(...)`
 * block (lazily, at its first test); `createDatabase` gives each test an
 * empty database of its own, and `psql` runs SQL as the superuser (the
 * tests need no PostgreSQL client library of their own).
 */
import { execFile, execFileSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Net from "node:net"
import * as Os from "node:os"
import * as Path from "node:path"
import { Context, Effect, Layer, type Scope } from "effect"

/** A running test server. */
export interface TestPostgresService {
  /** Its `postgres` database: `postgres://postgres@127.0.0.1:PORT/postgres`. */
  readonly url: string
  readonly port: number
  /** The URL of one of its databases. */
  readonly urlOf: (database: string) => string
  /** A new, empty database (`lichat_N`); its URL. */
  readonly createDatabase: Effect.Effect<string>
  /**
   * Runs SQL with `psql` in `database` (`postgres` when omitted), stopping at
   * the first error (a defect); what it prints, unaligned, tuples only.
   */
  readonly psql: (sql: string, database?: string) => Effect.Effect<string>
}

const exec = (file: string, args: ReadonlyArray<string>): Promise<string> =>
  new Promise((resolve, reject) =>
    execFile(file, [...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error === null) resolve(stdout)
      else reject(new Error(`${Path.basename(file)} ${args.join(" ")}: ${stderr.trim() || error.message}`))
    })
  )

const isFile = (path: string) => {
  try {
    return Fs.statSync(path).isFile()
  } catch {
    return false
  }
}

/** The directory holding `initdb` and `pg_ctl`, or `undefined`. */
const findBin = (): string | undefined => {
  const fromEnv = process.env["LICHAT_PG_BIN"]
  if (fromEnv !== undefined && fromEnv !== "") return isFile(Path.join(fromEnv, "initdb")) ? fromEnv : undefined
  const debian = "/usr/lib/postgresql"
  const versions = Fs.existsSync(debian)
    ? Fs.readdirSync(debian).filter((v) => isFile(Path.join(debian, v, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a))
    : []
  if (versions[0] !== undefined) return Path.join(debian, versions[0], "bin")
  for (const dir of (process.env["PATH"] ?? "").split(Path.delimiter)) {
    if (dir !== "" && isFile(Path.join(dir, "initdb")) && isFile(Path.join(dir, "pg_ctl"))) return dir
  }
  return undefined
}

const MISSING = "PostgreSQL server programs (initdb, pg_ctl) not found in $LICHAT_PG_BIN, /usr/lib/postgresql/*/bin or PATH: " +
  "install them (Debian: apt-get install -y postgresql, as .ci/run does) to run the PostgreSQL store tests"

/**
 * On a fresh Debian machine where we are root (as CI and a newcomer's
 * sandbox are), installs Debian's `postgresql` once, so that `pnpm test`
 * passes on a fresh clone; test files asking at once wait on one lock.
 */
const installed = async (): Promise<string | undefined> => {
  if (!asRoot || !isFile("/usr/bin/apt-get") || !isFile("/usr/bin/flock")) return undefined
  const script = "export DEBIAN_FRONTEND=noninteractive; ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || " +
    "{ apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql; }"
  try {
    await exec("flock", ["/tmp/lichat-postgresql-install.lock", "sh", "-c", script])
  } catch {
    return undefined
  }
  return findBin()
}

/** A port of 127.0.0.1 free just now. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = Net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })

const asRoot = process.getuid?.() === 0

/** Runs a server program, as the `postgres` user when we are root. */
const command = (bin: string, program: string, args: ReadonlyArray<string>): readonly [string, ReadonlyArray<string>] =>
  asRoot ? ["runuser", ["-u", "postgres", "--", Path.join(bin, program), ...args]] : [Path.join(bin, program), args]

const tail = (file: string) => {
  try {
    return Fs.readFileSync(file, "utf8").trim().split("\n").slice(-5).join(" | ")
  } catch {
    return ""
  }
}

/** Starts a server; stops it, and removes its directory, when the scope closes. */
const start: Effect.Effect<TestPostgresService, Error, Scope.Scope> = Effect.acquireRelease(
  Effect.tryPromise({
    try: async () => {
      const bin = findBin() ?? (await installed())
      if (bin === undefined) throw new Error(MISSING)
      const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "lichat-pg-"))
      const data = Path.join(dir, "data")
      const log = Path.join(dir, "server.log")
      try {
        if (asRoot) {
          const ids = execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim()
          const gid = execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim()
          Fs.chownSync(dir, Number(ids), Number(gid))
        }
        const [initdb, initArgs] = command(bin, "initdb", ["-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync", "-D", data])
        await exec(initdb, initArgs)
        let lastError: unknown
        for (let attempt = 0; attempt < 3; attempt++) {
          const port = await freePort()
          const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`
          const [pgCtl, startArgs] = command(bin, "pg_ctl", ["-D", data, "-l", log, "-o", options, "-w", "-t", "60", "start"])
          try {
            await exec(pgCtl, startArgs)
            return { bin, dir, data, port }
          } catch (error) {
            lastError = error
          }
        }
        throw new Error(`${lastError instanceof Error ? lastError.message : String(lastError)}; server log: ${tail(log)}`)
      } catch (error) {
        Fs.rmSync(dir, { recursive: true, force: true })
        throw error
      }
    },
    catch: (error) => error instanceof Error ? error : new Error(String(error))
  }).pipe(
    Effect.map((server) => {
      // A run that ends without closing the scope (a crash, ^C) still stops the server.
      const stop = () => {
        try {
          const [pgCtl, stopArgs] = command(server.bin, "pg_ctl", ["-D", server.data, "-m", "immediate", "-w", "stop"])
          execFileSync(pgCtl, [...stopArgs], { stdio: "ignore" })
        } catch {
          // already stopped
        }
        Fs.rmSync(server.dir, { recursive: true, force: true })
      }
      process.once("exit", stop)
      return { ...server, stop }
    })
  ),
  (server) =>
    Effect.sync(() => {
      process.removeListener("exit", server.stop)
      server.stop()
    })
).pipe(Effect.map(({ bin, port }) => {
  const urlOf = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`
  const psqlBin = isFile(Path.join(bin, "psql")) ? Path.join(bin, "psql") : "psql"
  const psql = (sql: string, database = "postgres") =>
    Effect.promise(() => exec(psqlBin, ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", urlOf(database), "-c", sql]))
  let databases = 0
  return {
    url: urlOf("postgres"),
    port,
    urlOf,
    psql,
    createDatabase: Effect.suspend(() => {
      const name = `lichat_${++databases}`
      return Effect.as(psql(`CREATE DATABASE ${name}`), urlOf(name))
    })
  }
}))

/** One test server for the tests of a `layer(TestPostgres.layer)` block. */
export class TestPostgres extends Context.Service<TestPostgres, TestPostgresService>()("test/TestPostgres") {
  static readonly layer: Layer.Layer<TestPostgres, Error> = Layer.effect(TestPostgres, start)
}
