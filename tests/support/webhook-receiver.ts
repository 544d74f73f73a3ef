import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A real HTTP endpoint on 127.0.0.1 that records every webhook request.
 * `answer` decides each response: a status code, or "hang" (never answers,
 * as a receiver that is down mid-request).
 */
export type ReceivedRequest = { id: string; headers: Record<string, string>; body: string };

export type Receiver = {
  url: string;
  requests: ReceivedRequest[];
  answer: (req: ReceivedRequest, index: number) => number | "hang";
  /** Resolves once at least n requests have arrived (polls; fails after `ms`). */
  waitFor: (n: number, ms?: number) => Promise<void>;
  close: () => Promise<void>;
};

export async function startReceiver(path = "/hooks"): Promise<Receiver> {
  const hanging = new Set<ServerResponse>();
  const receiver = {} as Receiver;
  receiver.requests = [];
  receiver.answer = () => 200;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : (v ?? "")]));
      const received = { id: headers["webhook-id"] ?? "", headers, body: Buffer.concat(chunks).toString("utf8") };
      const index = receiver.requests.push(received) - 1;
      const answer = receiver.answer(received, index);
      if (answer === "hang") {
        hanging.add(res);
        return;
      }
      res.writeHead(answer, { "content-type": "text/plain" }).end(answer < 300 ? "ok" : `failed with ${answer}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  receiver.waitFor = async (n, ms = 20_000) => {
    const deadline = Date.now() + ms;
    while (receiver.requests.length < n) {
      if (Date.now() > deadline) throw new Error(`expected ${n} webhook requests, got ${receiver.requests.length}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  receiver.close = () =>
    new Promise<void>((resolve) => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}
