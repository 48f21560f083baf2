/**
 * Every update handler of the server, core protocol and extensions. The
 * dispatcher looks handlers up here by update tag.
 *
 * @since 0.1.0
 */
import * as Dispatch from "../Dispatch.ts"
import { create } from "./create.ts"
import { disconnect } from "./disconnect.ts"
import { capabilities, channels, serverInfo, userInfo, users } from "./information.ts"
import { join, leave } from "./membership.ts"
import { message } from "./message.ts"
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

/** The handler table. */
export const handlers: Dispatch.HandlerTable = Dispatch.table(coreHandlers)
