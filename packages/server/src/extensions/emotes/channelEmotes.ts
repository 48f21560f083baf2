/**
 * Which channels hold shirakumo-emotes emote maps: those that are not
 * anonymous and were created by a registered user (or the server).
 *
 * @since 0.1.0
 */
import { type Emote, type Emotes, nameKey } from "@lichat/core"
import { Effect } from "effect"
import { Registry } from "../../actors/Registry.ts"
import type { Session } from "../../connection/Session.ts"
import * as Handler from "../../handlers/Handler.ts"
import type { ChannelHandle } from "../../Model.ts"
import { ProfileStore } from "../../storage/ProfileStore.ts"

/** Whether the channel may hold emotes: not anonymous, and made by the server or a registered user. */
const holdsEmotes = (channel: ChannelHandle) =>
  Effect.gen(function*() {
    const registry = yield* Registry
    if (channel.kind === "anonymous") return false
    if (channel.kind === "primary") return true
    const registrant = registry.state.channels.get(channel.key)?.state.registrant
    return registrant !== undefined && (yield* (yield* ProfileStore).get(nameKey(registrant))) !== undefined
  })

/**
 * The check `emote` and `emotes` make before going to the channel: a
 * channel that may not hold emotes is answered `insufficient-permissions`.
 */
export const withEmotes = (session: Session, update: Emotes | Emote, channel: ChannelHandle) =>
  Effect.flatMap(holdsEmotes(channel), (holds) =>
    holds ? Effect.succeed(true) : Effect.as(Handler.deny(session, update, `${channel.name} has no emotes.`), false))
