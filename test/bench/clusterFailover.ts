/**
 * Failover of `pnpm bench:cluster`: under the paced load of clusterPace.ts
 * (the big channel at BIG_RATE, each small one at SMALL_RATE) one runner —
 * not the first, where the channels were created — is killed with
 * SIGKILL. Measured:
 *
 * - failover time, per channel: from the kill until a message sent after
 *   the kill by a member on a surviving runner is received by a member on
 *   the other surviving runner. A channel whose shard the killed runner
 *   held is interrupted until its lock expires and a survivor takes it; one
 *   held elsewhere hardly notices (the gap between two sends).
 * - messages, for the members on surviving runners, in three classes by
 *   their send time: before the kill, between the kill and their channel's
 *   recovery, after it. A message is answered when its sender received it
 *   back, refused when the sender got an error naming its id, unanswered
 *   otherwise. An answered message that a surviving member never received
 *   is lost (per message, and per delivery); a message a member received
 *   twice is a duplicate.
 * - order: every surviving member of a channel must have received the
 *   messages they both received in the same order as the channel's first
 *   surviving member.
 * - the killed runner's users' `leave`s of each channel, as received by
 *   the surviving members.
 *
 * Each message's text is `K<seq>`, seq numbering the messages of this
 * phase.
 */
import type { Layout, Member, Room } from "./clusterMembers.ts"
import { startPacer, streamsOf } from "./clusterPace.ts"
import type { Runner } from "./clusterRunner.ts"
import { updatesOf } from "./frames.ts"
import { sleep } from "./sleep.ts"
import * as Update from "./updates.ts"

/** How long channels are given to recover before the phase gives up on them. */
const RECOVERY_TIMEOUT_MS = 30_000
/** A channel counts as interrupted when it took longer than this to recover. */
export const INTERRUPTED_MS = 1000
/** The drain at the end: until nothing arrived for QUIET_MS, at most DRAIN_MS. */
const QUIET_MS = 1000
const DRAIN_MS = 10_000

const STAMP = Buffer.from(':text "K')
const QUOTE = 0x22
const LEAVE = Buffer.from("(leave ")
const UPDATE_ID = Buffer.from(":update-id ")

export type Period = "before" | "during" | "after"
export const PERIODS: ReadonlyArray<Period> = ["before", "during", "after"]

export interface MessageCounts {
  readonly sent: number
  readonly answered: number
  readonly refused: number
  /** Sent from surviving runners and neither received back nor refused. */
  readonly unanswered: number
  /** Answered messages some surviving member did not receive, and the deliveries missing. */
  readonly lostMessages: number
  readonly lostDeliveries: number
  /** Deliveries beyond the first of a message to a member. */
  readonly duplicates: number
}

export interface RoomRecovery {
  readonly name: string
  readonly members: number
  /** From the kill; NaN when it did not recover within RECOVERY_TIMEOUT_MS. */
  readonly ms: number
}

export interface FailoverFigures {
  readonly killed: string
  readonly preSeconds: number
  readonly postSeconds: number
  readonly big: RoomRecovery
  readonly rooms: ReadonlyArray<RoomRecovery>
  readonly counts: Readonly<Record<Period, MessageCounts>>
  /** Deliveries missing (of answered messages) by route, `sender's runner→receiver's runner` (1-based), most first. */
  readonly missingByRoute: ReadonlyArray<{ readonly route: string; readonly count: number }>
  /** The errors that refused messages, by kind (update type and text), most frequent first. */
  readonly refusals: ReadonlyArray<{ readonly kind: string; readonly count: number }>
  readonly receivers: number
  /** Surviving members who received some messages in another order than their channel's reference member. */
  readonly outOfOrder: number
  readonly leaves: { readonly expected: number; readonly received: number; readonly lastMs: number }
}

type Counting = { -readonly [K in keyof MessageCounts]: number }

const zero = (): Counting => ({ sent: 0, answered: 0, refused: 0, unanswered: 0, lostMessages: 0, lostDeliveries: 0, duplicates: 0 })

