export {
  AppError,
  ConfigError,
  ValidationError,
  RetriableError,
  NotFoundError,
} from './app-error.js';
export type { AppErrorOptions, FieldIssue } from './app-error.js';
export { isRetriable } from './is-retriable.js';
