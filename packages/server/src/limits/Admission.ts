/**
 * Admission of sockets that have not completed their handshake. Sockets
 * that have not spoken yet are bounded apart from everything else, so that
 * sockets that never send `connect` cannot lock real users out: at most
 * `handshakesPerAddress` silent ones per address (more are refused), at most
 * `handshakeLimit` in all (at the limit the oldest is dropped to make room:
 * a real client sends `connect` at once, so the oldest is the likeliest to
 * be idle), and each must send its first update within `firstUpdateTimeout`
 * (Connection.ts). A socket that has spoken (its password being checked,
 * say) is no longer at risk of being dropped; its handshake is bounded by
 * `handshakeTimeout` and the login throttle.
 *
 * Only the registry's actor changes it (Registry.ts), so each step is atomic.
 *
 * @since 0.1.0
 */
import * as Fs from "node:fs"
import type { ConnectionHandle } from "../Model.ts"

/** What admitting a new socket decided. */
export type Admitted =
  | { readonly _tag: "Admitted"; readonly evicted: ConnectionHandle | undefined }
  | { readonly _tag: "AddressFull" }

/** The sockets in their handshake, and those of them not heard from yet: oldest first, counted per address. */
export class Handshakes {
  private readonly open = new Set<ConnectionHandle>()
  private readonly silent = new Set<ConnectionHandle>()
  private readonly perAddress = new Map<string, number>()

  /** Sockets in their handshake now. */
  get size(): number {
    return this.open.size
  }

  /** Sockets not heard from yet. */
  get silentCount(): number {
    return this.silent.size
  }

  /** Admits a new socket, or refuses it when its address has `perAddress` silent ones already. */
  admit(connection: ConnectionHandle, limit: number, perAddress: number): Admitted {
    const count = this.perAddress.get(connection.address) ?? 0
    if (count >= perAddress) return { _tag: "AddressFull" }
    let evicted: ConnectionHandle | undefined
    if (this.silent.size >= limit) {
      evicted = this.silent.values().next().value
      if (evicted !== undefined) this.done(evicted)
    }
    this.open.add(connection)
    this.silent.add(connection)
    this.perAddress.set(connection.address, count + 1)
    return { _tag: "Admitted", evicted }
  }

  /** The socket sent its first update; a second call does nothing. */
  spoke(connection: ConnectionHandle): void {
    if (!this.silent.delete(connection)) return
    const count = this.perAddress.get(connection.address) ?? 1
    if (count <= 1) this.perAddress.delete(connection.address)
    else this.perAddress.set(connection.address, count - 1)
  }

  /** The socket's handshake ended (completed or not); a second call does nothing. */
  done(connection: ConnectionHandle): void {
    this.spoke(connection)
    this.open.delete(connection)
  }
}

/** File descriptors kept free for everything that is not a socket (files, SQLite, logs). */
export const RESERVED_FDS = 64

/**
 * The process's soft limit on open files (`ulimit -n`), from
 * `/proc/self/limits`; `undefined` where that cannot be read (not Linux) or
 * the limit is unlimited.
 */
export const openFileLimit = (limits: string | undefined = readLimits()): number | undefined => {
  const soft = /^Max open files\s+(\d+|unlimited)/m.exec(limits ?? "")?.[1]
  return soft === undefined || soft === "unlimited" ? undefined : Number(soft)
}

const readLimits = (): string | undefined => {
  try {
    return Fs.readFileSync("/proc/self/limits", "utf8")
  } catch {
    return undefined
  }
}

/**
 * The most sockets the listener keeps open at once: every connection the
 * server accepts, every handshake, and room for HTTP requests — but never
 * more than the file descriptors the process may open, less a reserve, so
 * that the server refuses sockets cleanly instead of running out of them.
 */
export const socketBudget = (connectionLimit: number, handshakeLimit: number, fdLimit: number | undefined): number => {
  const wanted = connectionLimit + handshakeLimit + RESERVED_FDS
  return fdLimit === undefined ? wanted : Math.max(1, Math.min(wanted, fdLimit - RESERVED_FDS))
}
