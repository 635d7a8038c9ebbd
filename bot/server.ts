import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { ReadyCheck } from './bot-engine.js';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
/** probot's middleware shape: answers its own path, calls `next` (or answers false) otherwise. */
export type Middleware = (req: IncomingMessage, res: ServerResponse, next?: (err?: Error) => void) => boolean | void | Promise<boolean | void>;

export const PATHS = {
  slack: '/slack/events',
  github: '/api/github/webhooks',
  health: '/healthz',
  ready: '/readyz',
} as const;

export interface BotServerOptions {
  port: number;
  /** Default every interface. */
  host?: string;
  log: Logger;
  /** The Slack door's HTTP request listener (absent: Slack not configured, or Socket Mode). */
  slack?: RequestHandler;
  /** The GitHub App's webhook middleware (absent: GitHub not configured). */
  github?: Middleware;
  /** The store answers and the definitions can be read. */
  ready(): Promise<ReadyCheck[]>;
  /** How long a readiness answer is reused (probes come every few seconds). Default 5 s. */
  readyCacheMs?: number;
}

export interface BotServer {
  readonly server: Server;
  /** Listens on the port; answers the URL (`http://127.0.0.1:3000`). */
  listen(): Promise<{ url: string; port: number }>;
  /**
   * Stops accepting: /readyz answers 503 at once, new connections are refused, idle keep-alive
   * connections closed, and requests arriving on open ones refused with 503 (the load balancer
   * sends them elsewhere). Resolves when every connection has ended or `force` was called.
   */
  stopAccepting(): Promise<void>;
  /** Ends every connection still open (after the drain bound). */
  force(): void;
}

/**
 * The bot's one HTTP server: Slack at /slack/events, GitHub webhooks at /api/github/webhooks,
 * /healthz (the process answers) and /readyz (the store and the definitions answer; 503 while
 * shutting down). Doors verify their own signatures (Slack's signing secret, GitHub's webhook
 * secret); anything else is 404.
 *
 * @example const server = createBotServer({ port: 3000, log, slack: door.requestListener, github: middleware, ready: engine.ready }); await server.listen();
 */
export function createBotServer(opts: BotServerOptions): BotServer {
  let draining = false;
  let readyCache: { at: number; checks: Promise<ReadyCheck[]> } | undefined;
  const cacheMs = opts.readyCacheMs ?? 5_000;

  const json = (res: ServerResponse, status: number, body: unknown): void => {
    if (res.headersSent) return;
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...(draining ? { connection: 'close' } : {}) });
    res.end(`${JSON.stringify(body)}\n`);
  };

  const readiness = (): Promise<ReadyCheck[]> => {
    const now = Date.now();
    if (!readyCache || now - readyCache.at > cacheMs) readyCache = { at: now, checks: opts.ready().catch((e: unknown) => [{ name: 'store', ok: false, detail: e instanceof Error ? e.message : String(e) }]) };
    return readyCache.checks;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://bot').pathname.replace(/\/+$/, '') || '/';
    if (path === PATHS.health) return json(res, 200, { status: 'ok' });
    if (path === PATHS.ready) {
      if (draining) return json(res, 503, { status: 'shutting down' });
      const checks = await readiness();
      const ok = checks.every((c) => c.ok);
      return json(res, ok ? 200 : 503, { status: ok ? 'ready' : 'not ready', checks });
    }
    if (path === PATHS.slack || path === PATHS.github) {
      if (draining) return json(res, 503, { error: 'shutting down: send it to another replica, or again shortly' });
      if (path === PATHS.slack) {
        if (!opts.slack) return json(res, 404, { error: 'Slack is not configured on this bot (or it uses Socket Mode)' });
        return opts.slack(req, res);
      }
      if (!opts.github) return json(res, 404, { error: 'GitHub is not configured on this bot' });
      await opts.github(req, res, () => json(res, 404, { error: `not found: ${req.method} ${path}` }));
      return;
    }
    json(res, 404, { error: `not found: ${req.method} ${path}` });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      opts.log.error({ err: e, path: req.url }, 'request failed');
      json(res, 500, { error: 'internal error' });
    });
  });
  // A slow client must not hold a shutdown for long, nor a request the server forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  let closed: Promise<void> | undefined;

  return {
    server,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port, opts.host, () => {
          server.off('error', reject);
          const { port } = server.address() as AddressInfo;
          resolve({ url: `http://127.0.0.1:${port}`, port });
        });
      }),
    stopAccepting() {
      draining = true;
      closed ??= new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      return closed;
    },
    force() {
      server.closeAllConnections();
    },
  };
}
