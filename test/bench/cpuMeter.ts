/** CPU use of the driver and of the server child over an interval, in % of one core. */
import { cpuSeconds, ownCpuSeconds } from "./procStats.ts"

export interface CpuShare {
  readonly driver: number
  /** NaN for a server the driver did not start. */
  readonly server: number
}

/** Starts measuring; the returned function ends the interval. */
export const startCpuMeter = (serverPid: number | undefined): () => CpuShare => {
  const wall = performance.now()
  const own = ownCpuSeconds()
  const server = serverPid === undefined ? Number.NaN : cpuSeconds(serverPid)
  return () => {
    const seconds = (performance.now() - wall) / 1000
    return {
      driver: ((ownCpuSeconds() - own) / seconds) * 100,
      server: serverPid === undefined ? Number.NaN : ((cpuSeconds(serverPid) - server) / seconds) * 100
    }
  }
}
