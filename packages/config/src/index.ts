export { env } from './fields.js';
export type { Field } from './fields.js';
export { parseConfig } from './parse-config.js';
export type { ConfigOf, ParseOptions } from './parse-config.js';
export { commonInfraFields } from './common-fields.js';
