import { env } from '@city/config';

/** The shared secret the gateway sends and subgraphs require (GATEWAY_SHARED_SECRET). */
export const gatewaySecretField = env.secret('GATEWAY_SHARED_SECRET', {
  developmentValue: 'development-gateway-secret-not-for-production',
  minLength: 24,
  description: 'Shared secret between the gateway and subgraphs (x-gateway-secret header)',
});

export const nodeEnvField = env.oneOf('NODE_ENV', ['development', 'test', 'production'], {
  default: 'development',
});

/** Config fields every subgraph has: its port, bind host, the gateway secret and NODE_ENV. */
export function subgraphConfigFields(portVariable: string, defaultPort: number) {
  return {
    port: env.port(portVariable, { default: defaultPort }),
    host: env.string('SUBGRAPH_HOST', { default: '0.0.0.0', description: 'Bind address' }),
    gatewaySecret: gatewaySecretField,
    nodeEnv: nodeEnvField,
  } as const;
}
