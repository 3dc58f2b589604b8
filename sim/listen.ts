import type { Server } from "node:http";
import type { Socket } from "node:net";

/** A sim server listening on loopback (or a namespace address), that can drop every open connection. */
export interface Listening {
  readonly endpoint: string;
  readonly port: number;
  /** Resets every open connection (what "down" looks like to a client mid-request). */
  dropConnections(): void;
  /** Drops the connections and closes the server. */
  stop(): Promise<void>;
}

/** Starts `server` on host:port (0: a free port), tracking its sockets so stop() never waits on keep-alives. */
export async function listen(server: Server, host = "127.0.0.1", port = 0): Promise<Listening> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : 0;
  const dropConnections = () => {
    for (const s of sockets) s.destroy();
  };
  return {
    endpoint: `http://${host}:${bound}`,
    port: bound,
    dropConnections,
    stop: () =>
      new Promise<void>((resolve) => {
        dropConnections();
        server.close(() => resolve());
      }),
  };
}