interface Sent {
  readonly room: number
  readonly sender: Member
  readonly at: number
  answer: "none" | "echo" | "refused"
}

interface Receiver {
  readonly member: Member
  readonly room: number
  /** Seqs in the order received. */
  readonly seen: Array<number>
  leaves: number
}

/** The ids of the message updates sent, to their seqs, so that an error naming one is matched. */
const idOf = (update: string): number => Number(/:id (\d+)/.exec(update)?.[1])

/** An error's type and text, without what differs from one message to the next. */
const kindOf = (update: string): string => {
  const type = /^\(([^\s)]+)/.exec(update)?.[1] ?? "?"
  const text = /:text "((?:[^"\\]|\\.)*)"/.exec(update)?.[1]
  return text === undefined ? type : `${type} "${text.slice(0, 100)}"`
}

/** The messages of `seen` in the order first received, without repeats. */
const firstOrder = (seen: ReadonlyArray<number>): Array<number> => [...new Set(seen)]

const sameOrder = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): boolean => {
  const inA = new Set(a)
  const inB = new Set(b)
  const common = a.filter((seq) => inB.has(seq))
  const theirs = b.filter((seq) => inA.has(seq))
  return common.length === theirs.length && common.every((seq, i) => theirs[i] === seq)
}

/** Kills `victim` (a runner of `layout`'s cluster, index `killed`) under the paced load. */
export const measureFailover = async (
  layout: Layout,
  victim: Runner,
  killed: number,
  preSeconds: number,
  postSeconds: number
): Promise<FailoverFigures> => {
  const rooms: ReadonlyArray<Room> = layout.rooms
  const roomIndex = new Map(rooms.map((room, i) => [room.name, i]))
  const sent: Array<Sent> = []
  const byId = new Map<number, number>()
  const recovered: Array<number | undefined> = rooms.map(() => undefined)
  let killAt = Number.POSITIVE_INFINITY
  let lastReceipt = performance.now()
  let lastLeave = Number.NaN
  const receivers: Array<Receiver> = []
  const refusals = new Map<string, number>()

  for (const member of layout.members) {
    const room = roomIndex.get(member.channel) ?? 0
    const receiver: Receiver = { member, room, seen: [], leaves: 0 }
    if (member.runner !== killed) receivers.push(receiver)
    const inChannel = `:channel "${member.channel}"`
    member.client.onFrame = (frame) => {
      const now = performance.now()
      for (let at = frame.indexOf(STAMP); at >= 0; at = frame.indexOf(STAMP, at + 1)) {
        lastReceipt = now
        const from = at + STAMP.length
        const seq = Number(frame.toString("latin1", from, frame.indexOf(QUOTE, from)))
        const message = sent[seq]
        if (message === undefined) continue
        receiver.seen.push(seq)
        if (message.sender === member) {
          if (message.answer === "none") message.answer = "echo"
          continue
        }
        if (
          message.at >= killAt && recovered[message.room] === undefined && member.runner !== killed &&
          message.sender.runner !== killed && message.sender.runner !== member.runner
        ) {
          recovered[message.room] = now
        }
      }
      if (frame.includes(UPDATE_ID)) {
        for (const text of updatesOf(frame)) {
          const id = Number(/:update-id (\d+)/.exec(text)?.[1])
          const message = sent[byId.get(id) ?? -1]
          if (message === undefined || message.sender !== member || message.answer !== "none") continue
          message.answer = "refused"
          const kind = kindOf(text)
          refusals.set(kind, (refusals.get(kind) ?? 0) + 1)
        }
      }
      if (now >= killAt && frame.includes(LEAVE)) {
        for (const text of updatesOf(frame)) {
          if (!text.startsWith("(leave ") || !text.includes(inChannel)) continue
          receiver.leaves++
          lastLeave = now
        }
      }
    }
  }

  const pacer = startPacer(
    streamsOf(layout.big, layout.small),
    (room, member) => {
      const seq = sent.length
      const update = Update.message(room.name, `K${seq}`)
      sent.push({ room: roomIndex.get(room.name) ?? 0, sender: member, at: performance.now(), answer: "none" })
      byId.set(idOf(update), seq)
      member.client.send(update)
    },
    (member) => member.runner === killed && performance.now() >= killAt
  )
  let stopAt: number
  try {
    await sleep(preSeconds * 1000)
    killAt = performance.now()
    await victim.kill()
    const deadline = killAt + RECOVERY_TIMEOUT_MS
    while (recovered.some((at) => at === undefined) && performance.now() < deadline) await sleep(20)
    await sleep(postSeconds * 1000)
  } finally {
    await pacer.stop()
    stopAt = performance.now()
  }
  const drainEnd = stopAt + DRAIN_MS
  while (performance.now() < drainEnd && performance.now() - lastReceipt < QUIET_MS) await sleep(50)

  const periodOf = (message: Sent): Period => {
    if (message.at < killAt) return "before"
    const back = recovered[message.room]
    return back === undefined || message.at < back ? "during" : "after"
  }
  const counts: Record<Period, Counting> = { before: zero(), during: zero(), after: zero() }
  const countOf = (message: Sent): Counting => counts[periodOf(message)]

  // How often each surviving member received each message.
  const received = receivers.map((receiver) => {
    const times = new Map<number, number>()
    for (const seq of receiver.seen) times.set(seq, (times.get(seq) ?? 0) + 1)
    return times
  })
  const routes = new Map<string, number>()
  const byRoom = rooms.map((_, r) => receivers.flatMap((receiver, i) => (receiver.room === r ? [i] : [])))
  for (const [seq, message] of sent.entries()) {
    const count = countOf(message)
    count.sent++
    if (message.answer === "echo") count.answered++
    else if (message.answer === "refused") count.refused++
    else if (message.sender.runner !== killed) count.unanswered++
    if (message.answer !== "echo") continue
    let missing = 0
    for (const i of byRoom[message.room] ?? []) {
      const receiver = receivers[i]
      if (receiver === undefined || receiver.member === message.sender || received[i]?.has(seq) === true) continue
      missing++
      const route = `${message.sender.runner + 1}→${receiver.member.runner + 1}`
      routes.set(route, (routes.get(route) ?? 0) + 1)
    }
    count.lostDeliveries += missing
    if (missing > 0) count.lostMessages++
  }
  for (const times of received) {
    for (const [seq, n] of times) {
      const message = sent[seq]
      if (message !== undefined && n > 1) countOf(message).duplicates += n - 1
    }
  }

  let outOfOrder = 0
  for (const members of byRoom) {
    const [reference, ...others] = members.map((i) => firstOrder(receivers[i]?.seen ?? []))
    if (reference === undefined) continue
    for (const order of others) if (!sameOrder(reference, order)) outOfOrder++
  }

  const killedIn = rooms.map((room) => room.members.filter((member) => member.runner === killed).length)
  const recovery = (room: Room, r: number): RoomRecovery => ({
    name: room.name,
    members: room.members.length,
    ms: (recovered[r] ?? Number.NaN) - killAt
  })
  const recoveries = rooms.map(recovery)
  return {
    killed: victim.name,
    preSeconds,
    postSeconds,
    big: recoveries[0] ?? recovery(layout.big, 0),
    rooms: recoveries,
    counts,
    missingByRoute: [...routes].map(([route, count]) => ({ route, count })).sort((a, b) => b.count - a.count),
    refusals: [...refusals].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count),
    receivers: receivers.length,
    outOfOrder,
    leaves: {
      expected: receivers.reduce((sum, receiver) => sum + (killedIn[receiver.room] ?? 0), 0),
      received: receivers.reduce((sum, receiver) => sum + receiver.leaves, 0),
      lastMs: lastLeave - killAt
    }
  }
}
