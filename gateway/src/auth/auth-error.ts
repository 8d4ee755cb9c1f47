/** A request refused before execution; becomes an HTTP status and a GraphQL-shaped error body. */
export class AuthError extends Error {
  constructor(
    readonly status: 401 | 403 | 429,
    readonly code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'RATE_LIMITED',
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}
