/**
 * The shirakumo-block list of a registered user, kept in its profile and
 * applied at fan-out (Channel.broadcast skips members who blocked the
 * sender); `block`, `unblock` and `blocked` edit and read it.
 *
 * @since 0.1.0
 */
import { NoSuchProfile, nameKey, type Update } from "@lichat/core"
import { Effect } from "effect"
import type { Session } from "../../connection/Session.ts"
import { fail } from "../../connection/Session.ts"
import * as Handler from "../../handlers/Handler.ts"
import { ProfileStore } from "../../storage/ProfileStore.ts"

/** The profile data key of the block list. */
const BLOCK_KEY = "shirakumo-block"

/** Runs `f` with the sender's profile block list, storing what it returns. */
export const withBlockList = (
  session: Session,
  update: Update,
  f: (names: ReadonlyArray<string>) => ReadonlyArray<string>
) =>
  Handler.inPrimary(session, update, () =>
    Effect.gen(function*() {
      const profiles = yield* ProfileStore
      const profile = session.user.registered ? yield* profiles.get(session.user.key) : undefined
      if (profile === undefined) {
        return yield* fail(session.connection, NoSuchProfile, update, "Only registered users have block lists.")
      }
      const stored = profile.data[BLOCK_KEY]
      const before = Array.isArray(stored) ? stored.filter((n): n is string => typeof n === "string") : []
      const after = f(before)
      if (after !== before) {
        yield* profiles.put(session.user.key, { ...profile, data: { ...profile.data, [BLOCK_KEY]: after } })
        session.user.blocked.clear()
        for (const name of after) session.user.blocked.add(nameKey(name))
      }
    }))
