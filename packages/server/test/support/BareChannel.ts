/**
 * A channel with no mailbox, for tests of its behaviour: its state and
 * `Channel.behaviour` driven directly, members whose connections keep what
 * they are given, and what they got in a shape without ids and clocks.
 */
import { Join, nameKey, regularChannelRules, type Update } from "@lichat/core"
import { Effect } from "effect"
import * as Actor from "../../src/actors/Actor.ts"
import * as Channel from "../../src/actors/Channel.ts"
import * as ChannelState from "../../src/actors/ChannelState.ts"
import { Registry } from "../../src/actors/Registry.ts"
import { ServerConfig } from "../../src/config/ServerConfig.ts"
import * as Extensions from "../../src/extensions/Extensions.ts"
import { channelSteps } from "../../src/handlers/index.ts"
import type { ChannelHandle, ChannelMessage, ConnectionHandle, Post, Sender, User } from "../../src/Model.ts"
import { toUpdates } from "./MemorySocket.ts"

/** What one member's connection was given, read back as updates. */
export type Inbox = Array<Update>

/** A user with one connection that keeps every frame it is given. */
export const member = (name: string, id = 0): { readonly user: User; readonly connection: ConnectionHandle; readonly inbox: Inbox } => {
  const inbox: Inbox = []
  const connection: ConnectionHandle = {
    id,
    address: "127.0.0.1",
    clientExtensions: new Set(),
    deliver: (frame) => void inbox.push(...toUpdates(frame)),
    close: () => undefined,
    connectedAt: 0
  }
  const user: User = { name, key: nameKey(name), connections: new Set([connection]), channels: new Map(), registered: false, blocked: new Set() }
  return { user, connection, inbox }
}

/** A channel's state and behaviour, with no mailbox: its handle's actor is never used here. */
export const bareChannel = (name: string, registrant: string) =>
  Effect.gen(function*() {
    const registry = yield* Registry
    const config = yield* ServerConfig
    const handle: ChannelHandle = { name, key: nameKey(name), kind: "regular", actor: unusedActor }
    const state = ChannelState.makeState({
      handle,
      registrant,
      rules: regularChannelRules(registrant, Extensions.ruleTables(config)),
      historyLimit: 0
    })
    const behaviour = Actor.byTag(Channel.behaviour(state, { steps: channelSteps, registry, config }))
    return { state, receive: (message: ChannelMessage) => Effect.asVoid(behaviour(message)) }
  })

const unusedActor: Actor.Actor<ChannelMessage> = {
  name: "unused",
  tell: () => false,
  send: () => Effect.die("the behaviour is driven directly"),
  call: () => Effect.die("the behaviour is driven directly")
}

/** The shape of what an inbox got: type, sender and text, without ids and clocks. */
export const shape = (inbox: Inbox) =>
  inbox.map((u) => [u._tag, "from" in u ? u.from : undefined, "text" in u ? u.text : undefined] as const)

/** A client's update posted to the channel, with the target the dispatcher found, if any. */
export const post = (sender: Sender, update: Update & { readonly channel: string }, target?: User): Post => ({
  _tag: "Post",
  sender,
  update,
  target
})

/** A join of `who` to `channel`, as the server makes one. */
export const join = (who: User, channel: string) => new Join({ id: 1, clock: 0, from: who.name, channel })
