/** What one column of the report measured: a server and the transport its clients used. */
import type { Transport } from "./endpoint.ts"
import type { Target } from "./serverProcess.ts"

export interface Subject {
  readonly target: Target
  readonly transport: Transport
}

/** `raw ws`, `lichat ws`, `lichat tcp`. */
export const label = (subject: Subject): string => `${subject.target} ${subject.transport}`
