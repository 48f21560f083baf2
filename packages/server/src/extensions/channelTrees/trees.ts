/**
 * shirakumo-channel-trees: channel names with `/` form a hierarchy. A
 * slash may only stand between two other characters; a channel's parent is
 * its name up to the last slash (the primary channel for names without
 * one). Creating `a/b` needs `a` to exist (`no-such-parent-channel`) and is
 * checked against `a`'s rules; `channels` with a `channel` lists that
 * channel's direct children.
 *
 * @since 0.1.0
 */

/** Whether slashes stand only between two non-slash characters. */
export const isValidTreeName = (name: string): boolean =>
  !name.startsWith("/") && !name.endsWith("/") && !name.includes("//")

/** The parent's name, or `undefined` for a top-level channel (whose parent is the primary channel). */
export const parentName = (name: string): string | undefined => {
  const slash = name.lastIndexOf("/")
  return slash <= 0 ? undefined : name.slice(0, slash)
}

/** Whether `name` is a direct child of the channel `parent` (case-insensitive keys). */
export const isChildOf = (nameKeyOfChild: string, parentKey: string): boolean =>
  nameKeyOfChild.startsWith(parentKey + "/") && !nameKeyOfChild.slice(parentKey.length + 1).includes("/")
