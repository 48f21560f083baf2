/**
 * Every Lichat object type as an `effect/Schema` class, with every slot of
 * its superclasses and of the object extensions that apply to it.
 *
 * GENERATED from the spec's lichat.sexpr and shirakumo.sexpr by
 * packages/core/scripts/generate-updates.ts — do not edit by hand.
 *
 * @since 0.1.0
 */

import { Schema } from "effect"
import * as S from "./SlotSchemas.ts"

/** `lichat:update`. */
export class GenericUpdate extends Schema.TaggedClass<GenericUpdate>("lichat:update")("update", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String)
}) {}

/** `lichat:ping`, a kind of update. */
export class Ping extends Schema.TaggedClass<Ping>("lichat:ping")("ping", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String)
}) {}

/** `lichat:pong`, a kind of update. */
export class Pong extends Schema.TaggedClass<Pong>("lichat:pong")("pong", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String)
}) {}

/** `lichat:connect`, a kind of update. */
export class Connect extends Schema.TaggedClass<Connect>("lichat:connect")("connect", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  password: Schema.optionalKey(Schema.String),
  version: Schema.String,
  extensions: Schema.Array(Schema.String),
  otpToken: Schema.optionalKey(Schema.String)
}) {}

/** `lichat:disconnect`, a kind of update. */
export class Disconnect extends Schema.TaggedClass<Disconnect>("lichat:disconnect")("disconnect", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String)
}) {}

/** `lichat:register`, a kind of update. */
export class Register extends Schema.TaggedClass<Register>("lichat:register")("register", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  password: Schema.String,
  otpKey: Schema.optionalKey(Schema.String)
}) {}

/** `lichat:channel-update`, a kind of update. */
export class ChannelUpdate extends Schema.TaggedClass<ChannelUpdate>("lichat:channel-update")("channel-update", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String)
}) {}

/** `lichat:target-update`, a kind of update. */
export class TargetUpdate extends Schema.TaggedClass<TargetUpdate>("lichat:target-update")("target-update", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  target: Schema.String
}) {}

/** `lichat:text-update`, a kind of update. */
export class TextUpdate extends Schema.TaggedClass<TextUpdate>("lichat:text-update")("text-update", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List)
}) {}

/** `lichat:join`, a kind of channel-update. */
export class Join extends Schema.TaggedClass<Join>("lichat:join")("join", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String)
}) {}

/** `lichat:leave`, a kind of channel-update. */
export class Leave extends Schema.TaggedClass<Leave>("lichat:leave")("leave", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String)
}) {}

/** `lichat:message`, a kind of channel-update and text-update. */
export class Message extends Schema.TaggedClass<Message>("lichat:message")("message", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  link: Schema.optionalKey(Schema.String),
  replyTo: Schema.optionalKey(S.List)
}) {}

/** `lichat:create`, a kind of update. */
export class Create extends Schema.TaggedClass<Create>("lichat:create")("create", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.optionalKey(Schema.String)
}) {}

/** `lichat:kick`, a kind of channel-update and target-update. */
export class Kick extends Schema.TaggedClass<Kick>("lichat:kick")("kick", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String),
  target: Schema.String
}) {}

/** `lichat:pull`, a kind of channel-update and target-update. */
export class Pull extends Schema.TaggedClass<Pull>("lichat:pull")("pull", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String),
  target: Schema.String
}) {}

/** `lichat:permissions`, a kind of channel-update. */
export class Permissions extends Schema.TaggedClass<Permissions>("lichat:permissions")("permissions", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String),
  permissions: Schema.optionalKey(Schema.Array(S.List))
}) {}

/** `lichat:grant`, a kind of channel-update and target-update. */
export class Grant extends Schema.TaggedClass<Grant>("lichat:grant")("grant", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String),
  target: Schema.String,
  update: S.Sym
}) {}

/** `lichat:deny`, a kind of channel-update and target-update. */
export class Deny extends Schema.TaggedClass<Deny>("lichat:deny")("deny", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String),
  target: Schema.String,
  update: S.Sym
}) {}

/** `lichat:users`, a kind of channel-update. */
export class Users extends Schema.TaggedClass<Users>("lichat:users")("users", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String),
  users: Schema.optionalKey(Schema.Array(Schema.String))
}) {}

/** `lichat:channels`, a kind of channel-update. */
export class Channels extends Schema.TaggedClass<Channels>("lichat:channels")("channels", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.optionalKey(Schema.String),
  bridge: Schema.optionalKey(Schema.String),
  channels: Schema.optionalKey(Schema.Array(Schema.String))
}) {}

