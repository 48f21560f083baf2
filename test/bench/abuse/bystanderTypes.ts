/**
 * What the bystander process (bystanderProcess.ts) and the suite say to
 * each other over IPC, and the figures it reports.
 */

/** The phases of one attack run, as the bystander tags what it measures. */
export type Phase = "setup" | "baseline" | "attack" | "settle"

export const PHASES: ReadonlyArray<Phase> = ["setup", "baseline", "attack", "settle"]

/** Suite → bystander. */
export type ToBystander =
  | { readonly kind: "phase"; readonly phase: Phase }
  | { readonly kind: "finish" }

/** Figures of one phase (by when a message was sent or a probe started). */
export interface PhaseFigures {
  /** carl's messages sent, received by bob, and never received. */
  readonly sent: number
  readonly received: number
  readonly lost: number
  /** Delay from carl's send to bob's receipt, ms. */
  readonly delayP50: number
  readonly delayP99: number
  readonly delayMax: number
  /** GET /healthz probes, their response time (a timeout counts as HEALTHZ_TIMEOUT_MS), timeouts and errors. */
  readonly probes: number
  readonly healthzP50: number
  readonly healthzMax: number
  readonly healthzTimeouts: number
  readonly healthzErrors: number
}

export interface BystanderFigures {
  readonly phases: Readonly<Record<Phase, PhaseFigures>>
  /** attack and settle together: what the attack did to the bystander. */
  readonly underAttack: PhaseFigures
  /** When bob's or carl's connection ended (phase, ms after that phase began), if it did. */
  readonly bobClosed: string | undefined
  readonly carlClosed: string | undefined
}

/** Bystander → suite. */
export type FromBystander =
  | { readonly kind: "ready" }
  | { readonly kind: "failed"; readonly reason: string }
  | { readonly kind: "figures"; readonly figures: BystanderFigures }

export const HEALTHZ_TIMEOUT_MS = 10_000
/** carl's message interval. */
export const MESSAGE_MS = 50
/** The pause between one /healthz answer and the next probe. */
export const PROBE_MS = 100

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null

export const isToBystander = (value: unknown): value is ToBystander =>
  isObject(value) && (value["kind"] === "finish" || (value["kind"] === "phase" && PHASES.includes(value["phase"] as Phase)))

export const isFromBystander = (value: unknown): value is FromBystander =>
  isObject(value) && (value["kind"] === "ready" || value["kind"] === "failed" || value["kind"] === "figures")
