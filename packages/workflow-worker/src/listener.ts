import pg from 'pg';

/** A dedicated connection that LISTENs on some channels and dispatches their payloads. */
export interface Listener {
  /** Adds a handler of `channel`; returns its removal. */
  on(channel: string, handler: (payload: string) => void): () => void;
  /** Ends the connection. */
  close(): Promise<void>;
}

/**
 * Opens a `pg` connection that LISTENs on `channels`. Notifications are delivered in commit order
 * to every handler of their channel.
 */
export async function createListener(url: string, channels: readonly string[]): Promise<Listener> {
  const client = new pg.Client({ connectionString: url });
  const handlers = new Map<string, Set<(payload: string) => void>>();
  client.on('notification', (message) => {
    // pg sets `payload` on every notification ('' for a NOTIFY without one); its type says optional.
    const payload = message.payload ?? /* istanbul ignore next */ '';
    for (const handler of handlers.get(message.channel) ?? []) handler(payload);
  });
  // A dropped connection is reported by the owner's heartbeat (leases are not renewed then).
  client.on('error', () => undefined);
  await client.connect();
  for (const channel of channels) await client.query(`LISTEN ${channel}`);
  return {
    on(channel, handler) {
      let set = handlers.get(channel);
      if (set === undefined) {
        set = new Set();
        handlers.set(channel, set);
      }
      set.add(handler);
      return () => set.delete(handler);
    },
    async close() {
      await client.end();
    },
  };
}
