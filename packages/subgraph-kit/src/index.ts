export {
  ROLES,
  GATEWAY_SECRET_HEADER,
  USER_CLAIMS_HEADER,
  encodeClaims,
  decodeClaims,
  isRole,
} from './claims.js';
export type { Role, UserClaims } from './claims.js';
export {
  ERROR_CODES,
  badUserInput,
  notFound,
  forbidden,
  unauthenticated,
  createFormatError,
} from './errors.js';
export { requireRole, hasRole } from './require-role.js';
export type { AuthContext } from './require-role.js';
export { encodeCursor, decodeCursor, pageSize, connectionFromRows } from './pagination.js';
export type { Connection, Edge, PageInfo } from './pagination.js';
export { LoaderRegistry, batchedReference } from './batch-loader.js';
export type { LoaderContext } from './batch-loader.js';
export { createSubgraphServer, runHealthChecks } from './create-subgraph-server.js';
export {
  createGraphQLHttpHandler,
  isPlainGraphQLPost,
  type GraphQLHttpHandlerOptions,
} from './graphql-http-handler.js';
export type {
  BaseSubgraphContext,
  SubgraphContext,
  SubgraphServer,
  SubgraphServerOptions,
} from './create-subgraph-server.js';
export { runSubgraph, type SubgraphProcess, type SubgraphProcessConfig } from './run-subgraph.js';
export { subgraphConfigFields, gatewaySecretField, nodeEnvField } from './subgraph-config.js';
export { loadTypeDefs } from './load-type-defs.js';
export { parseBbox, parseNear, type Bbox, type Near } from './geo-input.js';
export { createPushIterator, type PushIterator } from './subscriptions/push-iterator.js';
export {
  createChangeFeedSubscriber,
  type ChangeFeedSubscriber,
  type ChangeListener,
  type FeedChange,
  type PubSubConnection,
} from './subscriptions/change-feed.js';
export { liveField, intervalArg, intervalBatches, ticker } from './subscriptions/live-field.js';
export { mapChanges } from './subscriptions/map-changes.js';
export {
  attachSubscriptionServer,
  CLAIMS_EXTENSION,
  type GatewayConnectionParams,
  type SubscriptionServer,
} from './subscriptions/subscription-server.js';
export {
  MINUTE_MS,
  MAX_HISTORY_MINUTES,
  historyInstants,
  samplesAt,
  parseInstant,
  type PartitionSample,
} from './minute-history.js';
export { hashOfFields, hmgetMany, type PipelineRedis } from './redis-hashes.js';
