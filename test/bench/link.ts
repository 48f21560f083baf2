/**
 * The byte pipe under a bench client: one per transport (wsLink.ts,
 * tcpLink.ts). A link hands over received bytes as runs of whole updates,
 * each ended by NUL, so that callers can count patterns in the raw bytes
 * without a pattern ever being cut in two.
 */
/** What a link reports to its client. */
export interface LinkEvents {
  /** Connected: updates may be sent. */
  readonly opened: () => void
  /** Whole updates, each ended by NUL (one WebSocket frame, or what one TCP read completed; valid during the call only). */
  readonly received: (updates: Buffer) => void
  readonly failed: (reason: string) => void
  readonly closed: () => void
}

/** An open connection; both functions may be called detached from the object. */
export interface Link {
  /** Sends one update (without its NUL: the link adds what its transport needs). */
  readonly send: (update: string) => void
  /** Drops the connection at once. */
  readonly close: () => void
}
