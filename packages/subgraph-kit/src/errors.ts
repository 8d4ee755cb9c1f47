import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { AppError, ValidationError } from '@city/errors';

/** The `extensions.code` values clients can rely on. */
export const ERROR_CODES = {
  badUserInput: 'BAD_USER_INPUT',
  notFound: 'NOT_FOUND',
  forbidden: 'FORBIDDEN',
  unauthenticated: 'UNAUTHENTICATED',
  internal: 'INTERNAL_SERVER_ERROR',
} as const;

/** Invalid argument: names the argument path (e.g. `filter.near.radiusM`). */
export function badUserInput(field: string, message: string): GraphQLError {
  return new GraphQLError(`${field}: ${message}`, {
    extensions: { code: ERROR_CODES.badUserInput, field },
  });
}

export function notFound(what: string, id: string): GraphQLError {
  return new GraphQLError(`${what} ${id} not found`, {
    extensions: { code: ERROR_CODES.notFound, entity: what, id },
  });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ERROR_CODES.forbidden } });
}

export function unauthenticated(message = 'authentication required'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ERROR_CODES.unauthenticated } });
}

/** Codes that are safe to show to a client as they are (the message was written for it). */
const PUBLIC_CODES = new Set<string>([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'RATE_LIMITED',
  'QUERY_TOO_COMPLEX',
  'DEPENDENCY_UNAVAILABLE',
]);

function appErrorExtensions(error: AppError): Record<string, unknown> {
  if (error instanceof ValidationError) {
    const fields = error.issues.map((i) => i.path.replace(/^\//, '').replaceAll('/', '.'));
    return { code: error.code, field: fields[0], fields };
  }
  return { code: error.code };
}

/**
 * Apollo `formatError`: our AppErrors become their codes (ValidationError -> BAD_USER_INPUT with
 * the field), public codes pass, everything else is INTERNAL_SERVER_ERROR, its message masked in
 * production (the original is logged by the caller).
 */
export function createFormatError(options: {
  production: boolean;
  onInternal?: (error: unknown) => void;
}) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    if (original instanceof AppError) {
      return { ...formatted, message: original.message, extensions: appErrorExtensions(original) };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PUBLIC_CODES.has(code)) return formatted;
    options.onInternal?.(original);
    if (!options.production) {
      return { ...formatted, extensions: { ...formatted.extensions, code: ERROR_CODES.internal } };
    }
    return {
      message: 'Internal server error',
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ERROR_CODES.internal },
    };
  };
}
