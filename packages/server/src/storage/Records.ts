/**
 * What the stored records share: reading a row's JSON back as a plain
 * object, and a thrown error's message.
 *
 * @since 0.1.0
 */

/** A thrown error's message. */
export const messageOf = (error: unknown): string => error instanceof Error ? error.message : String(error)

/** The JSON text of a row as a plain object; `undefined` when it is not one. */
export const parseRecord = (json: string): Record<string, unknown> | undefined => {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    return undefined
  }
  return isRecord(value) ? value : undefined
}

/** Whether a value is a plain object (not null, not an array). */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)
