/**
 * A paced load for `pnpm bench:cluster`: each stream sends `rate` messages
 * per second into its channel, message j due j × 1000 / rate ms after the
 * start, from the channel's members in turn (so from every runner in
 * turn, members being spread over the runners), skipping members that
 * cannot send (on a killed runner).
 */
import type { Member, Room } from "./clusterMembers.ts"

/** Messages per second into the big channel (× 300 members: 9,000 deliveries per second). */
export const BIG_RATE = 30
/** Messages per second into each small channel (× 30 members × 10 channels: 3,000 deliveries per second). */
export const SMALL_RATE = 10

export interface Stream {
  readonly room: Room
  readonly rate: number
}

/** The paced load: BIG_RATE into the big channel, SMALL_RATE into each small one. */
export const streamsOf = (big: Room, small: ReadonlyArray<Room>): Array<Stream> => [
  { room: big, rate: BIG_RATE },
  ...small.map((room) => ({ room, rate: SMALL_RATE }))
]

export interface Pacer {
  /** Stops sending; resolves once the pacer's timer has stopped. */
  readonly stop: () => Promise<void>
}

/** Starts sending: `send(room, member)` for each message due, until stopped. */
export const startPacer = (
  streams: ReadonlyArray<Stream>,
  send: (room: Room, member: Member) => void,
  skip: (member: Member) => boolean = () => false
): Pacer => {
  const start = performance.now()
  const sent = streams.map(() => 0)
  let running = true
  let finished: () => void = () => {}
  const stopped = new Promise<void>((resolve) => (finished = resolve))
  const tick = () => {
    if (!running) return finished()
    const now = performance.now()
    for (const [s, stream] of streams.entries()) {
      const { members } = stream.room
      for (let j = sent[s] ?? 0; start + (j * 1000) / stream.rate <= now; j++) {
        sent[s] = j + 1
        for (let k = 0; k < members.length; k++) {
          const member = members[(j + k) % members.length]
          if (member === undefined || skip(member)) continue
          send(stream.room, member)
          break
        }
      }
    }
    setTimeout(tick, 1)
  }
  tick()
  return {
    stop: () => {
      running = false
      return stopped
    }
  }
}

/** The paced load for `seconds`. */
export const paceFor = async (
  streams: ReadonlyArray<Stream>,
  seconds: number,
  send: (room: Room, member: Member) => void
): Promise<void> => {
  const pacer = startPacer(streams, send)
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
  await pacer.stop()
}

/** Deliveries per second the streams make (messages × members). */
export const deliveriesPerSecond = (streams: ReadonlyArray<Stream>): number =>
  streams.reduce((sum, stream) => sum + stream.rate * stream.room.members.length, 0)
