/** One problem with one field of an input, addressed by a JSON-pointer-like path (`/location/latitude`). */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

export interface AppErrorOptions {
  readonly cause?: unknown;
  readonly retriable?: boolean;
}

/**
 * Root of the platform's error tree. `code` is stable and machine-readable (it becomes GraphQL
 * `extensions.code`); `retriable` tells a caller whether trying again can succeed.
 */
export class AppError extends Error {
  readonly code: string;
  readonly retriable: boolean;

  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retriable = options.retriable ?? false;
  }
}

/** Invalid configuration: names the environment variable. Never retriable. */
export class ConfigError extends AppError {
  readonly variable: string;

  constructor(variable: string, message: string, options: AppErrorOptions = {}) {
    super('CONFIG_INVALID', `${variable}: ${message}`, { ...options, retriable: false });
    this.variable = variable;
  }
}

/** Input that does not satisfy its contract; `issues` names every offending field. */
export class ValidationError extends AppError {
  readonly issues: readonly FieldIssue[];

  constructor(subject: string, issues: readonly FieldIssue[], options: AppErrorOptions = {}) {
    const detail = issues.map((issue) => `${issue.path || '/'} ${issue.message}`).join('; ');
    super('BAD_USER_INPUT', `${subject} is invalid: ${detail}`, { ...options, retriable: false });
    this.issues = issues;
  }
}

/** A dependency failed in a way that may pass on retry (timeouts, connection resets, 5xx). */
export class RetriableError extends AppError {
  constructor(message: string, options: Omit<AppErrorOptions, 'retriable'> = {}) {
    super('DEPENDENCY_UNAVAILABLE', message, { ...options, retriable: true });
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id: string, options: AppErrorOptions = {}) {
    super('NOT_FOUND', `${what} ${id} not found`, options);
  }
}
