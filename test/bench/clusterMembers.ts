/**
 * The members of `pnpm bench:cluster`: one channel of BIG members and
 * SMALL_ROOMS channels of SMALL members, every member a connection of its
 * own, spread evenly over the runners (member k of a channel on runner
 * k mod runners: 100 per runner in the big channel, 10 per runner in each
 * small one when there are three). Each channel is created by its member
 * 0, on the first runner; the first `create` is retried until it succeeds
 * (a cluster that has just started may not place channels yet).
 */
import { type BenchClient, connect } from "./BenchClient.ts"
import { closeAll } from "./connectMany.ts"
import type { Endpoint } from "./endpoint.ts"
import { updatesOf } from "./frames.ts"
import { joinRoom } from "./rooms.ts"
import { settle } from "./settle.ts"
import { sleep } from "./sleep.ts"
import * as Update from "./updates.ts"

export const BIG = 300
export const SMALL = 30
export const SMALL_ROOMS = 10

/** How long the first `create` is retried. */
const CREATE_TIMEOUT_MS = 30_000
/** How long one `create` may go unanswered before it is sent again. */
const ATTEMPT_MS = 5_000
const RETRY_PAUSE_MS = 500
/** Handshakes in flight at once. */
const PARALLEL = 100

export interface Member {
  readonly client: BenchClient
  /** Its place among all members, unique in the layout. */
  readonly index: number
  /** The runner it is connected to (0-based). */
  readonly runner: number
  readonly channel: string
}

export interface Room {
  readonly name: string
  readonly members: ReadonlyArray<Member>
}

export interface Layout {
  readonly runners: number
  readonly big: Room
  readonly small: ReadonlyArray<Room>
  readonly rooms: ReadonlyArray<Room>
  readonly members: ReadonlyArray<Member>
  /** How long the first channel's `create` took to succeed, and in how many attempts. */
  readonly created: { readonly ms: number; readonly attempts: number }
}

interface Spec {
  readonly name: string
  readonly index: number
  readonly runner: number
  readonly channel: string
}

/** Sends one `create`; undefined once this client's join is back, else why not. */
const attemptCreate = (client: BenchClient, channel: string): Promise<string | undefined> =>
  new Promise((resolve) => {
    const update = Update.create(channel)
    const id = /:id (\d+)/.exec(update)?.[1] ?? ""
    const answer = new RegExp(`:update-id ${id}(?!\\d)`)
    const own = `:from "${client.name}"`
    const inChannel = `:channel "${channel}"`
    const done = (reason: string | undefined) => {
      clearTimeout(timer)
      client.onFrame = () => {}
      resolve(reason)
    }
    const timer = setTimeout(() => done(`no answer within ${ATTEMPT_MS / 1000} s`), ATTEMPT_MS)
    client.onFrame = (frame) => {
      for (const text of updatesOf(frame)) {
        if (text.startsWith("(join ") && text.includes(inChannel) && text.includes(own)) return done(undefined)
        if (!answer.test(text)) continue
        // Left by an earlier attempt that the server carried out after all.
        if (text.startsWith("(channelname-taken ")) client.send(Update.join(channel))
        else return done(text.slice(0, 200))
      }
    }
    client.send(update)
  })

/** Creates `channel`, retrying until it succeeds or CREATE_TIMEOUT_MS have passed. */
const createChannel = async (client: BenchClient, channel: string): Promise<{ readonly ms: number; readonly attempts: number }> => {
  const start = performance.now()
  for (let attempts = 1; ; attempts++) {
    const failure = await attemptCreate(client, channel)
    if (failure === undefined) return { ms: performance.now() - start, attempts }
    if (performance.now() - start >= CREATE_TIMEOUT_MS) {
      throw new Error(`could not create channel ${channel} within ${CREATE_TIMEOUT_MS / 1000} s (${attempts} attempts); last answer: ${failure}`)
    }
    await sleep(RETRY_PAUSE_MS)
  }
}

