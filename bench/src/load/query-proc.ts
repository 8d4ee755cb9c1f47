// Child-process entry: the federated query load (query-clients.ts) in its own process, so its
// timers and response handling do not queue behind the benchmark's subscriber sockets and its
// CPU is measured apart. Driven over IPC by QueryLoadProcess (query-load-process.ts).
import type { QueryLoadCommand, QueryLoadReport } from './query-load-process.js';
import { QueryClients } from './query-clients.js';

const [url, token] = [process.env.QUERY_LOAD_URL, process.env.QUERY_LOAD_TOKEN];
if (!url || !token || !process.send) {
  console.error('query-proc: QUERY_LOAD_URL, QUERY_LOAD_TOKEN and an IPC channel are required');
  process.exit(2);
}
const send = process.send.bind(process);
const clients = new QueryClients(url, token);
const report = (final: boolean, answers?: number): QueryLoadReport => ({
  ok: clients.ok,
  failed: clients.failed,
  latency: final ? clients.latency.summary() : undefined,
  answers,
});
const progress = setInterval(() => send(report(false)), 1000);

process.on('message', (command: QueryLoadCommand) => {
  if (command.kind === 'start') clients.start(command.clients, command.rate);
  else if (command.kind === 'measure') {
    clients.measuring = command.on;
    send(report(false, command.id));
  } else if (command.kind === 'stop')
    void clients.stop().then(() => {
      clearInterval(progress);
      send(report(true), () => process.exit(0));
    });
});
// The benchmark gone (killed): nothing left to report to.
process.on('disconnect', () => process.exit(0));
