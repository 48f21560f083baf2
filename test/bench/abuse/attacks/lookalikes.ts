/**
 * lookalikes: `josé` (precomposed é) logs in and stays; then `jose` with a
 * combining acute accent (NFD, the same name to a reader) and `аdmin` with
 * a Cyrillic а try to log in: accepted, or refused with which answer.
 */
import { type Attack, ms } from "../attack.ts"
import { login, mustLogin } from "../rawClient.ts"

const NFC = "jos\u00e9"
const NFD = "jose\u0301"
const CYRILLIC = "\u0430dmin"

const said = (answer: string) => (answer === "connect" ? "ACCEPTED" : answer)

export const lookalikes: Attack = {
  name: "lookalikes",
  description: "jos\u00e9 present; jose+U+0301 and Cyrillic \u0430dmin log in",
  setup: async (context) => {
    const jose = context.track(await mustLogin(context.url, NFC))
    return async (context) => {
      const nfd = await login(context.url, NFD)
      nfd.client?.terminate()
      const cyrillic = await login(context.url, CYRILLIC)
      cyrillic.client?.terminate()
      jose.terminate()
      return {
        outcome: `NFD jos\u00e9: ${said(nfd.answer)}; \u0430dmin: ${said(cyrillic.answer)}`,
        details: [`"jose\\u0301" while "jos\\u00e9" is present: ${nfd.answer} (${ms(nfd.ms)}); "\\u0430dmin": ${cyrillic.answer} (${ms(cyrillic.ms)})`],
        figures: { nfdAnswer: nfd.answer, nfdAccepted: nfd.answer === "connect", cyrillicAnswer: cyrillic.answer, cyrillicAccepted: cyrillic.answer === "connect" }
      }
    }
  }
}
