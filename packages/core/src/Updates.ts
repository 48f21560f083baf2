/**
 * The typed update model: one `effect/Schema` class per Lichat object type
 * (generated from the spec into `updates/Classes.ts`), the `Update` union,
 * and the class table.
 *
 * @since 0.1.0
 */
export * from "./updates/Classes.ts"
export {
  type Descriptor,
  descriptorFor,
  descriptorForTag,
  descriptors,
  type SlotDescriptor,
  type SlotType
} from "./updates/Descriptor.ts"
