/**
 * link-flood: a registered user uploads 200·scale payloads of 1 MiB
 * (random bytes, base64) as image/png into a channel it created, one after
 * the other, each waiting for its answer: the channel message with the
 * /link/ URL (accepted) or a failure (refused).
 */
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Crypto from "node:crypto"
import { num } from "../../table.ts"
import { type Attack, byType, countFigures, ms, tally } from "../attack.ts"
import { isFailure, mustEnter, mustLogin, request } from "../rawClient.ts"
import * as Sexpr from "../sexpr.ts"

const UPLOADS = 200
const BYTES = 1024 * 1024
const ANSWER_MS = 15_000

export const linkFlood: Attack = {
  name: "link-flood",
  description: `${num(UPLOADS)}·scale uploads of 1 MiB image/png by one registered user, stored under a --data-dir`,
  // Payloads on disk, as an operator keeping them would run it: memory then measures the server, not the payloads.
  flags: { "data-dir": Fs.mkdtempSync(Path.join(Os.tmpdir(), "lichat-abuse-links-")) },
  setup: async (context) => {
    const client = context.track(await mustLogin(context.url, "uploader"))
    const registered = await request(client, (id) => `(register :id ${id} :clock 0 :from "uploader" :password "uploader-pw-1")`, 30_000)
    if (registered === undefined || isFailure(registered)) throw new Error(`uploader could not register: ${registered?.type ?? "no answer"}`)
    await mustEnter(client, "uploader", "uploads", "create")
    const uploads = Math.max(1, Math.round(UPLOADS * context.scale))
    return async (context) => {
      const refused = new Map<string, number>()
      let accepted = 0
      let unanswered = 0
      let tried = 0
      for (let i = 0; i < uploads && !context.signal.aborted && client.closedNow() === undefined; i++) {
        tried++
        const payload = Crypto.randomBytes(BYTES).toString("base64")
        const reply = await request(
          client,
          (id) => `(data :id ${id} :clock 0 :from "uploader" :channel "uploads" :content-type "image/png" :filename "f${i}.png" :payload "${payload}")`,
          ANSWER_MS,
          context.signal
        )
        if (reply === undefined) unanswered++
        else if (reply.type === "message" && !isFailure(reply) && Sexpr.stringField(reply.head, "text")?.includes("/link/") === true) accepted++
        else tally(refused, reply.type)
      }
      const seconds = context.elapsed() / 1000
      const refusedCount = [...refused.values()].reduce((a, b) => a + b, 0)
      const closed = client.closedNow()
      return {
        outcome: `${num(accepted)} accepted, ${num(refusedCount)} refused${unanswered > 0 ? `, ${num(unanswered)} unanswered` : ""}`,
        details: [
          `${num(tried)} of ${num(uploads)} uploads in ${num(seconds, 1)} s (${ms((seconds * 1000) / Math.max(1, tried))} each)` +
          `; ${num((accepted * BYTES) / 2 ** 20)} MiB stored; refused: ${byType(refused)}${closed === undefined ? "" : `; closed (${closed.code})`}`
        ],
        figures: {
          uploads,
          tried,
          accepted,
          refused: refusedCount,
          unanswered,
          seconds,
          storedMiB: (accepted * BYTES) / 2 ** 20,
          closedCode: closed?.code ?? null,
          ...countFigures("refused.", refused)
        }
      }
    }
  }
}
