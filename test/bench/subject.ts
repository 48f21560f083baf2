/** What one column of the report measured: a server and the transport its clients used. */
import type { Transport } from "./endpoint.ts"
import type { Target } from "./serverProcess.ts"

export interface Subject {
  readonly target: Target
  readonly transport: Transport
  /** Our server storing everything in its SQLite file (as `pnpm start` does), rather than in memory. */
  readonly stored?: boolean
}

/** `raw ws`, `lichat ws`, `lichat tcp`, `lichat ws sqlite`. */
export const label = (subject: Subject): string =>
  `${subject.target} ${subject.transport}${subject.stored === true ? " sqlite" : ""}`
