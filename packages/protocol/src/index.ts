export { crc32 } from "./crc32.js";
export { ErrorCode, TributaryError, isTributaryError } from "./error-codes.js";
export {
  type ParameterEntry,
  type ParameterSpec,
  createParameterSpec,
  parameterSpecSchema,
  sliceParameter,
  verifyParameterSpec,
} from "./parameter-spec.js";
export {
  type DecodedVector,
  type DtypeName,
  type EncodedVectorHeader,
  type VectorExpectation,
  type VectorEncodeOptions,
  type VectorKindName,
  Dtype,
  VECTOR_FORMAT_VERSION,
  VECTOR_HEADER_BYTES,
  VECTOR_MAGIC,
  VectorKind,
  checkEncodedVector,
  decodeVector,
  decodeVectorInto,
  encodeVector,
  readVectorHeader,
} from "./vector-codec.js";
export * from "./schemas.js";
export { type EncodedVectorReader, openEncodedVector } from "./encoded-vector-reader.js";
export { HALF_MAX } from "./half-float.js";
export { DEFAULT_INT8_BLOCK_SIZE } from "./int8-blocks.js";
export { selectTopK } from "./top-k.js";
export { ErrorFeedback } from "./error-feedback.js";
