/**
 * Figures about processes read from Linux's /proc: a server child's
 * resident memory and CPU time, and this process's open-file limit.
 */
import { openFileLimit as fileLimit } from "@lichat/server"
import * as Fs from "node:fs"

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100

/** Resident set size of `pid` in MB (VmRSS). */
export const rssMb = (pid: number): number => {
  const kb = /VmRSS:\s+(\d+)/.exec(Fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]
  return kb === undefined ? Number.NaN : Number(kb) / 1024
}

/** User plus system CPU seconds used so far by `pid`. */
export const cpuSeconds = (pid: number): number => {
  const stat = Fs.readFileSync(`/proc/${pid}/stat`, "utf8")
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND
}

/** CPU seconds used so far by this process. */
export const ownCpuSeconds = (): number => {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1e6
}

/** The soft limit on open files of this process (inherited by the server children). */
export const openFileLimit = (): number => fileLimit() ?? Number.POSITIVE_INFINITY
