import { env, parseConfig, type ParseOptions } from '@city/config';

export const webConfigSpec = {
  port: env.port('WEB_PORT', { default: 3000 }),
  host: env.string('WEB_HOST', { default: '0.0.0.0' }),
  nodeEnv: env.oneOf('NODE_ENV', ['development', 'test', 'production'], {
    default: 'development',
  }),
  gatewayUrl: env.url('GATEWAY_URL', {
    default: 'http://127.0.0.1:4000/graphql',
    description: 'Gateway GraphQL endpoint the console proxies /graphql (HTTP and WebSocket) to',
  }),
  publicGatewayUrl: env.string('WEB_PUBLIC_GATEWAY_URL', {
    default: '',
    description: 'Gateway URL the browser calls directly; empty = same origin through the proxy',
  }),
  mapboxToken: env.string('MAPBOX_TOKEN', {
    default: '',
    description: 'Mapbox access token; empty = maplibre-gl, no request leaves the machine',
  }),
  jwtSecret: env.string('JWT_SECRET', {
    default: '',
    description:
      "Signs development sign-in tokens (the gateway's key); empty = the gateway's development key",
  }),
  devSignIn: env.bool('WEB_DEV_SIGN_IN', {
    default: true,
    description: 'Offer the development users; always off when NODE_ENV=production',
  }),
  distDir: env.string('WEB_DIST_DIR', { default: '' }),
};

export type WebConfig = ReturnType<typeof parseConfig<typeof webConfigSpec>>;

export function loadWebConfig(options: ParseOptions = {}): WebConfig {
  return parseConfig(webConfigSpec, options);
}
