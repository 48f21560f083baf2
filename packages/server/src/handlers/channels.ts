/**
 * `channels` (spec §5.5.1): the names of the channels whose rules let the
 * sender list them, checked against the primary channel's rules; the update
 * comes back with its `channels` filled in.
 *
 * @since 0.1.0
 */
import { allowsUpdate, nameKey, updateSymbol } from "@lichat/core"
import { Effect } from "effect"
import { Registry } from "../actors/Registry.ts"
import { ServerConfig } from "../config/ServerConfig.ts"
import { send } from "../connection/Session.ts"
import { isChildOf } from "../extensions/channelTrees/trees.ts"
import * as Extensions from "../extensions/Extensions.ts"
import * as Handler from "./Handler.ts"

/**
 * The names of the channels whose rules let the sender list them (§5.5.1);
 * with shirakumo-channel-trees and a `channel`, only its direct children.
 */
export const channels = Handler.make({
  tag: "channels",
  handle: (session, update) =>
    Handler.inPrimary(session, update, () =>
      Effect.gen(function*() {
        const registry = yield* Registry
        const config = yield* ServerConfig
        const type = updateSymbol(update)
        // shirakumo-channel-trees: with a channel, only its direct children.
        const parent = update.channel !== undefined && Extensions.isEnabled(config, "shirakumo-channel-trees")
          ? nameKey(update.channel)
          : undefined
        // In a cluster, the channels its store keeps; else the registry's own.
        const listed = registry.listChannels === undefined
          ? Array.from(registry.state.channels, ([key, entry]) => ({ key, name: entry.handle.name, rules: entry.state.rules }))
          : yield* registry.listChannels
        const names: Array<string> = []
        for (const { key, name, rules } of listed) {
          if (parent !== undefined && !isChildOf(key, parent)) continue
          if (allowsUpdate(rules, type, session.user.name)) names.push(name)
        }
        send(session.connection, Handler.patch(update, { channels: names }))
      }))
})
