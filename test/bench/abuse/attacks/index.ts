/** Every attack, in the order the suite runs them. */
import type { Attack } from "../attack.ts"
import { bigFrame } from "./bigFrame.ts"
import { channelChurn } from "./channelChurn.ts"
import { httpSideDoor } from "./httpSideDoor.ts"
import { idleSockets } from "./idleSockets.ts"
import { linkFlood } from "./linkFlood.ts"
import { longInteger } from "./longInteger.ts"
import { lookalikes } from "./lookalikes.ts"
import { manyUpdates, manyUpdatesPrehandshake } from "./manyUpdates.ts"
import { passwordGuessing } from "./passwordGuessing.ts"

export const ATTACKS: ReadonlyArray<Attack> = [
  manyUpdates,
  manyUpdatesPrehandshake,
  longInteger,
  idleSockets,
  channelChurn,
  linkFlood,
  bigFrame,
  httpSideDoor,
  passwordGuessing,
  lookalikes
]
