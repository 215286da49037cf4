import * as net from 'node:net';

/** A kafkajs `socketFactory` whose connections a test can cut, to play a broker outage on the shared stack. */
export interface KafkaOutage {
  /** Pass as `new Kafka({ socketFactory })`: real sockets to the real broker while the outage is not on. */
  readonly socketFactory: (args: { host: string; port: number; onConnect: () => void }) => net.Socket;
  /** Cuts every open connection and refuses new ones (ECONNREFUSED) until {@link KafkaOutage.end}. */
  begin(): void;
  end(): void;
  readonly active: boolean;
}

/**
 * Plays a broker outage for one client only: the broker keeps running for every other test and agent, while this
 * client sees what a restart looks like from outside (connections reset, then refused).
 */
export function createKafkaOutage(): KafkaOutage {
  const open = new Set<net.Socket>();
  let active = false;
  return {
    socketFactory: ({ host, port, onConnect }) => {
      if (active) {
        const refused = new net.Socket();
        process.nextTick(() =>
          refused.destroy(
            Object.assign(new Error(`connect ECONNREFUSED ${host}:${port} (simulated outage)`), {
              code: 'ECONNREFUSED',
            }),
          ),
        );
        return refused;
      }
      const socket = net.connect({ host, port }, onConnect);
      socket.setKeepAlive(true, 60_000);
      open.add(socket);
      socket.once('close', () => open.delete(socket));
      return socket;
    },
    begin() {
      active = true;
      for (const socket of open)
        socket.destroy(Object.assign(new Error('ECONNRESET (simulated outage)'), { code: 'ECONNRESET' }));
    },
    end() {
      active = false;
    },
    get active() {
      return active;
    },
  };
}
