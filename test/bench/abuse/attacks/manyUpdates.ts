/**
 * many-updates: one WebSocket frame holding 300,000·scale junk updates
 * (`ab` and its NUL each), after a normal handshake; and the same junk
 * behind a valid connect in the connection's first frame
 * (many-updates-prehandshake). The strike ends when the server has gone
 * quiet (no reply for QUIET_MS while /healthz answers), closes the
 * connection, or the cap is reached.
 */
import { num } from "../../table.ts"
import { type Attack, type AttackContext, byType, countFigures, ms, type Outcome, tally, untilQuiet } from "../attack.ts"
import { ATTACKER, mustLogin, open, type RawClient } from "../rawClient.ts"
import * as Sexpr from "../sexpr.ts"

const JUNK = `ab${Sexpr.END}`
const COUNT = 300_000
const QUIET_MS = 2_000

/** Sends the frame and counts what comes back until the server is done with it. */
const strikeWith = async (client: RawClient, context: AttackContext, frame: string, updates: number): Promise<Outcome> => {
  const counts = new Map<string, number>()
  const sentAt = performance.now()
  let lastReply = Number.NaN
  client.listen((update) => {
    tally(counts, update.type)
    lastReply = update.at - sentAt
  })
  client.sendFrame(frame)
  const cut = await untilQuiet(client, context, QUIET_MS)
  const closed = client.closedNow()
  const replies = [...counts.values()].reduce((a, b) => a + b, 0)
  const end = closed !== undefined
    ? `closed (${closed.code}) after ${ms(closed.at - sentAt)}`
    : cut
    ? performance.now() - client.lastActivity() < QUIET_MS
      ? `still replying at the cap (${ms(context.capMs, true)})`
      : `server busy at the cap (${ms(context.capMs, true)})`
    : `last reply after ${ms(lastReply)}`
  const frameBytes = Buffer.byteLength(frame)
  return {
    outcome: `${num(replies)} replies; ${end}`,
    details: [`a ${num(frameBytes / 1e6, 1)} MB frame of ${num(updates)} updates; replies: ${byType(counts)}`],
    figures: {
      updates,
      frameBytes,
      replies,
      lastReplyMs: Number.isNaN(lastReply) ? null : lastReply,
      closedMs: closed === undefined ? null : closed.at - sentAt,
      closeCode: closed?.code ?? null,
      cut,
      ...countFigures("reply.", counts)
    }
  }
}

export const manyUpdates: Attack = {
  name: "many-updates",
  description: `one frame of ${num(COUNT)}·scale junk updates ("ab", NUL) after the handshake`,
  setup: async (context) => {
    const updates = Math.max(1, Math.round(COUNT * context.scale))
    const frame = JUNK.repeat(updates)
    const client = context.track(await mustLogin(context.url, "spammer"))
    return (context) => strikeWith(client, context, frame, updates)
  }
}

export const manyUpdatesPrehandshake: Attack = {
  name: "many-updates-prehandshake",
  description: `the first frame: a valid connect, then ${num(COUNT)}·scale junk updates`,
  setup: async (context) => {
    const updates = Math.max(1, Math.round(COUNT * context.scale))
    const frame = Sexpr.connect("spammer") + Sexpr.END + JUNK.repeat(updates)
    return async (context) => strikeWith(context.track(await open(context.url, undefined, ATTACKER)), context, frame, updates + 1)
  }
}
