/**
 * idle-sockets: with `--connection-limit 100`, (limit + 50) WebSocket
 * connections that never send anything; then a real login as `dave` (a
 * 10 s timeout counts as failed). The idle sockets stay open until all of
 * them are closed by the server or OBSERVE_MS after the strike began, to
 * see whether and when the server drops them.
 */
import { num } from "../../table.ts"
import { type Attack, byType, countFigures, ms, tally } from "../attack.ts"
import { ATTACKER, login, open, type RawClient } from "../rawClient.ts"

const LIMIT = 100
const EXTRA = 50
const OBSERVE_MS = 15_000

export const idleSockets: Attack = {
  name: "idle-sockets",
  description: `${LIMIT + EXTRA} silent connections (limit ${LIMIT}), then a login`,
  flags: { "connection-limit": String(LIMIT) },
  setup: async () => async (context) => {
    const refused = new Map<string, number>()
    const closedAt: Array<number> = []
    const sockets: Array<RawClient> = []
    await Promise.all(Array.from({ length: LIMIT + EXTRA }, async () => {
      try {
        const client = context.track(await open(context.url, 10_000, ATTACKER))
        sockets.push(client)
        void client.closed.then(() => closedAt.push(context.elapsed()))
      } catch (error) {
        tally(refused, error instanceof Error ? error.message : String(error))
      }
    }))
    const openedMs = context.elapsed()
    const dave = await login(context.url, "dave", undefined, 10_000)
    dave.client?.terminate()
    while (context.elapsed() < OBSERVE_MS && closedAt.length < sockets.length && !context.signal.aborted) {
      await new Promise((done) => setTimeout(done, 100))
    }
    const first = closedAt.length === 0 ? Number.NaN : Math.min(...closedAt)
    const closes = closedAt.length === 0
      ? `none closed in ${num(OBSERVE_MS / 1000)} s`
      : `${num(closedAt.length)}/${num(sockets.length)} closed, first at ${ms(first)}`
    return {
      outcome: `dave ${dave.answer === "connect" ? "in" : "FAILED"} (${ms(dave.ms)}); ${closes}`,
      details: [
        `${num(sockets.length)} of ${num(LIMIT + EXTRA)} opened in ${ms(openedMs)}${refused.size === 0 ? "" : `; refused: ${byType(refused)}`}`,
        `dave's login: ${dave.answer} after ${ms(dave.ms)}; idle sockets closed by the server: ${num(closedAt.length)}` +
        (closedAt.length === 0 ? "" : `, first at ${ms(first)}, last at ${ms(Math.max(...closedAt))}`)
      ],
      figures: {
        wanted: LIMIT + EXTRA,
        opened: sockets.length,
        openedMs,
        daveAnswer: dave.answer,
        daveOk: dave.answer === "connect",
        daveMs: dave.ms,
        idleClosed: closedAt.length,
        firstCloseMs: Number.isNaN(first) ? null : first,
        lastCloseMs: closedAt.length === 0 ? null : Math.max(...closedAt),
        ...countFigures("refused.", refused)
      }
    }
  }
}
