/**
 * `edit` (shirakumo-edit): a member sends new text for an earlier message,
 * carrying that message's id. An edit is a kind of message and is
 * distributed the same way, bridging included (spec §5.4.5; see
 * handlers/messageDistribution.ts).
 *
 * @since 0.1.0
 */
import * as Handler from "../../handlers/Handler.ts"
import { distribute } from "../../handlers/messageDistribution.ts"

/** Distributes an edit of an earlier message. */
export const edit = Handler.inChannel({
  tag: "edit",
  extension: "shirakumo-edit",
  member: true,
  step: distribute
})
