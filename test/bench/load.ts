/**
 * `pnpm bench:load`: drives a Lichat server with many WebSocket clients
 * from this separate process, and the same load against a minimal
 * broadcast server written directly on `ws` (rawServer.ts), then prints our
 * figures as ratios of the raw server's.
 *
 *   node test/bench/load.ts [--target raw|lichat|both] [--url ws://…] [--quick]
 *
 * Measures: connection setup rate; fan-out deliveries per second in
 * channels of 10, 100 and 1,000 members; delivery latency p50/p99 under a
 * paced load (clients in channels of 10, one message per second each);
 * server RSS per idle connection at 1,000 and 10,000 connections.
 */
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { type BenchClient, closeAll, connectMany, countMessages, id, joinAll } from "./BenchClient.ts"

const args = process.argv.slice(2)
const option = (name: string) => {
  const i = args.indexOf(`--${name}`)
  return i < 0 ? undefined : args[i + 1]
}
const quick = args.includes("--quick")
const targets = (option("target") ?? "both") === "both" ? ["raw", "lichat"] : [option("target")!]
const fixedUrl = option("url")

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

interface Server {
  readonly url: string
  readonly pid: number | undefined
  readonly stop: () => void
}

/** Starts a server child process and waits for its port. */
const spawnServer = (target: string): Promise<Server> =>
  new Promise((resolve, reject) => {
    if (fixedUrl !== undefined) return resolve({ url: fixedUrl, pid: undefined, stop: () => {} })
    const script = Path.join(import.meta.dirname, target === "raw" ? "rawServer.ts" : "lichatServer.ts")
    const child = ChildProcess.spawn(process.execPath, [script, "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] })
    child.stdout.on("data", (data: Buffer) => {
      const match = /listening (\d+)/.exec(data.toString())
      if (match !== null) resolve({ url: `ws://127.0.0.1:${match[1]}/`, pid: child.pid, stop: () => child.kill("SIGKILL") })
    })
    child.once("exit", (code) => reject(new Error(`${target} server exited with ${code}`)))
  })

const rssMb = (pid: number | undefined): number => {
  if (pid === undefined) return Number.NaN
  const status = Fs.readFileSync(`/proc/${pid}/status`, "utf8")
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024
}

const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!

interface Figures {
  setupPerSecond: number
  fanout: Record<number, number>
  p50: number
  p99: number
  rss1k: number
  rss10k: number
  perConnectionKb: number
}

/** Connection setup: clients handshaken per second. */
const measureSetup = async (url: string, count: number): Promise<number> => {
  const start = performance.now()
  const clients = await connectMany(url, "setup", count)
  const rate = count / ((performance.now() - start) / 1000)
  closeAll(clients)
  await sleep(300)
  return rate
}

/** Fan-out: deliveries per second in one channel of `size` members with a bounded number of messages in flight. */
const measureFanout = async (url: string, size: number, seconds: number): Promise<number> => {
  const clients = await connectMany(url, `f${size}-`, size)
  await joinAll(clients, `fan${size}`)
  const senders = clients.slice(0, Math.min(10, size))
  const inFlightPerSender = Math.max(1, Math.floor(200 / size))
  let deliveries = 0
  let running = true
  const sendOne = (sender: BenchClient) =>
    sender.send(`(message :id ${id()} :channel "fan${size}" :text "fan-out ${sender.name}")`)
  for (const client of clients) {
    const isSender = senders.includes(client)
    const marker = `:text "fan-out ${client.name}"`
    client.onFrame = (frame) => {
      deliveries += countMessages(frame)
      if (isSender && running && frame.includes(marker)) sendOne(client)
    }
  }
  await sleep(200)
  const start = performance.now()
  deliveries = 0
  for (const sender of senders) for (let i = 0; i < inFlightPerSender; i++) sendOne(sender)
  await sleep(seconds * 1000)
  const rate = deliveries / ((performance.now() - start) / 1000)
  running = false
  await sleep(300)
  closeAll(clients)
  await sleep(300)
  return rate
}

/**
 * Waits until the server is quiet: the join and leave storms of earlier
 * phases (every user's arrival and departure goes to everyone in the
 * primary channel) are over when a ping comes back within 2 ms three times
 * in a row (at most 30 s). Both servers are measured the same way.
 */
const settle = async (probe: BenchClient): Promise<void> => {
  let quiet = 0
  const deadline = performance.now() + 30_000
  while (quiet < 3 && performance.now() < deadline) {
    const rtt = await new Promise<number>((resolve) => {
      const sent = performance.now()
      const pingId = id()
      probe.onFrame = (frame) => {
        if (frame.includes("(pong ") && frame.includes(`:id ${pingId}`)) resolve(performance.now() - sent)
      }
      probe.send(`(ping :id ${pingId})`)
    })
    quiet = rtt < 2 ? quiet + 1 : 0
    await sleep(100)
  }
}

/** Paced load: every client sends one message per second; latency from send to each delivery. */
const measureLatency = async (url: string, count: number, seconds: number): Promise<{ p50: number; p99: number }> => {
  const clients = await connectMany(url, "lat", count)
  for (let g = 0; g * 10 < count; g++) await joinAll(clients.slice(g * 10, g * 10 + 10), `paced${g}`)
  await settle(clients[0]!)
  const samples: Array<number> = []
  const pattern = /:text "L([\d.]+)"/g
  for (const client of clients) {
    client.onFrame = (frame) => {
      const now = performance.now()
      for (const match of frame.matchAll(pattern)) samples.push(now - Number(match[1]))
    }
  }
  const timers = clients.map((client, i) => {
    const group = Math.floor(i / 10)
    const start = setTimeout(() => {
      const tick = () => client.send(`(message :id ${id()} :channel "paced${group}" :text "L${performance.now()}")`)
      tick()
      const every = setInterval(tick, 1000)
      setTimeout(() => clearInterval(every), (seconds - 1) * 1000)
    }, Math.random() * 1000)
    return start
  })
  await sleep((seconds + 1) * 1000)
  for (const t of timers) clearTimeout(t)
  closeAll(clients)
  await sleep(300)
  samples.sort((a, b) => a - b)
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) }
}