/** `lichat:user-info`, a kind of target-update. */
export class UserInfo extends Schema.TaggedClass<UserInfo>("lichat:user-info")("user-info", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  target: Schema.String,
  registered: Schema.optionalKey(Schema.Boolean),
  connections: Schema.optionalKey(S.Num),
  info: Schema.optionalKey(S.List)
}) {}

/** `lichat:capabilities`, a kind of channel-update. */
export class Capabilities extends Schema.TaggedClass<Capabilities>("lichat:capabilities")("capabilities", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String),
  permitted: Schema.optionalKey(Schema.Array(S.Sym))
}) {}

/** `lichat:server-info`, a kind of target-update. */
export class ServerInfo extends Schema.TaggedClass<ServerInfo>("lichat:server-info")("server-info", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  target: Schema.String,
  attributes: Schema.Array(S.List),
  connections: Schema.Array(Schema.Array(S.List))
}) {}

/** `lichat:failure`, a kind of text-update. */
export class Failure extends Schema.TaggedClass<Failure>("lichat:failure")("failure", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List)
}) {}

/** `lichat:malformed-update`, a kind of failure. */
export class MalformedUpdate extends Schema.TaggedClass<MalformedUpdate>("lichat:malformed-update")("malformed-update", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List)
}) {}

/** `lichat:update-too-long`, a kind of failure. */
export class UpdateTooLong extends Schema.TaggedClass<UpdateTooLong>("lichat:update-too-long")("update-too-long", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List)
}) {}

/** `lichat:connection-unstable`, a kind of failure. */
export class ConnectionUnstable extends Schema.TaggedClass<ConnectionUnstable>("lichat:connection-unstable")("connection-unstable", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List)
}) {}

/** `lichat:too-many-connections`, a kind of failure. */
export class TooManyConnections extends Schema.TaggedClass<TooManyConnections>("lichat:too-many-connections")("too-many-connections", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List)
}) {}

/** `lichat:update-failure`, a kind of failure. */
export class UpdateFailure extends Schema.TaggedClass<UpdateFailure>("lichat:update-failure")("update-failure", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  updateId: S.Id
}) {}

/** `lichat:invalid-update`, a kind of update-failure. */
export class InvalidUpdate extends Schema.TaggedClass<InvalidUpdate>("lichat:invalid-update")("invalid-update", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  updateId: S.Id
}) {}

/** `lichat:already-connected`, a kind of update-failure. */
export class AlreadyConnected extends Schema.TaggedClass<AlreadyConnected>("lichat:already-connected")("already-connected", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  updateId: S.Id
}) {}

/** `lichat:username-mismatch`, a kind of update-failure. */
export class UsernameMismatch extends Schema.TaggedClass<UsernameMismatch>("lichat:username-mismatch")("username-mismatch", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  updateId: S.Id
}) {}

/** `lichat:incompatible-version`, a kind of update-failure. */
export class IncompatibleVersion extends Schema.TaggedClass<IncompatibleVersion>("lichat:incompatible-version")("incompatible-version", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  updateId: S.Id,
  compatibleVersions: Schema.Array(Schema.String)
}) {}

/** `lichat:invalid-password`, a kind of update-failure. */
export class InvalidPassword extends Schema.TaggedClass<InvalidPassword>("lichat:invalid-password")("invalid-password", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  updateId: S.Id
}) {}

/** `lichat:no-such-profile`, a kind of update-failure. */
export class NoSuchProfile extends Schema.TaggedClass<NoSuchProfile>("lichat:no-such-profile")("no-such-profile", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  updateId: S.Id
}) {}

/** `lichat:username-taken`, a kind of update-failure. */
export class UsernameTaken extends Schema.TaggedClass<UsernameTaken>("lichat:username-taken")("username-taken", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  updateId: S.Id
}) {}

/** `lichat:no-such-channel`, a kind of update-failure. */
export class NoSuchChannel extends Schema.TaggedClass<NoSuchChannel>("lichat:no-such-channel")("no-such-channel", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  updateId: S.Id
}) {}

/** `lichat:registration-rejected`, a kind of update-failure. */
export class RegistrationRejected extends Schema.TaggedClass<RegistrationRejected>("lichat:registration-rejected")("registration-rejected", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  updateId: S.Id
}) {}

/** `lichat:already-in-channel`, a kind of update-failure. */
export class AlreadyInChannel extends Schema.TaggedClass<AlreadyInChannel>("lichat:already-in-channel")("already-in-channel", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  updateId: S.Id
}) {}

