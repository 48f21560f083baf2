/**
 * The registered users the idle-connection phase logs in as, many
 * connections each; lichatServer.ts registers them at start. In Lichat
 * every new user's join goes to every user present, so 10,000 distinct
 * users would cost 50 million deliveries before the server is idle;
 * spreading the connections over a few users measures what a connection
 * itself costs.
 */
export const IDLE_USERS = { prefix: "idle", count: 100, password: "password" } as const
