/**
 * Every update handler of the server, core protocol and extensions. The
 * dispatcher looks handlers up here by update tag; an extension's handlers
 * answer only while the extension is enabled.
 *
 * @since 0.1.0
 */
import * as Dispatch from "../Dispatch.ts"
import { backfill } from "../extensions/backfill.ts"
import { block, blocked, unblock } from "../extensions/block.ts"
import { bridge } from "../extensions/bridge.ts"
import { channelInfo, setChannelInfo } from "../extensions/channelInfo.ts"
import { react, typing } from "../extensions/channelUpdates.ts"
import { data } from "../extensions/data.ts"
import { emote, emotes } from "../extensions/emotes.ts"
import { ipBan, ipBlacklist, ipUnban } from "../extensions/ip.ts"
import { lastRead } from "../extensions/lastRead.ts"
import { pause, quiet, quieted, unquiet } from "../extensions/moderation.ts"
import { search } from "../extensions/search.ts"
import { ban, blacklist, destroy, kill, unban } from "../extensions/serverManagement.ts"
import { setUserInfo } from "../extensions/userInfo.ts"
import { create } from "./create.ts"
import { disconnect } from "./disconnect.ts"
import { capabilities, channels, serverInfo, userInfo, users } from "./information.ts"
import { join, leave } from "./membership.ts"
import { edit, message } from "./message.ts"
import { deny, grant, permissions } from "./permissions.ts"
import { ping, pong } from "./ping.ts"
import { kick, pull } from "./pull.ts"
import { register } from "./register.ts"

/** The handlers of the core protocol (spec §4–§5). */
export const coreHandlers = [
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
export const extensionHandlers = [
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