/** Connects every spec to its runner, PARALLEL handshakes at a time; all or an error. */
const connectSpecs = async (runners: ReadonlyArray<Endpoint>, specs: ReadonlyArray<Spec>): Promise<Array<Member>> => {
  const members: Array<Member> = []
  let next = 0
  let failure: string | undefined
  const worker = async () => {
    while (next < specs.length && failure === undefined) {
      const spec = specs[next++]
      const runner = spec === undefined ? undefined : runners[spec.runner]
      if (spec === undefined || runner === undefined) continue
      try {
        members.push({ ...spec, client: await connect(runner, spec.name) })
      } catch (error) {
        failure ??= `${spec.name} on runner ${spec.runner + 1}: ${error instanceof Error ? error.message : String(error)}`
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL, specs.length) }, worker))
  if (failure !== undefined) {
    closeAll(members.map((member) => member.client))
    throw new Error(`could not connect ${specs.length} members: ${failure}`)
  }
  return members.sort((a, b) => a.index - b.index)
}

/** Every member's spec, in index order: the big channel's, then each small one's. */
const specsOf = (prefix: string, runners: number): Array<Spec> => {
  const specs: Array<Spec> = []
  const add = (channel: string, size: number, name: (k: number) => string) => {
    for (let k = 0; k < size; k++) specs.push({ name: name(k), index: specs.length, runner: k % runners, channel })
  }
  add(`${prefix}big`, BIG, (k) => `${prefix}b${k}`)
  for (let g = 0; g < SMALL_ROOMS; g++) add(`${prefix}small${g}`, SMALL, (k) => `${prefix}s${g}m${k}`)
  return specs
}

/** The members of `channel`, in index order. */
const roomOf = (members: ReadonlyArray<Member>, channel: string): Room => ({
  name: channel,
  members: members.filter((member) => member.channel === channel)
})

/** One member on each runner, for pings. */
export const probesOf = (layout: Layout): Array<BenchClient> =>
  Array.from({ length: layout.runners }, (_, r) => layout.members.find((member) => member.runner === r)?.client)
    .filter((client): client is BenchClient => client !== undefined)

/** Waits until every runner answers pings quickly (see settle.ts), all at once. */
export const settleAll = async (layout: Layout): Promise<void> => {
  for (const member of layout.members) member.client.onFrame = () => {}
  await Promise.all(probesOf(layout).map((probe) => settle(probe)))
}

/**
 * Connects every member and puts it into its channel: the big channel's
 * member 0 first, creating it until that works, then everyone else.
 */
export const setUp = async (runners: ReadonlyArray<Endpoint>, prefix: string): Promise<Layout> => {
  const specs = specsOf(prefix, runners.length)
  const [first, ...rest] = specs
  if (first === undefined) throw new Error("no members")
  const [creator] = await connectSpecs(runners, [first])
  if (creator === undefined) throw new Error("no creator")
  const members: Array<Member> = [creator]
  try {
    const created = await createChannel(creator.client, first.channel)
    members.push(...(await connectSpecs(runners, rest)))
    members.sort((a, b) => a.index - b.index)
    const channels = [...new Set(specs.map((spec) => spec.channel))]
    const rooms = channels.map((channel) => roomOf(members, channel))
    await Promise.all(rooms.map(async (room) => {
      const [owner, ...others] = room.members
      if (owner === undefined) return
      if (owner !== creator) await createChannel(owner.client, room.name)
      await joinRoom(others.map((member) => member.client), room.name)
    }))
    const [big, ...small] = rooms
    if (big === undefined) throw new Error("no big channel")
    const layout: Layout = { runners: runners.length, big, small, rooms, members, created }
    await settleAll(layout)
    return layout
  } catch (error) {
    closeAll(members.map((member) => member.client))
    throw error
  }
}

/** Drops every member's connection. */
export const closeLayout = (layout: Layout): void => closeAll(layout.members.map((member) => member.client))
