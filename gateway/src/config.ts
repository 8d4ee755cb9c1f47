import { fileURLToPath } from 'node:url';
import { commonInfraFields, env, parseConfig, type ParseOptions } from '@city/config';
import { gatewaySecretField, nodeEnvField } from '@city/subgraph-kit';

export const gatewayConfigSpec = {
  ...commonInfraFields,
  port: env.port('GATEWAY_PORT', { default: 4000 }),
  host: env.string('GATEWAY_HOST', { default: '0.0.0.0' }),
  nodeEnv: nodeEnvField,
  gatewaySecret: gatewaySecretField,
  supergraphPath: env.string('SUPERGRAPH_PATH', {
    default: fileURLToPath(new URL('../supergraph.graphql', import.meta.url)),
    description: 'Composed supergraph SDL (npm run compose -w @city/gateway)',
  }),
  jwtSecret: env.secret('JWT_SECRET', {
    developmentValue: 'development-jwt-secret-not-for-production',
    minLength: 32,
    description: 'HS256 key for JWTs (development, or when no JWKS URL is set)',
  }),
  jwksUrl: env.string('JWT_JWKS_URL', {
    default: '',
    description: 'JWKS URL (production); overrides JWT_SECRET',
  }),
  jwtIssuer: env.string('JWT_ISSUER', { default: '' }),
  jwtAudience: env.string('JWT_AUDIENCE', { default: '' }),
  corsOrigins: env.list('CORS_ORIGINS', {
    default: ['http://localhost:5173', 'http://127.0.0.1:5173'],
    description: 'Allowed browser origins, comma separated; * allows any',
  }),
  maxDepth: env.int('GRAPHQL_MAX_DEPTH', { default: 10, min: 1 }),
  maxCost: env.int('GRAPHQL_MAX_COST', { default: 50_000, min: 1 }),
  apiKeyRateLimit: env.int('API_KEY_RATE_LIMIT_PER_MINUTE', {
    default: 600,
    min: 1,
    description: 'Default per-key limit when the key has none of its own',
  }),
  restRequiresAuth: env.bool('REST_REQUIRES_AUTH', { default: true }),
};

export type GatewayConfig = ReturnType<typeof parseConfig<typeof gatewayConfigSpec>>;

export function loadGatewayConfig(options: ParseOptions = {}): GatewayConfig {
  return parseConfig(gatewayConfigSpec, options);
}
