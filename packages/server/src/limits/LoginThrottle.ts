/**
 * Login throttling: after failed logins, a name and an address must each
 * wait before trying again — twice as long after every further failure —
 * and a try made too early is refused at once, before any password is
 * checked. A name or address that has failed may have only one password
 * check under way, so that parallel connections cannot slip guesses in
 * while earlier ones are being checked. Names get a short cap so that
 * someone else's guessing never locks a real user out for long; addresses
 * a long one.
 *
 * @since 0.1.0
 */

/** How one kind of key (names, addresses) is throttled. */
interface Backoff {
  /** Failures allowed before the first wait. */
  readonly free: number
  /** The first wait, in milliseconds; each further failure doubles it. */
  readonly baseMillis: number
  /** The longest wait. */
  readonly maxMillis: number
}

/** The throttle's rules. */
export interface ThrottlePolicy {
  readonly name: Backoff
  readonly address: Backoff
  /** A key with no failure for this long is forgotten. */
  readonly forgetMillis: number
  /** Keys remembered per kind at most (the longest-quiet are forgotten first). */
  readonly maxKeys: number
}

export const defaultPolicy: ThrottlePolicy = {
  name: { free: 10, baseMillis: 1_000, maxMillis: 60_000 },
  address: { free: 5, baseMillis: 1_000, maxMillis: 15 * 60_000 },
  forgetMillis: 60 * 60_000,
  maxKeys: 100_000
}

interface Failures {
  count: number
  last: number
  until: number
  /** Password checks under way. */
  checking: number
}

/** The wait asked of a try while another check of the same failed name or address is under way. */
const BUSY_MILLIS = 1_000

/** Failed logins per key, oldest first (a failure moves its key to the end). */
class FailureTable {
  private readonly table = new Map<string, Failures>()
  private readonly backoff: Backoff
  private readonly policy: ThrottlePolicy
  constructor(backoff: Backoff, policy: ThrottlePolicy) {
    this.backoff = backoff
    this.policy = policy
  }

  /** Milliseconds `key` must still wait at `now` (read only: stale keys are dropped by `failed`). */
  wait(key: string, now: number): number {
    const entry = this.table.get(key)
    if (entry === undefined || now - entry.last >= this.policy.forgetMillis) return 0
    return Math.max(0, entry.until - now, entry.checking > 0 ? BUSY_MILLIS : 0)
  }

  /** A password check of `key` starts (counted only for a key that has failed). */
  start(key: string): void {
    const entry = this.table.get(key)
    if (entry !== undefined) entry.checking++
  }

  /** A check of `key` ended without a failure. */
  finish(key: string): void {
    const entry = this.table.get(key)
    if (entry !== undefined && entry.checking > 0) entry.checking--
  }

  /** A check of `key` ended in a failure. */
  failed(key: string, now: number): void {
    this.finish(key)
    const known = this.table.get(key)
    const fresh = known === undefined || now - known.last >= this.policy.forgetMillis
    const count = fresh ? 1 : known.count + 1
    const over = count - this.backoff.free
    const delay = over < 0 ? 0 : Math.min(this.backoff.maxMillis, this.backoff.baseMillis * 2 ** Math.min(over, 30))
    this.table.delete(key)
    this.table.set(key, { count, last: now, until: now + delay, checking: known?.checking ?? 0 })
    const oldest = this.table.size > this.policy.maxKeys ? this.table.keys().next().value : undefined
    if (oldest !== undefined) this.table.delete(oldest)
  }

  forget(key: string): void {
    this.table.delete(key)
  }
}

/** The failed logins the server remembers. */
export class LoginThrottle {
  private readonly names: FailureTable
  private readonly addresses: FailureTable
  constructor(policy: ThrottlePolicy = defaultPolicy) {
    this.names = new FailureTable(policy.name, policy)
    this.addresses = new FailureTable(policy.address, policy)
  }

  /** Milliseconds before a login as `name` (a name key) from `address` may be tried; 0 when it may now. */
  wait(name: string, address: string, now: number): number {
    return Math.max(this.names.wait(name, now), this.addresses.wait(address, now))
  }

  /** A password check starts (after `wait` said 0); `failed` or `succeeded` ends it. */
  start(name: string, address: string): void {
    this.names.start(name)
    this.addresses.start(address)
  }

  /** Counts a failed login. */
  failed(name: string, address: string, now: number): void {
    this.names.failed(name, now)
    this.addresses.failed(address, now)
  }

  /**
   * A successful login clears its name's failures (not its address's: one
   * account of one's own must not reset the guessing of others).
   */
  succeeded(name: string, address: string): void {
    this.addresses.finish(address)
    this.names.forget(name)
  }
}
