/**
 * Images carried as base64 (emotes, icons): the accepted content types and
 * the size bound.
 *
 * @since 0.1.0
 */

/** Image types accepted for emotes and icons. */
export const IMAGE_TYPES: ReadonlyArray<string> = ["image/png", "image/gif", "image/jpeg", "image/webp", "image/svg+xml"]

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** The decoded size of a base64 payload, or `undefined` when it is not base64. */
export const base64Size = (payload: string): number | undefined => {
  const compact = payload.replace(/\s+/g, "")
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) return undefined
  return (compact.length / 4) * 3 - (compact.endsWith("==") ? 2 : compact.endsWith("=") ? 1 : 0)
}

/** Whether `value` is an icon value, `content-type base64`, of an image type and at most `maxSize` bytes. */
export const isIcon = (value: string, maxSize: number): boolean => {
  const space = value.indexOf(" ")
  if (space < 0) return false
  const size = base64Size(value.slice(space + 1))
  return IMAGE_TYPES.includes(value.slice(0, space).toLowerCase()) && size !== undefined && size > 0 && size <= maxSize
}
