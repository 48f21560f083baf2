/**
 * A channel's backfill ring (shirakumo-backfill; the search archive of
 * shirakumo-history is storage/MessageArchive.ts): the last `limit`
 * distributed updates, at most `maxBytes` of printed text, oldest dropped
 * first.
 *
 * Kept off the JavaScript heap on purpose: every distributed update lives
 * here for minutes, so as objects (an entry and a string each) they would be
 * most of what each young collection has to copy and promote. Here an
 * update costs a few numbers in typed arrays and its UTF-8 bytes in one ring
 * buffer; the text is decoded again only when a member asks for backfill.
 * Both rings start small and grow by doubling up to their bounds.
 *
 * @since 0.1.0
 */

/** What backfill needs to know of a kept update besides its text. */
export interface HistoryMeta {
  readonly seq: number
  /** The update's clock (universal time). */
  readonly clock: number
  /** The sender's name key, so that backfill honours block lists too. */
  readonly fromKey: string | undefined
  /** Whether the update is a `join` (a member's own join is never replayed to it). */
  readonly isJoin: boolean
}

/** A kept update, as replay sees it. */
export interface HistoryEntry extends HistoryMeta {
  /** The printed frame, exactly as it was first sent. */
  readonly frame: string
}

const FIRST_ENTRIES = 16
const FIRST_BYTES = 4096

/** Where a frame is encoded before it is copied into a ring; shared, since `add` runs to completion. */
let scratch = Buffer.allocUnsafeSlow(FIRST_BYTES)

export class BackfillRing {
  readonly limit: number
  readonly maxBytes: number
  // Entry rings: slot (first + i) % capacity holds the i-th oldest entry.
  private seqs = new Float64Array(FIRST_ENTRIES)
  private clocks = new Float64Array(FIRST_ENTRIES)
  private joins = new Uint8Array(FIRST_ENTRIES)
  private offsets = new Uint32Array(FIRST_ENTRIES)
  private lengths = new Uint32Array(FIRST_ENTRIES)
  private fromKeys: Array<string | undefined> = new Array(FIRST_ENTRIES)
  private first = 0
  private count = 0
  // Byte ring: the entries' bytes follow each other from `head`, `used` of them, wrapping at
  // the end. Allocated with the first update, so that a channel nobody speaks in costs no buffer.
  private bytes: Buffer = Buffer.alloc(0)
  private head = 0
  private used = 0
  private readonly firstBytes: number

  /** `firstBytes`: the byte ring's starting size (tests make it tiny to exercise growth). */
  constructor(limit: number, maxBytes: number, firstBytes = FIRST_BYTES) {
    this.limit = limit
    this.maxBytes = maxBytes
    this.firstBytes = Math.max(1, firstBytes)
  }

  /** Updates kept. */
  get size(): number {
    return this.count
  }

  /** UTF-8 bytes kept. */
  get byteSize(): number {
    return this.used
  }

  /** Keeps an update, dropping the oldest ones while over either bound. A frame larger than `maxBytes` is not kept. */
  add(meta: HistoryMeta, frame: string): void {
    // Every UTF-16 unit takes at least a byte: a frame longer than that is not even encoded.
    if (frame.length > this.maxBytes) return
    const length = this.encode(frame)
    if (length > this.maxBytes) return
    while (this.count > 0 && (this.count >= this.limit || this.used + length > this.maxBytes)) this.dropOldest()
    if (this.count === this.seqs.length) this.growEntries()
    if (this.used + length > this.bytes.length || this.bytes.length === 0) this.growBytes(this.used + length)
    const slot = (this.first + this.count) % this.seqs.length
    const offset = (this.head + this.used) % this.bytes.length
    this.copyIn(offset, length)
    this.seqs[slot] = meta.seq
    this.clocks[slot] = meta.clock
    this.joins[slot] = meta.isJoin ? 1 : 0
    this.fromKeys[slot] = meta.fromKey
    this.offsets[slot] = offset
    this.lengths[slot] = length
    this.count++
    this.used += length
  }