/** `lichat:not-in-channel`, a kind of update-failure. */
export class NotInChannel extends Schema.TaggedClass<NotInChannel>("lichat:not-in-channel")("not-in-channel", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  updateId: S.Id
}) {}

/** `lichat:channelname-taken`, a kind of update-failure. */
export class ChannelnameTaken extends Schema.TaggedClass<ChannelnameTaken>("lichat:channelname-taken")("channelname-taken", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  updateId: S.Id
}) {}

/** `lichat:too-many-channels`, a kind of update-failure. */
export class TooManyChannels extends Schema.TaggedClass<TooManyChannels>("lichat:too-many-channels")("too-many-channels", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  updateId: S.Id
}) {}

/** `lichat:bad-name`, a kind of update-failure. */
export class BadName extends Schema.TaggedClass<BadName>("lichat:bad-name")("bad-name", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  updateId: S.Id
}) {}

/** `lichat:insufficient-permissions`, a kind of update-failure. */
export class InsufficientPermissions extends Schema.TaggedClass<InsufficientPermissions>("lichat:insufficient-permissions")("insufficient-permissions", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  updateId: S.Id
}) {}

/** `lichat:invalid-permissions`, a kind of update-failure. */
export class InvalidPermissions extends Schema.TaggedClass<InvalidPermissions>("lichat:invalid-permissions")("invalid-permissions", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  updateId: S.Id
}) {}

/** `lichat:no-such-user`, a kind of update-failure. */
export class NoSuchUser extends Schema.TaggedClass<NoSuchUser>("lichat:no-such-user")("no-such-user", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  updateId: S.Id
}) {}

/** `lichat:too-many-updates`, a kind of update-failure. */
export class TooManyUpdates extends Schema.TaggedClass<TooManyUpdates>("lichat:too-many-updates")("too-many-updates", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  updateId: S.Id
}) {}

/** `lichat:clock-skewed`, a kind of update-failure. */
export class ClockSkewed extends Schema.TaggedClass<ClockSkewed>("lichat:clock-skewed")("clock-skewed", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  updateId: S.Id
}) {}

/** `lichat:warning`, a kind of text-update. */
export class Warning extends Schema.TaggedClass<Warning>("lichat:warning")("warning", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  updateId: S.Id
}) {}

/** `lichat:updates-throttled`, a kind of warning. */
export class UpdatesThrottled extends Schema.TaggedClass<UpdatesThrottled>("lichat:updates-throttled")("updates-throttled", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  updateId: S.Id
}) {}

/** `shirakumo:backfill`, a kind of channel-update (shirakumo-backfill). */
export class Backfill extends Schema.TaggedClass<Backfill>("shirakumo:backfill")("backfill", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String),
  since: Schema.optionalKey(S.Num)
}) {}

/** `shirakumo:data`, a kind of channel-update (shirakumo-data). */
export class Data extends Schema.TaggedClass<Data>("shirakumo:data")("data", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String),
  contentType: Schema.String,
  filename: Schema.optionalKey(Schema.String),
  payload: Schema.String
}) {}

/** `shirakumo:bad-content-type`, a kind of update-failure (shirakumo-data). */
export class BadContentType extends Schema.TaggedClass<BadContentType>("shirakumo:bad-content-type")("bad-content-type", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  updateId: S.Id,
  allowedContentTypes: Schema.Array(Schema.String)
}) {}

/** `shirakumo:emotes`, a kind of channel-update (shirakumo-emote). */
export class Emotes extends Schema.TaggedClass<Emotes>("shirakumo:emotes")("emotes", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String),
  names: Schema.optionalKey(Schema.Array(Schema.String))
}) {}

/** `shirakumo:emote`, a kind of channel-update (shirakumo-emote). */
export class Emote extends Schema.TaggedClass<Emote>("shirakumo:emote")("emote", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String),
  contentType: Schema.String,
  name: Schema.String,
  payload: Schema.String
}) {}

/** `shirakumo:emote-list-full`, a kind of update-failure (shirakumo-emote). */
export class EmoteListFull extends Schema.TaggedClass<EmoteListFull>("shirakumo:emote-list-full")("emote-list-full", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  updateId: S.Id
}) {}

/** `shirakumo:edit`, a kind of message (shirakumo-edit). */
export class Edit extends Schema.TaggedClass<Edit>("shirakumo:edit")("edit", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  link: Schema.optionalKey(Schema.String),
  replyTo: Schema.optionalKey(S.List)
}) {}

