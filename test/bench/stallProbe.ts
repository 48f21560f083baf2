/**
 * How much the machine itself stalls the processes on it while a phase
 * runs: a separate, otherwise idle Node process runs a 1 ms timer and
 * counts how often two of its ticks are STALL_MS or more apart, and how far.
 *
 * Both servers share the machine with the driver, so whatever stalls every
 * process (on the VMs here: the guest kernel's DAMON monitor, which every
 * ~0.5 s spends 10–25 ms walking the page tables of the processes on the
 * machine and slows the other virtual CPU while it does) lands in each
 * server's delivery latency. The probe's figures say how large that floor
 * was in the same run.
 */
import * as ChildProcess from "node:child_process"

const STALL_MS = 4

export interface StallReport {
  /** Gaps of STALL_MS or more between ticks, per second of probing. */
  readonly perSecond: number
  /** The longest gap, in milliseconds. */
  readonly longestMs: number
  /** The share of the time spent in such gaps, in %. */
  readonly percent: number
}

// The probe: every timer tick checks how late it is. Input: "reset" starts
// the count afresh, "report" prints the figures and exits; it also exits
// when its input closes, so that a driver that dies does not leave it behind.
const probe = `
let last = performance.now(), start = last, stalls = 0, longest = 0, stalled = 0
setInterval(() => {
  const now = performance.now(), gap = now - last
  last = now
  if (gap >= ${STALL_MS}) { stalls++; stalled += gap; longest = Math.max(longest, gap) }
}, 1)
process.stdin.setEncoding("utf8")
process.stdin.on("data", (input) => {
  if (input.includes("reset")) { start = performance.now(); stalls = 0; longest = 0; stalled = 0 }
  if (!input.includes("report")) return
  const seconds = (performance.now() - start) / 1000
  process.stdout.write(JSON.stringify({ perSecond: stalls / seconds, longestMs: longest, percent: stalled / seconds / 10 }))
  process.exit(0)
})
process.stdin.on("end", () => process.exit(0))
`

export interface StallProbe {
  /** Starts counting afresh. */
  readonly reset: () => void
  /** Stops the probe and gives what it counted since the start or the last reset. */
  readonly stop: () => Promise<StallReport>
}

/** Starts the probe process (start it before the phase: starting a process is itself a disturbance). */
export const startStallProbe = (): StallProbe => {
  const child = ChildProcess.spawn(process.execPath, ["-e", probe], { stdio: ["pipe", "pipe", "inherit"] })
  let output = ""
  child.stdout.setEncoding("utf8")
  child.stdout.on("data", (chunk: string) => (output += chunk))
  const exited = new Promise<void>((done) => child.once("exit", () => done()))
  return {
    reset: () => void child.stdin.write("reset\n"),
    stop: async () => {
      child.stdin.write("report\n")
      await exited
      try {
        return JSON.parse(output) as StallReport
      } catch {
        return { perSecond: Number.NaN, longestMs: Number.NaN, percent: Number.NaN }
      }
    }
  }
}
