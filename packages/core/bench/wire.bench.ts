/**
 * The wire benchmark: reads, decodes and prints a fixed corpus of realistic
 * updates and prints updates/s and MB/s for each stage: the median of
 * several short samples taken in turns across all stages, and their range,
 * because these machines change speed from one minute to the next. Run with
 * `pnpm bench` (one process, one core; BENCH_MS sets the time per figure).
 */
import { Result } from "effect"
import { decodeUpdate, printUpdate, readObject, type Update } from "../src/index.ts"

const payload = Buffer.alloc(48 * 1024, 7).toString("base64") // 64 KB of base64
const corpus: ReadonlyArray<readonly [string, string]> = [
  ["short message", `(message :id 1042 :clock 3941000000 :from "ana" :channel "lobby" :text "hi, how are you?")`],
  ["join", `(join :id 77 :clock 3941000000 :from "bob" :channel "lobby")`],
  [
    "permissions",
    `(permissions :id 5 :clock 3941000000 :from "ana" :channel "lobby" :permissions ((message t) (join t) (kick (+ "ana")) (pull (- "troll" "spammer")) (permissions (+ "ana")) (leave t) (users t) (channels t)))`
  ],
  [
    "64 KB data",
    `(shirakumo:data :id 9 :clock 3941000000 :from "ana" :channel "lobby" :content-type "image/png" :filename "cat.png" :payload "${payload}")`
  ]
]

const budgetMs = Number(process.env["BENCH_MS"] ?? 1500)
/** Samples per figure: the rows take turns, so that a machine that slows down for a while slows every row alike. */
const samples = 7

/** Runs `f` repeatedly for about `ms`, returning operations per second. */
const rate = (f: () => void, ms: number): number => {
  let ops = 0
  const start = performance.now()
  let elapsed = 0
  while (elapsed < ms) {
    for (let i = 0; i < 200; i++) f()
    ops += 200
    elapsed = performance.now() - start
  }
  return (ops / elapsed) * 1000
}

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

const fmt = (n: number) => n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(0)
const pad = (s: string, n: number) => s.padEnd(n)

let sink: unknown
interface Row {
  readonly name: string
  readonly stage: string
  readonly bytes: number
  readonly f: () => void
  readonly rates: Array<number>
}
const table: Array<Row> = []
for (const [name, text] of corpus) {
  const bytes = Buffer.byteLength(text)
  const read = readObject(text)
  if (Result.isFailure(read)) throw new Error(`${name}: ${read.failure._tag}`)
  const decoded = decodeUpdate(read.success)
  if (Result.isFailure(decoded)) throw new Error(`${name}: ${decoded.failure.text}`)
  const update: Update = decoded.success
  const stages: Array<readonly [string, () => void]> = [
    ["read", () => void (sink = readObject(text))],
    ["read + decode", () => {
      const r = readObject(text)
      if (Result.isSuccess(r)) sink = decodeUpdate(r.success)
    }],
    ["print", () => void (sink = printUpdate(update))]
  ]
  for (const [stage, f] of stages) table.push({ name, stage, bytes, f, rates: [] })
}

process.stdout.write(`wire benchmark (node ${process.version}, ${samples} samples of ${Math.round(budgetMs / samples)} ms per figure, taken in turns; median and range)\n`)
for (const row of table) rate(row.f, 50) // warm up
for (let i = 0; i < samples; i++) for (const row of table) row.rates.push(rate(row.f, budgetMs / samples))
process.stdout.write(`${pad("update", 16)}${pad("stage", 16)}${pad("updates/s", 12)}${pad("MB/s", 10)}range (updates/s)\n`)
for (const row of table) {
  const mid = median(row.rates)
  const range = `${fmt(Math.min(...row.rates))}–${fmt(Math.max(...row.rates))}`
  process.stdout.write(`${pad(row.name, 16)}${pad(row.stage, 16)}${pad(fmt(mid), 12)}${pad(((mid * row.bytes) / 1e6).toFixed(1), 10)}${range}\n`)
}
void sink
