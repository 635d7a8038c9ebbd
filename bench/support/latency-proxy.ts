import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy on 127.0.0.1 that holds every request `latencyMs` before forwarding it to
 * `target`: a local endpoint answers in well under a millisecond, which hides what a fleet
 * tool's call count costs against a real API (tens of milliseconds per round trip). Both the
 * engine and its per-resource peer go through the same proxy, so their ratio is fair.
 *
 * @example const proxy = await startLatencyProxy(fake.url, 20); ... await proxy.close();
 */
export async function startLatencyProxy(target: string, latencyMs: number): Promise<{ url: string; close(): Promise<void> }> {
  const to = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      setTimeout(() => {
        const out = http.request(
          { host: to.hostname, port: to.port, path: req.url, method: req.method, headers: req.headers, agent },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        out.on('error', (e) => {
          res.writeHead(502);
          res.end(String(e));
        });
        out.end(Buffer.concat(chunks));
      }, latencyMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
