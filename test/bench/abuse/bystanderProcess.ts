/**
 * The bystander, in its own process so that the attacker's work in the
 * suite's process does not show up as delay: `bob` and `carl` in channel
 * `calm`, carl sending a message every MESSAGE_MS and bob timing each
 * arrival, and a /healthz probe every PROBE_MS (one at a time). Each figure
 * is tagged with the phase the suite announced when it was taken; on
 * `finish` carl stops, late messages get FINISH_GRACE_MS to arrive, and the
 * figures are sent back.
 *
 *   node bystanderProcess.ts <ws url> <http base>   (forked by bystander.ts)
 */
import { percentile } from "../percentile.ts"
import { sleep } from "../sleep.ts"
import {
  type BystanderFigures,
  type FromBystander,
  HEALTHZ_TIMEOUT_MS,
  isToBystander,
  MESSAGE_MS,
  type Phase,
  type PhaseFigures,
  PHASES,
  PROBE_MS
} from "./bystanderTypes.ts"
import { get } from "./http.ts"
import { mustEnter, mustLogin, type RawClient } from "./rawClient.ts"
import * as Sexpr from "./sexpr.ts"

const FINISH_GRACE_MS = 2_000
const CHANNEL = "calm"

const [url, httpBase] = process.argv.slice(2)
const say = (message: FromBystander) => process.send?.(message)
// The suite is gone: so is the bystander.
process.on("disconnect", () => process.exit(0))

let phase: Phase = "setup"
let phaseStart = performance.now()

interface Sent {
  readonly phase: Phase
  readonly at: number
  delay: number | undefined
}
const sent: Array<Sent> = []
const probes: Array<{ readonly phase: Phase; readonly ms: number; readonly outcome: "ok" | "timeout" | "error" }> = []
let bobClosed: string | undefined
let carlClosed: string | undefined
let running = true

const closedNote = () => `${phase} +${Math.round(performance.now() - phaseStart)} ms`

const figuresOf = (phases: ReadonlyArray<Phase>): PhaseFigures => {
  const messages = sent.filter((m) => phases.includes(m.phase))
  const delays = Float64Array.from(messages.flatMap((m) => (m.delay === undefined ? [] : [m.delay]))).sort()
  const checks = probes.filter((p) => phases.includes(p.phase))
  const times = Float64Array.from(checks.map((p) => p.ms)).sort()
  return {
    sent: messages.length,
    received: delays.length,
    lost: messages.length - delays.length,
    delayP50: percentile(delays, 50),
    delayP99: percentile(delays, 99),
    delayMax: delays.length === 0 ? Number.NaN : delays[delays.length - 1]!,
    probes: checks.length,
    healthzP50: percentile(times, 50),
    healthzMax: times.length === 0 ? Number.NaN : times[times.length - 1]!,
    healthzTimeouts: checks.filter((p) => p.outcome === "timeout").length,
    healthzErrors: checks.filter((p) => p.outcome === "error").length
  }
}

const figures = (): BystanderFigures => {
  const phases = Object.fromEntries(PHASES.map((p) => [p, figuresOf([p])])) as Record<Phase, PhaseFigures>
  return { phases, underAttack: figuresOf(["attack", "settle"]), bobClosed, carlClosed }
}

/** bob times carl's messages: their text is the index into `sent`. */
const listen = (bob: RawClient) =>
  bob.listen((update) => {
    if (update.type !== "message" || Sexpr.stringField(update.head, "channel") !== CHANNEL) return
    const message = sent[Number(Sexpr.stringField(update.head, "text"))]
    if (message !== undefined && message.delay === undefined) message.delay = update.at - message.at
  })

const talk = (carl: RawClient) => {
  const timer = setInterval(() => {
    if (!running) return clearInterval(timer)
    const index = sent.length
    sent.push({ phase, at: performance.now(), delay: undefined })
    carl.send(`(message :id ${Sexpr.freshId()} :clock 0 :from "carl" :channel "${CHANNEL}" :text "${index}")`)
  }, MESSAGE_MS)
}

const probe = async () => {
  while (running) {
    const started = phase
    const answer = await get(`${httpBase}/healthz`, HEALTHZ_TIMEOUT_MS)
    const outcome = answer.ok ? (answer.status === 200 ? "ok" : "error") : answer.error === "timeout" ? "timeout" : "error"
    probes.push({ phase: started, ms: answer.ms, outcome })
    await sleep(PROBE_MS)
  }
}

const finish = async () => {
  running = false
  const deadline = performance.now() + FINISH_GRACE_MS
  while (performance.now() < deadline && bobClosed === undefined && sent.some((m) => m.delay === undefined)) await sleep(50)
  say({ kind: "figures", figures: figures() })
}

process.on("message", (message: unknown) => {
  if (!isToBystander(message)) return
  if (message.kind === "finish") return void finish()
  phase = message.phase
  phaseStart = performance.now()
})

try {
  if (url === undefined || httpBase === undefined) throw new Error("usage: bystanderProcess.ts <ws url> <http base>")
  const carl = await mustLogin(url, "carl")
  const bob = await mustLogin(url, "bob")
  await mustEnter(carl, "carl", CHANNEL, "create")
  await mustEnter(bob, "bob", CHANNEL, "join")
  void bob.closed.then(() => (bobClosed = closedNote()))
  void carl.closed.then(() => (carlClosed = closedNote()))
  listen(bob)
  talk(carl)
  void probe()
  say({ kind: "ready" })
} catch (error) {
  say({ kind: "failed", reason: error instanceof Error ? error.message : String(error) })
}
