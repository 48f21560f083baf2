/**
 * The runtime table of every object type: class symbol, superclasses,
 * slots with their wire keys, types and optionality, and the class.
 *
 * GENERATED from the spec's lichat.sexpr and shirakumo.sexpr by
 * packages/core/scripts/generate-updates.ts — do not edit by hand.
 *
 * @since 0.1.0
 */

import * as C from "./Classes.ts"
import { define } from "./Descriptor.ts"

define(C.GenericUpdate, "lichat", "update", [], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"]
])
define(C.Ping, "lichat", "ping", ["update"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"]
])
define(C.Pong, "lichat", "pong", ["update"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"]
])
define(C.Connect, "lichat", "connect", ["update"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["password", "string", true],
    ["version", "string", false],
    ["extensions", "(list string)", false],
    ["otp-token", "string", true, "shirakumo-otp"]
])
define(C.Disconnect, "lichat", "disconnect", ["update"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"]
])
define(C.Register, "lichat", "register", ["update"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["password", "string", false],
    ["otp-key", "string", true, "shirakumo-otp"]
])
define(C.ChannelUpdate, "lichat", "channel-update", ["update"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"]
])
define(C.TargetUpdate, "lichat", "target-update", ["update"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["target", "string", false]
])
define(C.TextUpdate, "lichat", "text-update", ["update"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"]
])
define(C.Join, "lichat", "join", ["channel-update"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"]
])
define(C.Leave, "lichat", "leave", ["channel-update"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"]
])
define(C.Message, "lichat", "message", ["channel-update","text-update"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["link", "string", true, "shirakumo-link"],
    ["reply-to", "list", true, "shirakumo-replies"]
])
define(C.Create, "lichat", "create", ["update"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", true]
])
define(C.Kick, "lichat", "kick", ["channel-update","target-update"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"],
    ["target", "string", false]
])
define(C.Pull, "lichat", "pull", ["channel-update","target-update"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"],
    ["target", "string", false]
])
define(C.Permissions, "lichat", "permissions", ["channel-update"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"],
    ["permissions", "(list list)", true]
])
define(C.Grant, "lichat", "grant", ["channel-update","target-update"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"],
    ["target", "string", false],
    ["update", "symbol", false]
])
define(C.Deny, "lichat", "deny", ["channel-update","target-update"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"],
    ["target", "string", false],
    ["update", "symbol", false]
])
define(C.Users, "lichat", "users", ["channel-update"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"],
    ["users", "(list string)", true]
])
define(C.Channels, "lichat", "channels", ["channel-update"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", true, "shirakumo-channel-trees"],
    ["bridge", "string", true, "shirakumo-bridge"],
    ["channels", "(list string)", true]
])
define(C.UserInfo, "lichat", "user-info", ["target-update"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["target", "string", false],
    ["registered", "boolean", true],
    ["connections", "integer", true],
    ["info", "list", true, "shirakumo-user-info"]
])
define(C.Capabilities, "lichat", "capabilities", ["channel-update"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"],
    ["permitted", "(list symbol)", true]
])
define(C.ServerInfo, "lichat", "server-info", ["target-update"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["target", "string", false],
    ["attributes", "(list list)", false],
    ["connections", "(list (list list))", false]
])
define(C.Failure, "lichat", "failure", ["text-update"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"]
])
define(C.MalformedUpdate, "lichat", "malformed-update", ["failure"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"]
])
define(C.UpdateTooLong, "lichat", "update-too-long", ["failure"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"]
])
define(C.ConnectionUnstable, "lichat", "connection-unstable", ["failure"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"]
])
define(C.TooManyConnections, "lichat", "too-many-connections", ["failure"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"]
])
define(C.UpdateFailure, "lichat", "update-failure", ["failure"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["update-id", "id", false]
])
define(C.InvalidUpdate, "lichat", "invalid-update", ["update-failure"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["update-id", "id", false]
])
define(C.AlreadyConnected, "lichat", "already-connected", ["update-failure"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["update-id", "id", false]
])
define(C.UsernameMismatch, "lichat", "username-mismatch", ["update-failure"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["update-id", "id", false]
])
define(C.IncompatibleVersion, "lichat", "incompatible-version", ["update-failure"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["update-id", "id", false],
    ["compatible-versions", "(list string)", false]
])
define(C.InvalidPassword, "lichat", "invalid-password", ["update-failure"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["update-id", "id", false]
])
define(C.NoSuchProfile, "lichat", "no-such-profile", ["update-failure"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["update-id", "id", false]
])
define(C.UsernameTaken, "lichat", "username-taken", ["update-failure"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["update-id", "id", false]
])
define(C.NoSuchChannel, "lichat", "no-such-channel", ["update-failure"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["update-id", "id", false]
])
define(C.RegistrationRejected, "lichat", "registration-rejected", ["update-failure"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["update-id", "id", false]
])
define(C.AlreadyInChannel, "lichat", "already-in-channel", ["update-failure"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["update-id", "id", false]
])
define(C.NotInChannel, "lichat", "not-in-channel", ["update-failure"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["update-id", "id", false]
])
define(C.ChannelnameTaken, "lichat", "channelname-taken", ["update-failure"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["update-id", "id", false]
])
define(C.TooManyChannels, "lichat", "too-many-channels", ["update-failure"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["update-id", "id", false]
])
define(C.BadName, "lichat", "bad-name", ["update-failure"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["update-id", "id", false]
])
define(C.InsufficientPermissions, "lichat", "insufficient-permissions", ["update-failure"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["update-id", "id", false]
])
define(C.InvalidPermissions, "lichat", "invalid-permissions", ["update-failure"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["update-id", "id", false]
])
define(C.NoSuchUser, "lichat", "no-such-user", ["update-failure"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["update-id", "id", false]
])
define(C.TooManyUpdates, "lichat", "too-many-updates", ["update-failure"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["update-id", "id", false]
])
define(C.ClockSkewed, "lichat", "clock-skewed", ["update-failure"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["update-id", "id", false]
])
define(C.Warning, "lichat", "warning", ["text-update"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["update-id", "id", false]
])
define(C.UpdatesThrottled, "lichat", "updates-throttled", ["warning"], null, [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["update-id", "id", false]
])
define(C.Backfill, "shirakumo", "backfill", ["channel-update"], "shirakumo-backfill", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"],
    ["since", "integer", true]
])
define(C.Data, "shirakumo", "data", ["channel-update"], "shirakumo-data", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"],
    ["content-type", "string", false],
    ["filename", "string", true],
    ["payload", "string", false]
])
define(C.BadContentType, "shirakumo", "bad-content-type", ["update-failure"], "shirakumo-data", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["update-id", "id", false],
    ["allowed-content-types", "(list string)", false]
])
define(C.Emotes, "shirakumo", "emotes", ["channel-update"], "shirakumo-emote", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"],
    ["names", "(list string)", true]
])
define(C.Emote, "shirakumo", "emote", ["channel-update"], "shirakumo-emote", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"],
    ["content-type", "string", false],
    ["name", "string", false],
    ["payload", "string", false]
])
define(C.EmoteListFull, "shirakumo", "emote-list-full", ["update-failure"], "shirakumo-emote", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["update-id", "id", false]
])
define(C.Edit, "shirakumo", "edit", ["message"], "shirakumo-edit", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["link", "string", true, "shirakumo-link"],
    ["reply-to", "list", true, "shirakumo-replies"]
])
define(C.NoSuchParentChannel, "shirakumo", "no-such-parent-channel", ["update-failure"], "shirakumo-channel-trees", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["update-id", "id", false]
])
define(C.ChannelInfo, "shirakumo", "channel-info", ["channel-update"], "shirakumo-channel-info", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"],
    ["keys", "(or (list symbol) t)", false]
])
define(C.SetChannelInfo, "shirakumo", "set-channel-info", ["channel-update","text-update"], "shirakumo-channel-info", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["key", "symbol", false]
])
define(C.NoSuchChannelInfo, "shirakumo", "no-such-channel-info", ["update-failure"], "shirakumo-channel-info", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["update-id", "id", false],
    ["key", "symbol", false]
])
define(C.MalformedChannelInfo, "shirakumo", "malformed-channel-info", ["update-failure"], "shirakumo-channel-info", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["update-id", "id", false]
])
define(C.Kill, "shirakumo", "kill", ["target-update"], "shirakumo-server-management", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["target", "string", false]
])
define(C.Destroy, "shirakumo", "destroy", ["channel-update"], "shirakumo-server-management", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"]
])
define(C.Ban, "shirakumo", "ban", ["target-update"], "shirakumo-server-management", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["target", "string", false]
])
define(C.Unban, "shirakumo", "unban", ["target-update"], "shirakumo-server-management", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["target", "string", false]
])
define(C.Blacklist, "shirakumo", "blacklist", ["update"], "shirakumo-server-management", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["target", "(list string)", true]
])
define(C.Pause, "shirakumo", "pause", ["channel-update"], "shirakumo-pause", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"],
    ["by", "integer", false]
])
define(C.Quiet, "shirakumo", "quiet", ["channel-update","target-update"], "shirakumo-quiet", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"],
    ["target", "string", false]
])
define(C.Unquiet, "shirakumo", "unquiet", ["channel-update","target-update"], "shirakumo-quiet", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"],
    ["target", "string", false]
])
define(C.Quieted, "shirakumo", "quieted", ["channel-update"], "shirakumo-quiet", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"],
    ["target", "(list string)", true]
])
define(C.IpBan, "shirakumo", "ip-ban", ["update"], "shirakumo-ip", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["ip", "string", false],
    ["mask", "string", false]
])
define(C.IpUnban, "shirakumo", "ip-unban", ["update"], "shirakumo-ip", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["ip", "string", false],
    ["mask", "string", false]
])
define(C.IpBlacklist, "shirakumo", "ip-blacklist", ["update"], "shirakumo-ip", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["target", "(list (list string))", true]
])
define(C.BadIpFormat, "shirakumo", "bad-ip-format", ["update-failure"], "shirakumo-ip", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["update-id", "id", false]
])
define(C.Bridge, "shirakumo", "bridge", ["channel-update"], "shirakumo-bridge", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"]
])
define(C.SetUserInfo, "shirakumo", "set-user-info", ["text-update"], "shirakumo-user-info", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["key", "string", false]
])
define(C.MalformedUserInfo, "shirakumo", "malformed-user-info", ["update-failure"], "shirakumo-user-info", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["update-id", "id", false]
])
define(C.NoSuchUserInfo, "shirakumo", "no-such-user-info", ["update-failure"], "shirakumo-user-info", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["update-id", "id", false],
    ["key", "symbol", false]
])
define(C.ShareIdentity, "shirakumo", "share-identity", ["update"], "shirakumo-shared-identity", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["key", "string", true]
])
define(C.UnshareIdentity, "shirakumo", "unshare-identity", ["update"], "shirakumo-shared-identity", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["key", "string", true]
])
define(C.ListSharedIdentities, "shirakumo", "list-shared-identities", ["update"], "shirakumo-shared-identity", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["identities", "list", true]
])
define(C.AssumeIdentity, "shirakumo", "assume-identity", ["target-update"], "shirakumo-shared-identity", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["target", "string", false],
    ["key", "string", false]
])
define(C.Search, "shirakumo", "search", ["channel-update"], "shirakumo-history", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"],
    ["results", "list", true],
    ["offset", "integer", true],
    ["query", "list", true]
])
define(C.Block, "shirakumo", "block", ["target-update"], "shirakumo-block", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["target", "string", false]
])
define(C.Unblock, "shirakumo", "unblock", ["target-update"], "shirakumo-block", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["target", "string", false]
])
define(C.Blocked, "shirakumo", "blocked", ["update"], "shirakumo-block", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["target", "(list string)", true]
])
define(C.React, "shirakumo", "react", ["channel-update"], "shirakumo-reactions", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"],
    ["target", "string", false],
    ["update-id", "id", false],
    ["emote", "string", false]
])
define(C.LastRead, "shirakumo", "last-read", ["channel-update"], "shirakumo-last-read", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"],
    ["target", "string", true],
    ["update-id", "id", true]
])
define(C.Typing, "shirakumo", "typing", ["channel-update"], "shirakumo-typing", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"]
])
define(C.InvalidOtpKey, "shirakumo", "invalid-otp-key", ["update-failure"], "shirakumo-otp", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["text", "string", false],
    ["rich", "list", true, "shirakumo-markup"],
    ["update-id", "id", false]
])
define(C.RoleUpdate, "shirakumo", "role-update", ["channel-update"], "shirakumo-roles", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"],
    ["role", "string", false]
])
define(C.Role, "shirakumo", "role", ["role-update"], "shirakumo-roles", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"],
    ["role", "string", false],
    ["permissions", "(list list)", true]
])
define(C.DeleteRole, "shirakumo", "delete-role", ["role-update"], "shirakumo-roles", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"],
    ["role", "string", false]
])
define(C.AssignRole, "shirakumo", "assign-role", ["role-update","target-update"], "shirakumo-roles", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"],
    ["role", "string", false],
    ["target", "string", false]
])
define(C.RemoveRole, "shirakumo", "remove-role", ["role-update","target-update"], "shirakumo-roles", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"],
    ["role", "string", false],
    ["target", "string", false]
])
define(C.Roles, "shirakumo", "roles", ["channel-update"], "shirakumo-roles", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"],
    ["target", "string", true],
    ["roles", "(list string)", true]
])
define(C.NoSuchRole, "shirakumo", "no-such-role", ["role-update"], "shirakumo-roles", [
    ["id", "id", false],
    ["clock", "integer", true],
    ["from", "string", true],
    ["signature", "string", true, "shirakumo-sign"],
    ["channel", "string", false],
    ["bridge", "string", true, "shirakumo-bridge"],
    ["role", "string", false]
])