/** `shirakumo:no-such-parent-channel`, a kind of update-failure (shirakumo-channel-trees). */
export class NoSuchParentChannel extends Schema.TaggedClass<NoSuchParentChannel>("shirakumo:no-such-parent-channel")("no-such-parent-channel", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  updateId: S.Id
}) {}

/** `shirakumo:channel-info`, a kind of channel-update (shirakumo-channel-info). */
export class ChannelInfo extends Schema.TaggedClass<ChannelInfo>("shirakumo:channel-info")("channel-info", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String),
  keys: Schema.Union([Schema.Array(S.Sym), Schema.Literal(true)])
}) {}

/** `shirakumo:set-channel-info`, a kind of channel-update and text-update (shirakumo-channel-info). */
export class SetChannelInfo extends Schema.TaggedClass<SetChannelInfo>("shirakumo:set-channel-info")("set-channel-info", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  key: S.Sym
}) {}

/** `shirakumo:no-such-channel-info`, a kind of update-failure (shirakumo-channel-info). */
export class NoSuchChannelInfo extends Schema.TaggedClass<NoSuchChannelInfo>("shirakumo:no-such-channel-info")("no-such-channel-info", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  updateId: S.Id,
  key: S.Sym
}) {}

/** `shirakumo:malformed-channel-info`, a kind of update-failure (shirakumo-channel-info). */
export class MalformedChannelInfo extends Schema.TaggedClass<MalformedChannelInfo>("shirakumo:malformed-channel-info")("malformed-channel-info", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  updateId: S.Id
}) {}

/** `shirakumo:kill`, a kind of target-update (shirakumo-server-management). */
export class Kill extends Schema.TaggedClass<Kill>("shirakumo:kill")("kill", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  target: Schema.String
}) {}

/** `shirakumo:destroy`, a kind of channel-update (shirakumo-server-management). */
export class Destroy extends Schema.TaggedClass<Destroy>("shirakumo:destroy")("destroy", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String)
}) {}

/** `shirakumo:ban`, a kind of target-update (shirakumo-server-management). */
export class Ban extends Schema.TaggedClass<Ban>("shirakumo:ban")("ban", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  target: Schema.String
}) {}

/** `shirakumo:unban`, a kind of target-update (shirakumo-server-management). */
export class Unban extends Schema.TaggedClass<Unban>("shirakumo:unban")("unban", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  target: Schema.String
}) {}

/** `shirakumo:blacklist`, a kind of update (shirakumo-server-management). */
export class Blacklist extends Schema.TaggedClass<Blacklist>("shirakumo:blacklist")("blacklist", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  target: Schema.optionalKey(Schema.Array(Schema.String))
}) {}

/** `shirakumo:pause`, a kind of channel-update (shirakumo-pause). */
export class Pause extends Schema.TaggedClass<Pause>("shirakumo:pause")("pause", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String),
  by: S.Num
}) {}

/** `shirakumo:quiet`, a kind of channel-update and target-update (shirakumo-quiet). */
export class Quiet extends Schema.TaggedClass<Quiet>("shirakumo:quiet")("quiet", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String),
  target: Schema.String
}) {}

/** `shirakumo:unquiet`, a kind of channel-update and target-update (shirakumo-quiet). */
export class Unquiet extends Schema.TaggedClass<Unquiet>("shirakumo:unquiet")("unquiet", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String),
  target: Schema.String
}) {}

/** `shirakumo:quieted`, a kind of channel-update (shirakumo-quiet). */
export class Quieted extends Schema.TaggedClass<Quieted>("shirakumo:quieted")("quieted", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String),
  target: Schema.optionalKey(Schema.Array(Schema.String))
}) {}

/** `shirakumo:ip-ban`, a kind of update (shirakumo-ip). */
export class IpBan extends Schema.TaggedClass<IpBan>("shirakumo:ip-ban")("ip-ban", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  ip: Schema.String,
  mask: Schema.String
}) {}

/** `shirakumo:ip-unban`, a kind of update (shirakumo-ip). */
export class IpUnban extends Schema.TaggedClass<IpUnban>("shirakumo:ip-unban")("ip-unban", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  ip: Schema.String,
  mask: Schema.String
}) {}

/** `shirakumo:ip-blacklist`, a kind of update (shirakumo-ip). */
export class IpBlacklist extends Schema.TaggedClass<IpBlacklist>("shirakumo:ip-blacklist")("ip-blacklist", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  target: Schema.optionalKey(Schema.Array(Schema.Array(Schema.String)))
}) {}

