/**
 * What an attack is to the harness, and small helpers the attacks share.
 *
 * An attack's `setup` runs before the bystander's baseline (its own users
 * log in, payloads are built) and returns the strike; the strike runs under
 * the cap (`signal` aborts when it is reached) and says what happened.
 */
import { num } from "../table.ts"
import { get } from "./http.ts"
import type { RawClient } from "./rawClient.ts"

type Figure = number | string | boolean | null

export interface Outcome {
  /** A few words for the table. */
  readonly outcome: string
  /** Longer lines for the notes under the table. */
  readonly details: ReadonlyArray<string>
  /** The raw figures, for --json. */
  readonly figures: Readonly<Record<string, Figure>>
}

export interface AttackContext {
  readonly url: string
  readonly httpBase: string
  readonly pid: number
  readonly scale: number
  /** Aborted when the strike reaches the cap. */
  readonly signal: AbortSignal
  readonly capMs: number
  /** Milliseconds since the strike began. */
  readonly elapsed: () => number
  /** Keeps a client to be terminated after the strike, whatever the strike did. */
  readonly track: (client: RawClient) => RawClient
}

export type Strike = (context: AttackContext) => Promise<Outcome>

export interface Attack {
  readonly name: string
  readonly description: string
  /** Server flags on top of the suite's (flag name without dashes → value). */
  readonly flags?: Readonly<Record<string, string>>
  /** The strike's cap, when not the suite's. */
  readonly capMs?: number
  readonly setup: (context: AttackContext) => Promise<Strike>
}

/** Milliseconds for the table: "1,234 ms", or "≥30,000 ms" for a wait cut at the cap. */
export const ms = (value: number, cut = false): string => `${cut ? "≥" : ""}${num(value)} ms`

/** Counts by class, most frequent first: "1,000 malformed-update, 1 too-many-updates". */
export const byType = (counts: ReadonlyMap<string, number>): string =>
  [...counts].sort((a, b) => b[1] - a[1]).map(([type, n]) => `${num(n)} ${type}`).join(", ") || "nothing"

/** The counts as figures for --json (`<prefix><type>` → count). */
export const countFigures = (prefix: string, counts: ReadonlyMap<string, number>): Record<string, number> =>
  Object.fromEntries([...counts].map(([type, n]) => [`${prefix}${type}`, n]))

/** Adds one to `key`'s count. */
export const tally = (counts: Map<string, number>, key: string): void => void counts.set(key, (counts.get(key) ?? 0) + 1)

/**
 * Waits until `client` has been quiet (no update) for `quietMs` while the
 * server answers /healthz within a second (so that a server still busy
 * with the attack does not pass for done), or until it closes or the cap.
 * Returns whether the cap cut it.
 */
export const untilQuiet = async (client: RawClient, context: AttackContext, quietMs: number): Promise<boolean> => {
  while (!context.signal.aborted && client.closedNow() === undefined) {
    const silent = performance.now() - client.lastActivity()
    if (silent < quietMs) {
      await Promise.race([new Promise((done) => setTimeout(done, Math.min(250, quietMs - silent))), client.closed])
      continue
    }
    const probe = await get(`${context.httpBase}/healthz`, 1_000)
    if (probe.ok && performance.now() - client.lastActivity() >= quietMs) return false
  }
  return context.signal.aborted
}
