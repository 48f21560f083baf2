/**
 * The audit trail: one info-level log line per event an operator wants to
 * find later — a refused login (with its reason), a registration, and
 * every action taken with the server's administrative rights (bans and
 * unbans of names and addresses, kills, channel destruction, reading the
 * blacklists, and any other update only an operator may send). Each line
 * reads as a sentence (`ban: "mallory" banned by "boss" from 127.0.0.1`)
 * and carries the same facts as log annotations (`event`, `user`,
 * `address`, `reason`, `target`, `channel`, …), which a structured logger
 * (`--log-format json`) writes as fields.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { quote, type Session } from "./connection/Session.ts"

/** What a line is annotated with; `undefined` values are left out. */
export type Annotations = Readonly<Record<string, string | number | boolean | undefined>>

/** A client's text as a log line shows it: quoted, as a reply repeats it (Session.quote: at most 64 characters, no control characters). */
export const quoted = (text: string): string => `"${quote(text)}"`

/** Logs `message` at info level with `annotations` (the `event` name first). */
export const event = (name: string, message: string, annotations: Annotations): Effect.Effect<void> => {
  const defined: Record<string, string | number | boolean> = { event: name }
  for (const [key, value] of Object.entries(annotations)) if (value !== undefined) defined[key] = value
  return Effect.logInfo(message).pipe(Effect.annotateLogs(defined))
}

/** The acting user of a session, as annotations: its name, address and connection. */
export const actor = (session: Session): Annotations => ({
  user: session.user.name,
  address: session.connection.address,
  connection: session.connection.id
})

/** ` by "boss" from 127.0.0.1`: who did it. */
const by = (session: Session): string => ` by ${quoted(session.user.name)} from ${session.connection.address}`

/**
 * Logs an action taken with administrative rights: `what` says it
 * (`ban: "mallory" banned`), followed by who did it and from where.
 */
export const operatorAction = (
  session: Session,
  name: string,
  what: string,
  annotations: Annotations = {}
): Effect.Effect<void> => event(name, what + by(session), { ...actor(session), ...annotations })