/** `shirakumo:bad-ip-format`, a kind of update-failure (shirakumo-ip). */
export class BadIpFormat extends Schema.TaggedClass<BadIpFormat>("shirakumo:bad-ip-format")("bad-ip-format", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  updateId: S.Id
}) {}

/** `shirakumo:bridge`, a kind of channel-update (shirakumo-bridge). */
export class Bridge extends Schema.TaggedClass<Bridge>("shirakumo:bridge")("bridge", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String)
}) {}

/** `shirakumo:set-user-info`, a kind of text-update (shirakumo-user-info). */
export class SetUserInfo extends Schema.TaggedClass<SetUserInfo>("shirakumo:set-user-info")("set-user-info", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  key: Schema.String
}) {}

/** `shirakumo:malformed-user-info`, a kind of update-failure (shirakumo-user-info). */
export class MalformedUserInfo extends Schema.TaggedClass<MalformedUserInfo>("shirakumo:malformed-user-info")("malformed-user-info", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  updateId: S.Id
}) {}

/** `shirakumo:no-such-user-info`, a kind of update-failure (shirakumo-user-info). */
export class NoSuchUserInfo extends Schema.TaggedClass<NoSuchUserInfo>("shirakumo:no-such-user-info")("no-such-user-info", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  updateId: S.Id,
  key: S.Sym
}) {}

/** `shirakumo:share-identity`, a kind of update (shirakumo-shared-identity). */
export class ShareIdentity extends Schema.TaggedClass<ShareIdentity>("shirakumo:share-identity")("share-identity", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  key: Schema.optionalKey(Schema.String)
}) {}

/** `shirakumo:unshare-identity`, a kind of update (shirakumo-shared-identity). */
export class UnshareIdentity extends Schema.TaggedClass<UnshareIdentity>("shirakumo:unshare-identity")("unshare-identity", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  key: Schema.optionalKey(Schema.String)
}) {}

/** `shirakumo:list-shared-identities`, a kind of update (shirakumo-shared-identity). */
export class ListSharedIdentities extends Schema.TaggedClass<ListSharedIdentities>("shirakumo:list-shared-identities")("list-shared-identities", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  identities: Schema.optionalKey(S.List)
}) {}

/** `shirakumo:assume-identity`, a kind of target-update (shirakumo-shared-identity). */
export class AssumeIdentity extends Schema.TaggedClass<AssumeIdentity>("shirakumo:assume-identity")("assume-identity", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  target: Schema.String,
  key: Schema.String
}) {}

/** `shirakumo:search`, a kind of channel-update (shirakumo-history). */
export class Search extends Schema.TaggedClass<Search>("shirakumo:search")("search", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String),
  results: Schema.optionalKey(S.List),
  offset: Schema.optionalKey(S.Num),
  query: Schema.optionalKey(S.List)
}) {}

/** `shirakumo:block`, a kind of target-update (shirakumo-block). */
export class Block extends Schema.TaggedClass<Block>("shirakumo:block")("block", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  target: Schema.String
}) {}

/** `shirakumo:unblock`, a kind of target-update (shirakumo-block). */
export class Unblock extends Schema.TaggedClass<Unblock>("shirakumo:unblock")("unblock", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  target: Schema.String
}) {}

/** `shirakumo:blocked`, a kind of update (shirakumo-block). */
export class Blocked extends Schema.TaggedClass<Blocked>("shirakumo:blocked")("blocked", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  target: Schema.optionalKey(Schema.Array(Schema.String))
}) {}

/** `shirakumo:react`, a kind of channel-update (shirakumo-reactions). */
export class React extends Schema.TaggedClass<React>("shirakumo:react")("react", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String),
  target: Schema.String,
  updateId: S.Id,
  emote: Schema.String
}) {}

/** `shirakumo:last-read`, a kind of channel-update (shirakumo-last-read). */
export class LastRead extends Schema.TaggedClass<LastRead>("shirakumo:last-read")("last-read", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String),
  target: Schema.optionalKey(Schema.String),
  updateId: Schema.optionalKey(S.Id)
}) {}

/** `shirakumo:typing`, a kind of channel-update (shirakumo-typing). */
export class Typing extends Schema.TaggedClass<Typing>("shirakumo:typing")("typing", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String)
}) {}

/** `shirakumo:invalid-otp-key`, a kind of update-failure (shirakumo-otp). */
export class InvalidOtpKey extends Schema.TaggedClass<InvalidOtpKey>("shirakumo:invalid-otp-key")("invalid-otp-key", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  text: Schema.String,
  rich: Schema.optionalKey(S.List),
  updateId: S.Id
}) {}