/**
 * Idle connections: server RSS at 1,000 connections of 1,000 users, then at
 * `max` connections, the rest opened as 100 registered users (`idle0`…
 * `idle99`) with many connections each. Every new user's join goes to
 * every user present (spec §4.1, §5.4.1), so `max` distinct users would
 * cost max²/2 deliveries before the server is idle; spreading the extra
 * connections over 100 users keeps the run to seconds and measures what a
 * connection itself costs.
 */
const measureRss = async (target: string, max: number) => {
  const server = await spawnServer(target)
  await sleep(500)
  const base = rssMb(server.pid)
  const first = await connectMany(server.url, "solo", 1000)
  await sleep(1000)
  const at1k = rssMb(server.pid)
  let rest: Array<BenchClient> = []
  let reached = 1000
  try {
    rest = await connectMany(server.url, "idle", max - 1000, 200, { count: 100, password: "password" })
    reached = max
  } catch (error) {
    process.stdout.write(`  could not open ${max} connections: ${String(error)}\n`)
  }
  await sleep(1500)
  const atMax = rssMb(server.pid)
  closeAll([...first, ...rest])
  server.stop()
  await sleep(300)
  return { base, at1k, atMax, reached }
}

const run = async (target: string): Promise<Figures> => {
  process.stdout.write(`\n== ${target} ==\n`)
  const server = await spawnServer(target)
  const setupPerSecond = await measureSetup(server.url, quick ? 200 : 1000)
  process.stdout.write(`connection setup: ${setupPerSecond.toFixed(0)} handshakes/s\n`)
  const fanout: Record<number, number> = {}
  for (const size of quick ? [10, 100] : [10, 100, 1000]) {
    fanout[size] = await measureFanout(server.url, size, quick ? 1.5 : 3)
    process.stdout.write(`fan-out, ${size} members: ${fanout[size]!.toFixed(0)} deliveries/s\n`)
  }
  const latency = await measureLatency(server.url, quick ? 200 : 1000, quick ? 5 : 10)
  process.stdout.write(`paced latency: p50 ${latency.p50.toFixed(2)} ms, p99 ${latency.p99.toFixed(2)} ms\n`)
  server.stop()
  await sleep(300)
  const rss = fixedUrl === undefined ? await measureRss(target, quick ? 2000 : 10_000) : { base: NaN, at1k: NaN, atMax: NaN, reached: 0 }
  const perConnectionKb = ((rss.atMax - rss.base) * 1024) / rss.reached
  process.stdout.write(
    `RSS: ${rss.base.toFixed(0)} MB idle, ${rss.at1k.toFixed(0)} MB at 1000 connections, ` +
      `${rss.atMax.toFixed(0)} MB at ${rss.reached} (${perConnectionKb.toFixed(1)} KB per connection)\n`
  )
  return { setupPerSecond, fanout, p50: latency.p50, p99: latency.p99, rss1k: rss.at1k, rss10k: rss.atMax, perConnectionKb }
}

const results = new Map<string, Figures>()
for (const target of targets) results.set(target, await run(target))

const raw = results.get("raw")
const ours = results.get("lichat")
if (raw !== undefined && ours !== undefined) {
  process.stdout.write(`\n== lichat / raw ws ==\n`)
  process.stdout.write(`connection setup: ${(ours.setupPerSecond / raw.setupPerSecond).toFixed(2)}\n`)
  for (const size of Object.keys(ours.fanout)) {
    const ratio = ours.fanout[Number(size)]! / raw.fanout[Number(size)]!
    process.stdout.write(`fan-out ${size}: ${ratio.toFixed(2)} of raw (target >= 0.5)\n`)
  }
  process.stdout.write(`paced p99 latency: ${(ours.p99 / raw.p99).toFixed(2)}x raw (target <= 2x)\n`)
  process.stdout.write(`RSS at ${quick ? 2000 : 10_000} idle connections: ${ours.rss10k.toFixed(0)} MB (target <= 500 MB at 10,000)\n`)
}
process.exit(0)
