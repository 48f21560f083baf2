/**
 * `create` (spec §5.3.1): a regular channel when a name is given, an
 * anonymous one (`@` and a random token) when not; the creator joins it and
 * gets a `join` carrying the id of the `create`. A user may create
 * `channelCreations` channels within `channelCreationWindow` (too-many-updates
 * beyond), since each lives on for `channelLifetime` once left.
 *
 * @since 0.1.0
 */

import * as Crypto from "node:crypto"
import { BadName, ChannelnameTaken, type Create, Join, NoSuchParentChannel, TooManyChannels, TooManyUpdates } from "@lichat/core"
import { Duration, Effect } from "effect"
import { Registry } from "../actors/Registry.ts"
import { CreateChannel } from "../actors/RegistryProtocol.ts"
import { ServerConfig } from "../config/ServerConfig.ts"
import type { Session } from "../connection/Session.ts"
import { fail, quote, seconds } from "../connection/Session.ts"
import * as Trees from "../extensions/channelTrees/trees.ts"
import * as Extensions from "../extensions/Extensions.ts"
import * as Handler from "./Handler.ts"

/** A name for an anonymous channel: `@` and 16 random hex digits. */
const anonymousName = (): string => `@${Crypto.randomBytes(8).toString("hex")}`

/** Creates a channel and joins the creator to it. */
export const create = Handler.make({
  tag: "create",
  channelMustExist: false,
  handle: (session, update) =>
    Effect.gen(function*() {
      const registry = yield* Registry
      const config = yield* ServerConfig
      // shirakumo-channel-trees: `a/b` needs its parent `a`, whose rules decide.
      const trees = Extensions.isEnabled(config, "shirakumo-channel-trees")
      const parent = trees && update.channel !== undefined ? Trees.parentName(update.channel) : undefined
      if (trees && update.channel !== undefined && !Trees.isValidTreeName(update.channel)) {
        return yield* fail(session.connection, BadName, update, `${quote(update.channel)} is not a valid channel name.`)
      }
      const parentChannel = parent === undefined ? undefined : registry.findChannel(parent)
      if (parent !== undefined && parentChannel === undefined) {
        return yield* fail(session.connection, NoSuchParentChannel, update, `There is no channel named ${parent}.`)
      }
      return yield* Handler.checkedBy(session, update, parentChannel ?? registry.primary, () => make(session, update))
    })
})

/** Creates the channel, claiming its name atomically in the registry, and joins the creator. */
const make = (session: Session, update: Create) =>
  Effect.gen(function*() {
    const registry = yield* Registry
    const config = yield* ServerConfig
    if (session.user.channels.size >= config.channelsPerUser) {
      return yield* fail(session.connection, TooManyChannels, update, "You are in too many channels.")
    }
    // The creation quota is taken and the name claimed atomically in the registry;
    // an anonymous name that happens to be taken is drawn again.
    const claim = (name: string, kind: "regular" | "anonymous") =>
      registry.call(new CreateChannel({ name, kind, creator: session.user })).pipe(Effect.orDie)
    let channel = yield* claim(update.channel ?? anonymousName(), update.channel === undefined ? "anonymous" : "regular")
    while (channel === "taken" && update.channel === undefined) channel = yield* claim(anonymousName(), "anonymous")
    if (channel === "taken") {
      return yield* fail(session.connection, ChannelnameTaken, update, `A channel named ${update.channel} exists.`)
    }
    if ("wait" in channel) {
      const window = Duration.format(config.channelCreationWindow)
      return yield* fail(
        session.connection,
        TooManyUpdates,
        update,
        `You may create ${config.channelCreations} channels within ${window}; try again in ${seconds(channel.wait)}.`
      )
    }
    // The dispatcher has stamped the create with a clock; the join carries it.
    const clock = update.clock === undefined ? {} : { clock: update.clock }
    const join = new Join({ id: update.id, ...clock, from: session.user.name, channel: channel.name })
    yield* channel.actor.call({ _tag: "Enter", user: session.user, join }).pipe(Effect.ignore)
  })
