/**
 * long-integer: before any handshake, one frame `(ping :id 777…7)` whose
 * id has 8,000,000·scale digits (at most what the default max update size,
 * 8 Mi characters, leaves). Reports the first answer (its class and size:
 * an echo of the id is megabytes) or the close, and how long it took.
 */
import { num } from "../../table.ts"
import { type Attack, ms } from "../attack.ts"
import { ATTACKER, open } from "../rawClient.ts"
import * as Sexpr from "../sexpr.ts"

const DIGITS = 8_000_000
const MAX_UPDATE_SIZE = 8 * 1024 * 1024

export const longInteger: Attack = {
  name: "long-integer",
  description: `a first frame (ping :id 777…7) with ${num(DIGITS)}·scale digits`,
  setup: async (context) => {
    const digits = Math.max(1, Math.min(Math.round(DIGITS * context.scale), MAX_UPDATE_SIZE - "(ping :id )".length))
    const frame = `(ping :id ${"7".repeat(digits)})${Sexpr.END}`
    return async (context) => {
      const client = context.track(await open(context.url, undefined, ATTACKER))
      const sentAt = performance.now()
      client.sendFrame(frame)
      const reply = await client.waitFor(() => true, { timeoutMs: context.capMs, signal: context.signal })
      const closed = client.closedNow()
      const answer = reply === undefined
        ? closed === undefined
          ? `no answer (${ms(context.capMs, true)})`
          : `closed (${closed.code}) after ${ms(closed.at - sentAt)}`
        : `${reply.type} (${num(reply.length)} chars) after ${ms(reply.at - sentAt)}`
      return {
        outcome: answer,
        details: [`${num(digits)} digits; first answer ${reply === undefined ? "none" : reply.head.slice(0, 100)}`],
        figures: {
          digits,
          replyType: reply?.type ?? null,
          replyChars: reply?.length ?? null,
          replyMs: reply === undefined ? null : reply.at - sentAt,
          closedMs: closed === undefined ? null : closed.at - sentAt,
          closeCode: closed?.code ?? null
        }
      }
    }
  }
}
