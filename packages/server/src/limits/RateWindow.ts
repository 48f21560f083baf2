/**
 * A sliding-window rate limit per key: at most `limit` events in any
 * `windowMillis`. Each key keeps the times of its last `limit` events, and
 * keys whose events have all left the window are dropped, so memory is
 * bounded by the keys active within one window.
 *
 * @since 0.1.0
 */
export class RateWindow {
  private readonly events = new Map<string, Array<number>>()
  private readonly limit: number
  private readonly windowMillis: number
  private sweptAt = 0

  constructor(limit: number, windowMillis: number) {
    this.limit = limit
    this.windowMillis = windowMillis
  }

  /** Milliseconds until `key` may have another event at `now` (0: it may now). */
  wait(key: string, now: number): number {
    const times = this.recent(key, now)
    const oldest = times[0]
    return times.length < this.limit || oldest === undefined ? 0 : oldest + this.windowMillis - now
  }

  /** Records an event of `key` at `now`. */
  record(key: string, now: number): void {
    const times = this.recent(key, now)
    times.push(now)
    if (times.length > this.limit) times.shift()
    this.events.set(key, times)
    if (now - this.sweptAt >= this.windowMillis) this.sweep(now)
  }

  /** The times of `key`'s events still within the window at `now`. */
  private recent(key: string, now: number): Array<number> {
    const times = this.events.get(key) ?? []
    while ((times[0] ?? Number.POSITIVE_INFINITY) <= now - this.windowMillis) times.shift()
    return times
  }

  private sweep(now: number): void {
    this.sweptAt = now
    for (const [key, times] of this.events) {
      const last = times[times.length - 1]
      if (last === undefined || last <= now - this.windowMillis) this.events.delete(key)
    }
  }
}
