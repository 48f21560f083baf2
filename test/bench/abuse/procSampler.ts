/**
 * The server process's resident memory (VmRSS) and open file descriptors
 * from /proc, read once or every SAMPLE_MS to find the peak.
 */
import * as Fs from "node:fs"
import { rssMb } from "../procStats.ts"

export interface ProcSample {
  readonly rssMb: number
  readonly fds: number
}

const SAMPLE_MS = 100

/** RSS and fd count now; NaN for what cannot be read (the process is gone). */
export const sample = (pid: number): ProcSample => {
  let rss = Number.NaN
  let fds = Number.NaN
  try {
    rss = rssMb(pid)
  } catch {
    // gone
  }
  try {
    fds = Fs.readdirSync(`/proc/${pid}/fd`).length
  } catch {
    // gone
  }
  return { rssMb: rss, fds }
}

export interface PeakSampler {
  /** Stops sampling; the highest RSS and fd count seen since the start. */
  readonly stop: () => ProcSample
}

/** The larger of two readings, a NaN giving way to a number. */
const higher = (a: number, b: number) => (Number.isNaN(a) || b > a ? b : a)

/** Samples RSS and fds every SAMPLE_MS until stopped. */
export const samplePeak = (pid: number): PeakSampler => {
  let peak = sample(pid)
  const take = () => {
    const now = sample(pid)
    peak = { rssMb: higher(peak.rssMb, now.rssMb), fds: higher(peak.fds, now.fds) }
  }
  const timer = setInterval(take, SAMPLE_MS)
  return {
    stop: () => {
      clearInterval(timer)
      take()
      return peak
    }
  }
}
