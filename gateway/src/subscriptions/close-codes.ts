/** Close codes of the gateway's graphql-ws endpoint (docs/subscriptions.md). */
export const CLOSE = {
  /** Malformed message. */
  badRequest: 4400,
  /** Subscribe before connection_ack, or the credential expired while connected. */
  unauthorized: 4401,
  /** connection_init refused: no, bad or revoked credential, or rate limited. */
  forbidden: 4403,
  subprotocolNotAcceptable: 4406,
  initTimeout: 4408,
  subscriberExists: 4409,
  tooManyInits: 4429,
  goingAway: 1001,
} as const;

export const GRAPHQL_TRANSPORT_WS = 'graphql-transport-ws';
