/** Connection setup rate: handshakes completed per second, 200 in flight. */
import { closeAll, connectAll } from "./connectMany.ts"
import type { ServerUnderTest } from "./serverProcess.ts"

export interface SetupResult {
  readonly count: number
  readonly perSecond: number
}

export const measureSetup = async (server: ServerUnderTest, count: number): Promise<SetupResult> => {
  const start = performance.now()
  const clients = await connectAll(server, "setup", count)
  const perSecond = count / ((performance.now() - start) / 1000)
  closeAll(clients)
  return { count, perSecond }
}

