/**
 * channel-churn: one user creates and leaves 2,000·scale distinct channels
 * as fast as the server answers (each request waits for its answer, at
 * most ANSWER_MS). The server gets a flood limit that one connection's
 * requests stay under, so that what is measured is the churn, not the
 * flood window (an attacker can spread over connections anyway).
 */
import { num } from "../../table.ts"
import { type Attack, byType, countFigures, tally } from "../attack.ts"
import { health } from "../http.ts"
import { isFailure, mustLogin, request } from "../rawClient.ts"
import * as Sexpr from "../sexpr.ts"

const CHANNELS = 2_000
const ANSWER_MS = 5_000

export const channelChurn: Attack = {
  name: "channel-churn",
  description: `create and leave ${num(CHANNELS)}·scale channels, one after the other`,
  flags: { "flood-limit": "100000" },
  setup: async (context) => {
    const client = context.track(await mustLogin(context.url, "churner"))
    const channels = Math.max(1, Math.round(CHANNELS * context.scale))
    return async (context) => {
      const before = await health(context.httpBase, 5_000)
      const refused = new Map<string, number>()
      let created = 0
      let unanswered = 0
      let tried = 0
      for (let i = 0; i < channels && !context.signal.aborted && client.closedNow() === undefined; i++) {
        tried++
        const channel = Sexpr.str(`churn-${i}`)
        const reply = await request(client, (id) => `(create :id ${id} :clock 0 :from "churner" :channel ${channel})`, ANSWER_MS, context.signal)
        if (reply === undefined) {
          unanswered++
          continue
        }
        if (isFailure(reply) || reply.type !== "join") {
          tally(refused, reply.type)
          continue
        }
        created++
        await request(client, (id) => `(leave :id ${id} :clock 0 :from "churner" :channel ${channel})`, ANSWER_MS, context.signal)
      }
      const seconds = context.elapsed() / 1000
      const after = await health(context.httpBase, 5_000)
      const refusedCount = [...refused.values()].reduce((a, b) => a + b, 0)
      const closed = client.closedNow()
      const channelsText = after === undefined ? "healthz n/a" : `${num(after.channels)} channels (${num(before?.channels ?? Number.NaN)} before)`
      return {
        outcome: `${num(created)} created, ${num(refusedCount)} refused; ${channelsText}`,
        details: [
          `${num(tried)} of ${num(channels)} tried in ${num(seconds, 1)} s (${num(tried / seconds)}/s)` +
          `; refused: ${byType(refused)}; unanswered: ${num(unanswered)}${closed === undefined ? "" : `; closed (${closed.code})`}`
        ],
        figures: {
          channels,
          tried,
          created,
          refused: refusedCount,
          unanswered,
          seconds,
          channelsBefore: before?.channels ?? null,
          channelsAfter: after?.channels ?? null,
          closedCode: closed?.code ?? null,
          ...countFigures("refused.", refused)
        }
      }
    }
  }
}
