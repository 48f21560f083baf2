/**
 * The wire benchmark: reads, decodes and prints a fixed corpus of realistic
 * updates and prints updates/s and MB/s for each stage. Run with
 * `pnpm bench` (one process, one core).
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

/** Runs `f` repeatedly for about `budgetMs`, returning operations per second. */
const measure = (f: () => void): number => {
  for (let i = 0; i < 2000; i++) f() // warm up
  let ops = 0
  const start = performance.now()
  let elapsed = 0
  while (elapsed < budgetMs) {
    for (let i = 0; i < 200; i++) f()
    ops += 200
    elapsed = performance.now() - start
  }
  return (ops / elapsed) * 1000
}

const fmt = (n: number) => n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(0)
const pad = (s: string, n: number) => s.padEnd(n)

let sink: unknown
process.stdout.write(`wire benchmark (node ${process.version}, ${budgetMs} ms per figure)\n`)
process.stdout.write(`${pad("update", 16)}${pad("stage", 22)}${pad("updates/s", 14)}MB/s\n`)
for (const [name, text] of corpus) {
  const bytes = Buffer.byteLength(text)
  const read = readObject(text)
  if (Result.isFailure(read)) throw new Error(`${name}: ${read.failure._tag}`)
  const decoded = decodeUpdate(read.success)
  if (Result.isFailure(decoded)) throw new Error(`${name}: ${decoded.failure.text}`)
  const update: Update = decoded.success
  const rows: Array<readonly [string, () => void]> = [
    ["read", () => void (sink = readObject(text))],
    ["read + decode", () => {
      const r = readObject(text)
      if (Result.isSuccess(r)) sink = decodeUpdate(r.success)
    }],
    ["print", () => void (sink = printUpdate(update))]
  ]
  for (const [stage, f] of rows) {
    const rate = measure(f)
    process.stdout.write(`${pad(name, 16)}${pad(stage, 22)}${pad(fmt(rate), 14)}${((rate * bytes) / 1e6).toFixed(1)}\n`)
  }
}
void sink