/** `shirakumo:role-update`, a kind of channel-update (shirakumo-roles). */
export class RoleUpdate extends Schema.TaggedClass<RoleUpdate>("shirakumo:role-update")("role-update", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String),
  role: Schema.String
}) {}

/** `shirakumo:role`, a kind of role-update (shirakumo-roles). */
export class Role extends Schema.TaggedClass<Role>("shirakumo:role")("role", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String),
  role: Schema.String,
  permissions: Schema.optionalKey(Schema.Array(S.List))
}) {}

/** `shirakumo:delete-role`, a kind of role-update (shirakumo-roles). */
export class DeleteRole extends Schema.TaggedClass<DeleteRole>("shirakumo:delete-role")("delete-role", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String),
  role: Schema.String
}) {}

/** `shirakumo:assign-role`, a kind of role-update and target-update (shirakumo-roles). */
export class AssignRole extends Schema.TaggedClass<AssignRole>("shirakumo:assign-role")("assign-role", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String),
  role: Schema.String,
  target: Schema.String
}) {}

/** `shirakumo:remove-role`, a kind of role-update and target-update (shirakumo-roles). */
export class RemoveRole extends Schema.TaggedClass<RemoveRole>("shirakumo:remove-role")("remove-role", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String),
  role: Schema.String,
  target: Schema.String
}) {}

/** `shirakumo:roles`, a kind of channel-update (shirakumo-roles). */
export class Roles extends Schema.TaggedClass<Roles>("shirakumo:roles")("roles", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String),
  target: Schema.optionalKey(Schema.String),
  roles: Schema.optionalKey(Schema.Array(Schema.String))
}) {}

/** `shirakumo:no-such-role`, a kind of role-update (shirakumo-roles). */
export class NoSuchRole extends Schema.TaggedClass<NoSuchRole>("shirakumo:no-such-role")("no-such-role", {
  id: S.Id,
  clock: Schema.optionalKey(S.Num),
  from: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  channel: Schema.String,
  bridge: Schema.optionalKey(Schema.String),
  role: Schema.String
}) {}

/** Every update class, in definition order. */
export const all = [
  GenericUpdate,
  Ping,
  Pong,
  Connect,
  Disconnect,
  Register,
  ChannelUpdate,
  TargetUpdate,
  TextUpdate,
  Join,
  Leave,
  Message,
  Create,
  Kick,
  Pull,
  Permissions,
  Grant,
  Deny,
  Users,
  Channels,
  UserInfo,
  Capabilities,
  ServerInfo,
  Failure,
  MalformedUpdate,
  UpdateTooLong,
  ConnectionUnstable,
  TooManyConnections,
  UpdateFailure,
  InvalidUpdate,
  AlreadyConnected,
  UsernameMismatch,
  IncompatibleVersion,
  InvalidPassword,
  NoSuchProfile,
  UsernameTaken,
  NoSuchChannel,
  RegistrationRejected,
  AlreadyInChannel,
  NotInChannel,
  ChannelnameTaken,
  TooManyChannels,
  BadName,
  InsufficientPermissions,
  InvalidPermissions,
  NoSuchUser,
  TooManyUpdates,
  ClockSkewed,
  Warning,
  UpdatesThrottled,
  Backfill,
  Data,
  BadContentType,
  Emotes,
  Emote,
  EmoteListFull,
  Edit,
  NoSuchParentChannel,
  ChannelInfo,
  SetChannelInfo,
  NoSuchChannelInfo,
  MalformedChannelInfo,
  Kill,
  Destroy,
  Ban,
  Unban,
  Blacklist,
  Pause,
  Quiet,
  Unquiet,
  Quieted,
  IpBan,
  IpUnban,
  IpBlacklist,
  BadIpFormat,
  Bridge,
  SetUserInfo,
  MalformedUserInfo,
  NoSuchUserInfo,
  ShareIdentity,
  UnshareIdentity,
  ListSharedIdentities,
  AssumeIdentity,
  Search,
  Block,
  Unblock,
  Blocked,
  React,
  LastRead,
  Typing,
  InvalidOtpKey,
  RoleUpdate,
  Role,
  DeleteRole,
  AssignRole,
  RemoveRole,
  Roles,
  NoSuchRole
] as const

/** Any update (an instance of any class above). */
export type Update = InstanceType<(typeof all)[number]>
