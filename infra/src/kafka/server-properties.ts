export interface BrokerSettings {
  readonly host: string;
  readonly port: number;
  readonly controllerPort: number;
  readonly dataDir: string;
  readonly nodeId?: number;
}

/** server.properties for a single-node KRaft broker+controller, tuned for a laptop or CI. */
export function renderServerProperties(settings: BrokerSettings): string {
  const nodeId = settings.nodeId ?? 1;
  const host = settings.host === 'localhost' ? '127.0.0.1' : settings.host;
  const lines: Record<string, string | number> = {
    'process.roles': 'broker,controller',
    'node.id': nodeId,
    'controller.quorum.voters': `${nodeId}@${host}:${settings.controllerPort}`,
    listeners: `PLAINTEXT://${host}:${settings.port},CONTROLLER://${host}:${settings.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${host}:${settings.port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': settings.dataDir,
    'num.partitions': 3,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 10,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    // Topics come from the contracts (infra:topics); a typo must fail, not create a topic.
    'auto.create.topics.enable': 'false',
    'group.initial.rebalance.delay.ms': 0,
    'delete.topic.enable': 'true',
    // Local data stays small: a day or 1 GiB per partition.
    'log.retention.hours': 24,
    'log.retention.bytes': 1_073_741_824,
    'log.segment.bytes': 134_217_728,
    'num.network.threads': 2,
    'num.io.threads': 4,
  };
  const body = Object.entries(lines)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
  return `# Written by npm run infra:up; edits are overwritten.\n${body}\n`;
}
