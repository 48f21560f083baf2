/**
 * One attack against a fresh server process: start the server and the
 * bystander, let the attack set up, measure a BASELINE_MS baseline, strike
 * (cut at the cap), let it settle for SETTLE_MS, read memory RSS_SETTLE_MS
 * later, then stop the server (SIGTERM, timed) whatever happened.
 */
import { sleep } from "../sleep.ts"
import type { Attack, AttackContext, Outcome, Strike } from "./attack.ts"
import { type Bystander, startBystander } from "./bystander.ts"
import type { BystanderFigures } from "./bystanderTypes.ts"
import { type CliServer, startServer, type Stopped } from "./cliServer.ts"
import { type Health, health } from "./http.ts"
import { type ProcSample, sample, samplePeak } from "./procSampler.ts"
import type { RawClient } from "./rawClient.ts"

/** Flags every server gets: a flood window wide enough for carl's 20 messages a second (600 per 30 s window). */
const SUITE_FLAGS: Readonly<Record<string, string>> = { "flood-limit": "1000" }

const BASELINE_MS = 2_000
const SETTLE_MS = 3_000
/** After the settle, memory is read this much later: V8 gives memory back some seconds after the allocation stops. */
const RSS_SETTLE_MS = 10_000
const SETUP_TIMEOUT_MS = 60_000
/** How long a strike may take to return after its cap aborted it. */
const ABORT_GRACE_MS = 5_000

export interface RunOptions {
  readonly root: string
  readonly scale: number
  readonly capMs: number
}

export interface AttackResult {
  readonly name: string
  readonly description: string
  readonly flags: ReadonlyArray<string>
  readonly outcome: Outcome | undefined
  /** Why the run failed (server or bystander did not start, setup failed, …). */
  readonly error: string | undefined
  /** Whether the cap cut the strike. */
  readonly capped: boolean
  readonly capMs: number
  readonly strikeMs: number
  readonly bystander: BystanderFigures | undefined
  readonly proc: { readonly before: ProcSample | undefined; readonly peak: ProcSample | undefined; readonly after: ProcSample | undefined }
  /** /healthz after the settle. */
  readonly healthAfter: Health | undefined
  readonly server: {
    readonly stop: Stopped | undefined
    /** How the server process ended before it was stopped, if it did. */
    readonly diedDuringRun: string | undefined
    readonly logLines: number
    readonly errorLines: number
    readonly firstError: string | undefined
  }
}

const flagsOf = (attack: Attack): Array<string> =>
  Object.entries({ ...SUITE_FLAGS, ...attack.flags }).flatMap(([flag, value]) => [`--${flag}`, value])

const message = (error: unknown) => (error instanceof Error ? error.message : String(error))

const within = <A>(promise: Promise<A>, timeoutMs: number, what: string): Promise<A> =>
  Promise.race([promise, sleep(timeoutMs).then(() => Promise.reject(new Error(`${what} took more than ${timeoutMs} ms`)))])

export const runAttack = async (attack: Attack, options: RunOptions): Promise<AttackResult> => {
  const flags = flagsOf(attack)
  const capMs = attack.capMs ?? options.capMs
  let server: CliServer | undefined
  let bystander: Bystander | undefined
  let outcome: Outcome | undefined
  let error: string | undefined
  let capped = false
  let strikeMs = Number.NaN
  let figures: BystanderFigures | undefined
  let before: ProcSample | undefined
  let after: ProcSample | undefined
  let peak: ProcSample | undefined
  let healthAfter: Health | undefined
  const tracked = new Set<RawClient>()
  try {
    server = await startServer(options.root, flags)
    const { pid } = server
    bystander = await startBystander(server.url, server.httpBase)
    const controller = new AbortController()
    let strikeStart = performance.now()
    const context: AttackContext = {
      url: server.url,
      httpBase: server.httpBase,
      pid,
      scale: options.scale,
      signal: controller.signal,
      capMs,
      elapsed: () => performance.now() - strikeStart,
      track: (client) => (tracked.add(client), client)
    }
    const strike: Strike = await within(attack.setup(context), SETUP_TIMEOUT_MS, "the setup")

    bystander.phase("baseline")
    await sleep(BASELINE_MS)
    before = sample(pid)
    const sampler = samplePeak(pid)

    bystander.phase("attack")
    strikeStart = performance.now()
    const cap = setTimeout(() => controller.abort(), capMs)
    const striking = strike(context)
    striking.catch(() => {})
    const cut = new Promise<undefined>((done) =>
      controller.signal.addEventListener("abort", () => setTimeout(() => done(undefined), ABORT_GRACE_MS), { once: true })
    )
    try {
      outcome = await Promise.race([striking, cut])
    } catch (failure) {
      error = `the strike failed: ${message(failure)}`
    }
    capped = controller.signal.aborted
    strikeMs = context.elapsed()
    clearTimeout(cap)
    // Whatever the strike still waits for ends here.
    controller.abort()
    for (const client of tracked) client.terminate()

    bystander.phase("settle")
    await sleep(SETTLE_MS)
    figures = await bystander.finish()
    peak = sampler.stop()
    await sleep(RSS_SETTLE_MS)
    after = sample(pid)
    healthAfter = await health(server.httpBase, 5_000)
  } catch (failure) {
    error = message(failure)
  }
  for (const client of tracked) client.terminate()
  bystander?.kill()
  const exit = server?.exit()
  const stop: Stopped | undefined = await server?.stop()
  return {
    name: attack.name,
    description: attack.description,
    flags,
    outcome,
    error,
    capped,
    capMs,
    strikeMs,
    bystander: figures,
    proc: { before, peak, after },
    healthAfter,
    server: {
      stop,
      diedDuringRun: exit === undefined ? undefined : `exited (${exit.signal ?? exit.code}) before the stop`,
      logLines: server?.logLines() ?? 0,
      errorLines: server?.errorLines() ?? 0,
      firstError: server?.firstError()
    }
  }
}
