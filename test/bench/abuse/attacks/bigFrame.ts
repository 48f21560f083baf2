/**
 * big-frame: a `message` whose text is 7.9 M·scale characters of "x" (under
 * the default max update size of 8 Mi characters), sent 3 times from one
 * connection into its own channel, each waiting for the server's echo (or
 * failure, or close). The harness's RSS columns give the peak and after.
 */
import { num } from "../../table.ts"
import { type Attack, ms } from "../attack.ts"
import { mustEnter, mustLogin, request } from "../rawClient.ts"

const CHARS = 7_900_000
const MAX_TEXT = 8 * 1024 * 1024 - 200
const TIMES = 3

export const bigFrame: Attack = {
  name: "big-frame",
  description: `a message of ${num(CHARS / 1e6, 1)} M·scale characters, ${TIMES} times`,
  setup: async (context) => {
    const client = context.track(await mustLogin(context.url, "bigmouth"))
    await mustEnter(client, "bigmouth", "big", "create")
    const chars = Math.max(1, Math.min(Math.round(CHARS * context.scale), MAX_TEXT))
    const text = "x".repeat(chars)
    return async (context) => {
      const answers: Array<string> = []
      const times: Array<number> = []
      for (let i = 0; i < TIMES && !context.signal.aborted && client.closedNow() === undefined; i++) {
        const start = performance.now()
        const reply = await request(
          client,
          (id) => `(message :id ${id} :clock 0 :from "bigmouth" :channel "big" :text "${text}")`,
          Math.max(1, context.capMs - context.elapsed()),
          context.signal
        )
        times.push(performance.now() - start)
        answers.push(reply === undefined ? (client.closedNow() === undefined ? "none" : "closed") : reply.type)
      }
      const closed = client.closedNow()
      const each = answers.map((answer, i) => `${answer} ${ms(times[i]!, answer === "none")}`).join(", ")
      return {
        outcome: `${answers.filter((a) => a === "message").length}/${TIMES} echoed${closed === undefined ? "" : `, closed (${closed.code})`}`,
        details: [`${num(chars)} characters each; answers: ${each}`],
        figures: {
          chars,
          echoed: answers.filter((a) => a === "message").length,
          answers: answers.join(","),
          times: times.map((t) => t.toFixed(0)).join(","),
          closedCode: closed?.code ?? null
        }
      }
    }
  }
}