  /** Calls `f` with each kept update, oldest first; the frame text is decoded only when read. */
  forEach(f: (entry: HistoryEntry) => void): void {
    for (let i = 0; i < this.count; i++) {
      const slot = (this.first + i) % this.seqs.length
      const offset = this.offsets[slot] ?? 0
      const length = this.lengths[slot] ?? 0
      const history = this
      f({
        seq: this.seqs[slot] ?? 0,
        clock: this.clocks[slot] ?? 0,
        fromKey: this.fromKeys[slot],
        isJoin: this.joins[slot] === 1,
        get frame() {
          return history.decode(offset, length)
        }
      })
    }
  }

  /** UTF-8 of `frame` into the scratch buffer; its length in bytes. */
  private encode(frame: string): number {
    const needed = Buffer.byteLength(frame, "utf8")
    if (needed > scratch.length) {
      if (needed > this.maxBytes) return needed
      scratch = Buffer.allocUnsafeSlow(Math.max(needed, scratch.length * 2))
    }
    return scratch.write(frame, 0, "utf8")
  }

  /** Copies the scratch buffer's first `length` bytes into the ring at `offset`, wrapping at the end. */
  private copyIn(offset: number, length: number): void {
    const beforeWrap = Math.min(length, this.bytes.length - offset)
    scratch.copy(this.bytes, offset, 0, beforeWrap)
    if (beforeWrap < length) scratch.copy(this.bytes, 0, beforeWrap, length)
  }

  private decode(offset: number, length: number): string {
    const end = offset + length
    if (end <= this.bytes.length) return this.bytes.toString("utf8", offset, end)
    return Buffer.concat([this.bytes.subarray(offset), this.bytes.subarray(0, end - this.bytes.length)]).toString("utf8")
  }

  private dropOldest(): void {
    const length = this.lengths[this.first] ?? 0
    this.used -= length
    this.head = this.used === 0 ? 0 : (this.head + length) % this.bytes.length
    this.fromKeys[this.first] = undefined
    this.first = (this.first + 1) % this.seqs.length
    this.count--
  }

  /** Doubles the entry rings (up to `limit`), oldest entry first in slot 0. */
  private growEntries(): void {
    const capacity = Math.min(this.limit, this.seqs.length * 2)
    const order = Array.from({ length: this.count }, (_, i) => (this.first + i) % this.seqs.length)
    const move = <T extends Float64Array | Uint8Array | Uint32Array>(from: T, to: T): T => {
      order.forEach((slot, i) => {
        to[i] = from[slot] ?? 0
      })
      return to
    }
    this.seqs = move(this.seqs, new Float64Array(capacity))
    this.clocks = move(this.clocks, new Float64Array(capacity))
    this.joins = move(this.joins, new Uint8Array(capacity))
    this.offsets = move(this.offsets, new Uint32Array(capacity))
    this.lengths = move(this.lengths, new Uint32Array(capacity))
    const fromKeys: Array<string | undefined> = new Array(capacity)
    order.forEach((slot, i) => {
      fromKeys[i] = this.fromKeys[slot]
    })
    this.fromKeys = fromKeys
    this.first = 0
  }

  /** Grows the byte ring to hold at least `needed` bytes (up to `maxBytes`), the oldest entry's bytes at 0. */
  private growBytes(needed: number): void {
    let capacity = Math.max(this.bytes.length, this.firstBytes)
    while (capacity < needed) capacity *= 2
    const bytes = Buffer.allocUnsafeSlow(Math.min(this.maxBytes, capacity))
    if (this.used > 0) {
      const start = this.head
      const beforeWrap = Math.min(this.used, this.bytes.length - start)
      this.bytes.copy(bytes, 0, start, start + beforeWrap)
      if (beforeWrap < this.used) this.bytes.copy(bytes, beforeWrap, 0, this.used - beforeWrap)
      for (let i = 0; i < this.count; i++) {
        const slot = (this.first + i) % this.seqs.length
        this.offsets[slot] = ((this.offsets[slot] ?? 0) - start + this.bytes.length) % this.bytes.length
      }
    }
    this.bytes = bytes
    this.head = 0
  }
}
