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

/** What the probe counted over one window. */
export interface StallWindow {
  readonly seconds: number
  readonly stalls: number
  readonly longestMs: number
  /** Milliseconds spent in stalls. */
  readonly stalledMs: number
}

// The probe: every timer tick checks how late it is. Input: "take" prints
// what it counted since the last take (or its start) as one JSON line and
// starts afresh; it exits when its input closes, so that a driver that dies
// does not leave it behind.
const probe = `
let last = performance.now(), start = last, stalls = 0, longest = 0, stalled = 0
setInterval(() => {
  const now = performance.now(), gap = now - last
  last = now
  if (gap >= ${STALL_MS}) { stalls++; stalled += gap; longest = Math.max(longest, gap) }
}, 1)
process.stdin.setEncoding("utf8")
process.stdin.on("data", (input) => {
  for (const _ of input.split("take").slice(1)) {
    const now = performance.now()
    process.stdout.write(JSON.stringify({ seconds: (now - start) / 1000, stalls, longestMs: longest, stalledMs: stalled }) + "\\n")
    start = now; stalls = 0; longest = 0; stalled = 0
  }
})
process.stdin.on("end", () => process.exit(0))
`

export interface StallProbe {
  /** What was counted since the start or the last `take`; counting starts afresh. */
  readonly take: () => Promise<StallWindow>
  /** Ends the probe process. */
  readonly close: () => Promise<void>
}

const unknown: StallWindow = { seconds: 0, stalls: 0, longestMs: Number.NaN, stalledMs: 0 }

/** Starts the probe process (start it before the phase: starting a process is itself a disturbance). */
export const startStallProbe = (): StallProbe => {
  const child = ChildProcess.spawn(process.execPath, ["-e", probe], { stdio: ["pipe", "pipe", "inherit"] })
  const waiting: Array<(window: StallWindow) => void> = []
  let output = ""
  child.stdout.setEncoding("utf8")
  child.stdout.on("data", (chunk: string) => {
    output += chunk
    for (let end = output.indexOf("\n"); end >= 0; end = output.indexOf("\n")) {
      const text = output.slice(0, end)
      output = output.slice(end + 1)
      let window = unknown
      try {
        window = JSON.parse(text) as StallWindow
      } catch {
        // A probe that printed something else counts as having seen nothing.
      }
      waiting.shift()?.(window)
    }
  })
  const exited = new Promise<void>((done) => child.once("exit", () => done()))
  void exited.then(() => {
    for (const resolve of waiting.splice(0)) resolve(unknown)
  })
  return {
    take: () =>
      new Promise((resolve) => {
        waiting.push(resolve)
        child.stdin.write("take\n")
      }),
    close: async () => {
      child.stdin.end()
      await exited
    }
  }
}

/** The figures of several windows taken together. */
export const summarize = (windows: ReadonlyArray<StallWindow>): StallReport => {
  const seconds = windows.reduce((sum, w) => sum + w.seconds, 0)
  const stalls = windows.reduce((sum, w) => sum + w.stalls, 0)
  const stalled = windows.reduce((sum, w) => sum + w.stalledMs, 0)
  return {
    perSecond: stalls / seconds,
    longestMs: Math.max(...windows.map((w) => w.longestMs)),
    percent: stalled / seconds / 10
  }
}
