/**
 * lichat over raw TCP against lichat over WebSocket, from the same run
 * (each on its own server process, the paced rounds taken in turns), with
 * the targets: TCP fan-out ≥ 1.3× WebSocket fan-out; 100,000 idle
 * connections in ≤ 2 GB RSS (extrapolated from the highest level reached).
 */
import { extrapolateMb, TARGET_IDLE, TARGET_IDLE_MB } from "./idleLevels.ts"
import type { IdleResult } from "./measureIdle.ts"
import { type Figures, ratioRows } from "./report.ts"
import { line, num, print, ratio, verdict } from "./table.ts"

/** TCP fan-out over WebSocket fan-out that the issue asks for. */
const FANOUT_TARGET = 1.3

/** The memory rows: RSS per connection and in all at the highest level both reached, and at 100,000. */
const idleRows = (ws: IdleResult | undefined, tcp: IdleResult | undefined): void => {
  const wsTop = ws?.levels.at(-1)
  const tcpTop = tcp?.levels.find((level) => level.reached === wsTop?.reached)
  if (ws === undefined || tcp === undefined || wsTop === undefined || tcpTop === undefined) return
  const at = num(wsTop.reached)
  print(line(`RSS KB/connection, ${at} idle`, num(wsTop.kbPerConnection, 1), num(tcpTop.kbPerConnection, 1), ratio(tcpTop.kbPerConnection, wsTop.kbPerConnection), "-"))
  print(line(`RSS MB, ${at} idle`, num(wsTop.rssMb, 1), num(tcpTop.rssMb, 1), ratio(tcpTop.rssMb, wsTop.rssMb), "-"))
  const wsFar = extrapolateMb(ws.levels, TARGET_IDLE) ?? Number.NaN
  const tcpFar = extrapolateMb(tcp.levels, TARGET_IDLE) ?? Number.NaN
  const measured = wsTop.reached >= TARGET_IDLE ? "" : " (extrap.)"
  const met = (mb: number) => verdict(mb <= TARGET_IDLE_MB)
  print(line(
    `RSS MB, ${num(TARGET_IDLE)} idle${measured}`,
    num(wsFar, 1),
    num(tcpFar, 1),
    ratio(tcpFar, wsFar),
    `<= ${num(TARGET_IDLE_MB)}: ws ${met(wsFar)}, tcp ${met(tcpFar)}`
  ))
}

/** The table: lichat ws, lichat tcp, tcp/ws, target. */
export const comparison = (ws: Figures, tcp: Figures): void => {
  print()
  print("== lichat tcp / lichat ws (the same run) ==")
  print(line("measure", "lichat ws", "lichat tcp", "tcp/ws", "target"))
  ratioRows(ws, tcp, { fanout: FANOUT_TARGET })
  idleRows(ws.idle, tcp.idle)
}
