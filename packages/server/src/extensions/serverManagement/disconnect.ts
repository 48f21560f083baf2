/**
 * Disconnecting a user everywhere, for shirakumo-server-management's
 * `kill` and `ban`.
 *
 * @since 0.1.0
 */
import type { User } from "../../Model.ts"

/** Closes every connection of a user; each closing connection leaves its channels as usual. */
export const disconnectAll = (user: User): void => {
  for (const connection of Array.from(user.connections)) connection.close("killed")
}
