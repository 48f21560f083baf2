/**
 * Every update handler of the server, core protocol and extensions. The
 * dispatcher looks handlers up here by update tag; an extension's handlers
 * answer only while the extension is enabled. Each update is in a module
 * named after it: `handlers/<update>.ts` for the core protocol,
 * `extensions/<extension>/<update>.ts` for an extension (camelCase names:
 * `set-channel-info` is `extensions/channelInfo/setChannelInfo.ts`).
 *
 * @since 0.1.0
 */
import type { ChannelSteps } from "../actors/Channel.ts"
import * as Dispatch from "../connection/Dispatch.ts"
import { backfill } from "../extensions/backfill/backfill.ts"
import { block } from "../extensions/block/block.ts"
import { blocked } from "../extensions/block/blocked.ts"
import { unblock } from "../extensions/block/unblock.ts"
import { bridge } from "../extensions/bridge/bridge.ts"
import { channelInfo } from "../extensions/channelInfo/channelInfo.ts"
import { setChannelInfo } from "../extensions/channelInfo/setChannelInfo.ts"
import { data } from "../extensions/data/data.ts"
import { edit } from "../extensions/edit/edit.ts"
import { emote } from "../extensions/emotes/emote.ts"
import { emotes } from "../extensions/emotes/emotes.ts"
import { ipBan } from "../extensions/ip/ipBan.ts"
import { ipBlacklist } from "../extensions/ip/ipBlacklist.ts"
import { ipUnban } from "../extensions/ip/ipUnban.ts"
import { lastRead } from "../extensions/lastRead/lastRead.ts"
import { pause } from "../extensions/moderation/pause.ts"
import { quiet } from "../extensions/moderation/quiet.ts"
import { quieted } from "../extensions/moderation/quieted.ts"
import { unquiet } from "../extensions/moderation/unquiet.ts"
import { react } from "../extensions/reactions/react.ts"
import { search } from "../extensions/search/search.ts"
import { ban } from "../extensions/serverManagement/ban.ts"
import { blacklist } from "../extensions/serverManagement/blacklist.ts"
import { destroy } from "../extensions/serverManagement/destroy.ts"
import { kill } from "../extensions/serverManagement/kill.ts"
import { unban } from "../extensions/serverManagement/unban.ts"
import { typing } from "../extensions/typing/typing.ts"
import { setUserInfo } from "../extensions/userInfo/setUserInfo.ts"
import { capabilities } from "./capabilities.ts"
import { channels } from "./channels.ts"
import { create } from "./create.ts"
import { deny } from "./deny.ts"
import { disconnect } from "./disconnect.ts"
import { grant } from "./grant.ts"
import { join } from "./join.ts"
import { kick } from "./kick.ts"
import { leave } from "./leave.ts"
import { message } from "./message.ts"
import { permissions } from "./permissions.ts"
import { ping } from "./ping.ts"
import { pong } from "./pong.ts"
import { pull } from "./pull.ts"
import { register } from "./register.ts"
import { serverInfo } from "./serverInfo.ts"
import { userInfo } from "./userInfo.ts"
import { users } from "./users.ts"

/** The handlers of the core protocol (spec §4–§5). */
const coreHandlers = [
  ping,
  pong,
  disconnect,
  register,
  create,
  join,
  leave,
  pull,
  kick,
  message,
  permissions,
  grant,
  deny,
  users,
  channels,
  userInfo,
  capabilities,
  serverInfo
] as const

/** The handlers of the Shirakumo extensions (spec/shirakumo.mess). */
const extensionHandlers = [
  backfill,
  data,
  emotes,
  emote,
  edit,
  channelInfo,
  setChannelInfo,
  kill,
  destroy,
  ban,
  unban,
  blacklist,
  pause,
  quiet,
  unquiet,
  quieted,
  ipBan,
  ipUnban,
  ipBlacklist,
  bridge,
  setUserInfo,
  block,
  unblock,
  blocked,
  react,
  lastRead,
  typing,
  search
] as const

/** The handler table. */
export const handlers: Dispatch.HandlerTable = Dispatch.table([...coreHandlers, ...extensionHandlers])

/** The channel steps of the handlers whose updates are handled inside their channel, by tag. */
export const channelSteps: ChannelSteps = new Map(
  Array.from(handlers.values()).flatMap((h) => h.channelStep === undefined ? [] : [[h.tag, h.channelStep] as const])
)
