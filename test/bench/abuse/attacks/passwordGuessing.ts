/**
 * password-guessing: `erin` is registered; then GUESSERS parallel
 * connections each log in as erin with a wrong password, again and again,
 * for STORM_MS. Halfway through, erin logs in with the right password.
 * Reports the answers per second by class (invalid-password is a verdict,
 * anything else is throttling or refusal) and erin's own login.
 */
import { num } from "../../table.ts"
import { type Attack, byType, countFigures, ms, tally } from "../attack.ts"
import { ATTACKER, isFailure, login, type Login, mustLogin, request } from "../rawClient.ts"

const GUESSERS = 8
const STORM_MS = 5_000
const PASSWORD = "erin-right-12"
const LOGIN_TIMEOUT_MS = 10_000

export const passwordGuessing: Attack = {
  name: "password-guessing",
  description: `${GUESSERS} connections guessing erin's password for ${STORM_MS / 1000} s; erin logs in meanwhile`,
  setup: async (context) => {
    const erin = await mustLogin(context.url, "erin")
    const registered = await request(erin, (id) => `(register :id ${id} :clock 0 :from "erin" :password "${PASSWORD}")`, 30_000)
    if (registered === undefined || isFailure(registered)) throw new Error(`erin could not register: ${registered?.type ?? "no answer"}`)
    erin.terminate()
    await erin.closed
    return async (context) => {
      const answers = new Map<string, number>()
      let guess = 0
      const guesser = async () => {
        while (context.elapsed() < STORM_MS && !context.signal.aborted) {
          const attempt = await login(context.url, "erin", `wrong-${guess++}`, LOGIN_TIMEOUT_MS, ATTACKER)
          attempt.client?.terminate()
          tally(answers, attempt.answer)
        }
      }
      const storm = Promise.all(Array.from({ length: GUESSERS }, guesser))
      await new Promise((done) => setTimeout(done, STORM_MS / 2))
      const real: Login = await login(context.url, "erin", PASSWORD, LOGIN_TIMEOUT_MS)
      real.client?.terminate()
      await storm
      const seconds = context.elapsed() / 1000
      const verdicts = answers.get("invalid-password") ?? 0
      const total = [...answers.values()].reduce((a, b) => a + b, 0)
      const throttled = total - verdicts
      return {
        outcome: `${num(verdicts / seconds, 1)} wrong-pw verdicts/s, ${num(throttled)} throttled/other; erin ${real.answer === "connect" ? "in" : "FAILED"} (${ms(real.ms)})`,
        details: [
          `${num(total)} guesses answered in ${num(seconds, 1)} s: ${byType(answers)}`,
          `erin's real login during the storm: ${real.answer} after ${ms(real.ms)}`
        ],
        figures: {
          guessers: GUESSERS,
          seconds,
          attempts: total,
          invalidPassword: verdicts,
          verdictsPerSecond: verdicts / seconds,
          other: throttled,
          erinAnswer: real.answer,
          erinOk: real.answer === "connect",
          erinMs: real.ms,
          ...countFigures("answer.", answers)
        }
      }
    }
  }
}
