export { describeValue, indexPath, memberPath, pathKeys } from './field-path.js';
export { describeSchema } from './issue-message.js';
export { isPlainObject, type JsonValue, jsonValueSchema, MAX_JSON_DEPTH } from './json-value.js';
export { checkQuery, type QueryValues } from './query-string.js';
export {
  applyRules,
  type CheckOptions,
  check,
  problemAt,
  type Rules,
  schemaOf,
  validator,
  withRules,
} from './validator.js';
