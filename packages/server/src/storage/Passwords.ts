/**
 * Password hashing for registered profiles: scrypt (a slow, memory-hard key
 * derivation from `node:crypto`) over the password with a random salt per
 * profile and the server-wide salt mixed in, compared in constant time.
 * Passwords are never stored in clear.
 *
 * @since 0.1.0
 */

import * as Crypto from "node:crypto"
import { Effect, Redacted } from "effect"

/** A stored password hash. */
export interface PasswordHash {
  readonly algorithm: "scrypt"
  /** scrypt cost parameter N. */
  readonly cost: number
  readonly salt: Uint8Array
  readonly hash: Uint8Array
}

const keyLength = 32
/** N = 2^14: tens of milliseconds per hash, 16 MiB of memory. */
const defaultCost = 1 << 14

const derive = (password: string, serverSalt: Redacted.Redacted<string>, salt: Uint8Array, cost: number) =>
  Effect.callback<Uint8Array>((resume) => {
    Crypto.scrypt(
      password + "\u0000" + Redacted.value(serverSalt),
      salt,
      keyLength,
      { N: cost, r: 8, p: 1, maxmem: 64 * 1024 * 1024 },
      (error, key) => resume(error === null ? Effect.succeed(new Uint8Array(key)) : Effect.die(error))
    )
  })

/**
 * Hashes a new password with a fresh random salt. `cost` (scrypt's N, a
 * power of two) defaults to 2^14; the cost is stored with the hash, so
 * existing hashes keep verifying when the default changes.
 */
export const hash = (
  password: string,
  serverSalt: Redacted.Redacted<string>,
  cost: number = defaultCost
): Effect.Effect<PasswordHash> =>
  Effect.suspend(() => {
    const salt = new Uint8Array(Crypto.randomBytes(16))
    return Effect.map(derive(password, serverSalt, salt, cost), (hash) => ({
      algorithm: "scrypt" as const,
      cost,
      salt,
      hash
    }))
  })

/** Checks a password against a stored hash, in constant time. */
export const verify = (
  password: string,
  serverSalt: Redacted.Redacted<string>,
  stored: PasswordHash
): Effect.Effect<boolean> =>
  Effect.map(
    derive(password, serverSalt, stored.salt, stored.cost),
    (candidate) => candidate.length === stored.hash.length && Crypto.timingSafeEqual(candidate, stored.hash)
  )
