/**
 * One HTTP GET with a deadline, for /healthz probes and shirakumo-link
 * downloads: status, headers and body size, or why there was no answer.
 */
import * as Http from "node:http"

export interface Answer {
  readonly ok: true
  readonly status: number
  readonly headers: Http.IncomingHttpHeaders
  readonly body: Buffer
  readonly ms: number
}

export interface NoAnswer {
  readonly ok: false
  /** `timeout` when nothing (or not all) came back in time, else the error. */
  readonly error: string
  readonly ms: number
}

/** GETs `url`; gives up after `timeoutMs` (the connection is dropped then). */
export const get = (url: string, timeoutMs: number): Promise<Answer | NoAnswer> =>
  new Promise((resolve) => {
    const start = performance.now()
    const done = (answer: Answer | NoAnswer) => {
      clearTimeout(timer)
      resolve(answer)
    }
    const request = Http.get(url, { agent: false }, (response) => {
      const chunks: Array<Buffer> = []
      response.on("data", (chunk: Buffer) => chunks.push(chunk))
      response.on("end", () =>
        done({ ok: true, status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), ms: performance.now() - start }))
      response.on("error", (error) => done({ ok: false, error: error.message, ms: performance.now() - start }))
    })
    request.on("error", (error) => done({ ok: false, error: error.message, ms: performance.now() - start }))
    const timer = setTimeout(() => {
      done({ ok: false, error: "timeout", ms: timeoutMs })
      request.destroy()
    }, timeoutMs)
  })

/** What /healthz reports. */
export interface Health {
  readonly connections: number
  readonly users: number
  readonly channels: number
}

/** Reads /healthz; undefined when it does not answer in time or answers something else. */
export const health = async (httpBase: string, timeoutMs = 10_000): Promise<Health | undefined> => {
  const answer = await get(`${httpBase}/healthz`, timeoutMs)
  if (!answer.ok || answer.status !== 200) return undefined
  try {
    const json: unknown = JSON.parse(answer.body.toString("utf8"))
    if (typeof json !== "object" || json === null) return undefined
    const field = (name: string): number => {
      const value: unknown = (json as Record<string, unknown>)[name]
      return typeof value === "number" ? value : Number.NaN
    }
    return { connections: field("connections"), users: field("users"), channels: field("channels") }
  } catch {
    return undefined
  }
}
