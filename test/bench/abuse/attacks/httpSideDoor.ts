/**
 * http-side-door: shirakumo-link serves stored payloads over HTTP with
 * their content type, so the content type of a data update ends up in a
 * response header. Two uploads: image/png with a CR LF and a Set-Cookie
 * line after it (accepted? does the link then answer within GET_MS, with
 * which headers?), and image/svg+xml with a script in an onload handler
 * (accepted? served with which content-type, content-disposition and
 * content-security-policy?).
 */
import type * as Http from "node:http"
import { type Attack, ms } from "../attack.ts"
import { get } from "../http.ts"
import { isFailure, mustEnter, mustLogin, type RawClient, request } from "../rawClient.ts"
import * as Sexpr from "../sexpr.ts"

const GET_MS = 5_000
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fe0def46b80000000049454e44ae426082", "hex")
const SVG = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"><script>alert(1)</script></svg>`)

interface Probe {
  /** The server's answer to the upload. */
  readonly answer: string
  readonly accepted: boolean
  /** What GET of the link answered: status and headers, or why nothing came. */
  readonly served: string | undefined
  readonly headers: Http.IncomingHttpHeaders | undefined
}

const upload = async (client: RawClient, httpBase: string, contentType: string, filename: string, bytes: Buffer): Promise<Probe> => {
  const reply = await request(
    client,
    (id) =>
      `(data :id ${id} :clock 0 :from "door" :channel "door" :content-type ${Sexpr.str(contentType)} :filename ${Sexpr.str(filename)} :payload "${bytes.toString("base64")}")`,
    GET_MS
  )
  const link = reply === undefined || isFailure(reply) ? undefined : Sexpr.stringField(reply.head, "text")
  const path = link === undefined ? undefined : /\/link\/[A-Za-z0-9_-]+/.exec(link)?.[0]
  if (reply === undefined || path === undefined) {
    return { answer: reply?.type ?? "no answer", accepted: false, served: undefined, headers: undefined }
  }
  const response = await get(`${httpBase}${path}`, GET_MS)
  return response.ok
    ? { answer: reply.type, accepted: true, served: `HTTP ${response.status} in ${ms(response.ms)}`, headers: response.headers }
    : { answer: reply.type, accepted: true, served: response.error === "timeout" ? `no answer (${ms(GET_MS, true)})` : response.error, headers: undefined }
}

const header = (headers: Http.IncomingHttpHeaders | undefined, name: string): string => {
  const value = headers?.[name]
  return value === undefined ? "-" : Array.isArray(value) ? value.join(" | ") : value
}

/** The table's words: refused, or accepted and how the link answered. */
const short = (probe: Probe, detail: (headers: Http.IncomingHttpHeaders) => string): string =>
  !probe.accepted
    ? `refused (${probe.answer})`
    : probe.headers === undefined
    ? `accepted, GET ${probe.served}`
    : `accepted, ${detail(probe.headers)}`

export const httpSideDoor: Attack = {
  name: "http-side-door",
  description: "data with a CR LF in its content type, and an SVG with a script",
  setup: async (context) => {
    const client = context.track(await mustLogin(context.url, "door"))
    await mustEnter(client, "door", "door", "create")
    return async (context) => {
      const crlf = await upload(client, context.httpBase, "image/png;\r\nSet-Cookie: a=b", "a.png", PNG)
      const svg = await upload(client, context.httpBase, "image/svg+xml", "x.svg", SVG)
      const crlfShort = short(crlf, (headers) => `HTTP ${headers["set-cookie"] === undefined ? "no" : "WITH"} set-cookie`)
      const svgShort = short(svg, (headers) =>
        `${header(headers, "content-disposition").split(";")[0]}, ${header(headers, "content-security-policy") === "-" ? "no CSP" : "CSP"}`)
      return {
        outcome: `crlf: ${crlfShort}; svg: ${svgShort}`,
        details: [
          `CR LF content type: ${crlf.answer}${crlf.accepted ? `; GET: ${crlf.served}; set-cookie ${header(crlf.headers, "set-cookie")}; content-type ${JSON.stringify(header(crlf.headers, "content-type"))}` : ""}`,
          `SVG: ${svg.answer}${svg.accepted ? `; GET: ${svg.served}; content-type ${header(svg.headers, "content-type")}; content-disposition ${header(svg.headers, "content-disposition")}; content-security-policy ${header(svg.headers, "content-security-policy")}; x-content-type-options ${header(svg.headers, "x-content-type-options")}` : ""}`
        ],
        figures: {
          crlfAnswer: crlf.answer,
          crlfAccepted: crlf.accepted,
          crlfServed: crlf.served ?? null,
          crlfSetCookie: crlf.headers === undefined ? null : header(crlf.headers, "set-cookie"),
          crlfHeaders: crlf.headers === undefined ? null : JSON.stringify(crlf.headers),
          svgAnswer: svg.answer,
          svgAccepted: svg.accepted,
          svgServed: svg.served ?? null,
          svgHeaders: svg.headers === undefined ? null : JSON.stringify(svg.headers)
        }
      }
    }
  }
}
