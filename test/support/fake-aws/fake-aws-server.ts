import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AUTOSCALING_ACTIONS } from './autoscaling-api.js';
import { CLOUDWATCH_ACTIONS } from './cloudwatch-api.js';
import { EC2_INSTANCE_ACTIONS } from './ec2-instances-api.js';
import { EC2_TEMPLATE_ACTIONS } from './ec2-templates-api.js';
import { resolveOptions, type FakeAwsOptions, type FakeContext, type JsonHandler, type QueryHandler } from './fake-context.js';
import { createRegion, type FakeRegion } from './fake-state.js';
import { settleAll } from './lifecycle.js';
import { STS_ACTIONS } from './sts-api.js';
import {
  FakeAwsError,
  parseRequest,
  renderError,
  renderJsonResponse,
  renderQueryResponse,
  type FakeService,
  type Params,
  type WireResponse,
} from './wire.js';

export interface RecordedCall {
  service: FakeService;
  action: string;
  params: Params;
  region: string;
  account: string;
  accessKeyId: string;
  status: number;
  /** The AWS error code answered, if any. */
  errorCode?: string;
}

/** An error to answer instead of running the action, `times` times (default once). */
export interface FaultSpec {
  action: string;
  service?: FakeService;
  code: string;
  message?: string;
  status?: number;
  times?: number;
}

export interface StartFakeAwsOptions extends FakeAwsOptions {
  /** Default 0: a random free port. */
  port?: number;
  /** The fake's notion of now (launch times, refresh times). Default: the system clock. */
  now?: () => Date;
  /** Called with every call as it is answered (serve.ts writes them to a file). */
  onCall?: (call: RecordedCall) => void;
}

export interface FakeAws {
  /** `http://127.0.0.1:<port>`: one endpoint for EC2, Auto Scaling, CloudWatch and STS. */
  url: string;
  /** Every request answered, in order. */
  calls: RecordedCall[];
  /** The state of one account in one region (created on first use). */
  region(name: string, account?: string): FakeRegion;
  failNext(fault: FaultSpec): void;
  /** Lets every transition (pending, stopping, deletes, refreshes) finish, as if time had passed. */
  settle(): void;
  close(): Promise<void>;
}

const QUERY: Record<Exclude<FakeService, 'cloudwatch'>, Record<string, QueryHandler>> = {
  ec2: { ...EC2_INSTANCE_ACTIONS, ...EC2_TEMPLATE_ACTIONS },
  autoscaling: AUTOSCALING_ACTIONS,
  sts: STS_ACTIONS,
};

/**
 * A stateful fake of EC2, Auto Scaling, CloudWatch and STS on 127.0.0.1: it parses the real
 * SDK's signed query-protocol and JSON requests, answers from an in-memory model with AWS's
 * semantics (see README.md beside this file), renders AWS-shaped XML/JSON, and records every call.
 *
 * @example
 * const fake = await startFakeAws();
 * const ec2 = new EC2Client({ endpoint: fake.url, region: 'eu-west-1', credentials });
 * await fake.close();
 */
export async function startFakeAws(options: StartFakeAwsOptions = {}): Promise<FakeAws> {
  const opts = resolveOptions(options);
  const now = options.now ?? (() => new Date());
  const regions = new Map<string, FakeRegion>();
  const credentials = new Map<string, { account: string; arn: string }>();
  for (const [key, account] of Object.entries(opts.accessKeys)) credentials.set(key, { account, arn: `arn:aws:iam::${account}:user/quartermaster` });
  const faults: (FaultSpec & { left: number })[] = [];
  const calls: RecordedCall[] = [];

  const region = (name: string, account = opts.accountId): FakeRegion => {
    const key = `${account}|${name}`;
    let r = regions.get(key);
    if (!r) {
      r = createRegion(account, name, opts.images);
      regions.set(key, r);
    }
    return r;
  };
  const identity = (accessKeyId: string) => credentials.get(accessKeyId) ?? { account: opts.accountId, arn: `arn:aws:iam::${opts.accountId}:user/quartermaster` };

  const answer = (body: string, req: IncomingMessage): { res: WireResponse; call?: RecordedCall } => {
    let parsed;
    try {
      parsed = parseRequest(req.headers, body);
    } catch (e) {
      const err = e instanceof FakeAwsError ? e : new FakeAwsError('MalformedQueryString', String(e));
      return { res: renderError('ec2', err) };
    }
    const who = identity(parsed.accessKeyId);
    const call: RecordedCall = { ...parsed, account: who.account, status: 200 };
    try {
      const fault = faults.find((f) => f.action === parsed.action && (!f.service || f.service === parsed.service) && f.left > 0);
      if (fault) {
        fault.left -= 1;
        throw new FakeAwsError(fault.code, fault.message ?? `${fault.code} (injected by the fake)`, fault.status ?? 400);
      }
      const ctx: FakeContext = {
        region: region(parsed.region, who.account),
        params: parsed.params,
        opts,
        accessKeyId: parsed.accessKeyId,
        grantCredentials: (key, account, arn) => credentials.set(key, { account, arn }),
        callerArn: () => who.arn,
        now,
      };
      if (parsed.service === 'cloudwatch') {
        const handler: JsonHandler | undefined = CLOUDWATCH_ACTIONS[parsed.action];
        if (!handler) throw new FakeAwsError('UnknownOperationException', `The fake does not implement CloudWatch ${parsed.action}`);
        return { res: renderJsonResponse(handler(ctx)), call };
      }
      const handler = QUERY[parsed.service][parsed.action];
      if (!handler) throw new FakeAwsError('InvalidAction', `The action ${parsed.action} is not valid for this web service.`);
      return { res: renderQueryResponse(parsed.service, parsed.action, handler(ctx)), call };
    } catch (e) {
      const err = e instanceof FakeAwsError ? e : new FakeAwsError('InternalError', `The fake failed: ${String(e)}`, 500);
      call.status = err.status;
      call.errorCode = err.code;
      return { res: renderError(parsed.service, err), call };
    }
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { res: out, call } = answer(Buffer.concat(chunks).toString('utf8'), req);
      if (call) {
        calls.push(call);
        options.onCall?.(call);
      }
      res.writeHead(out.status, { ...out.headers, 'content-length': Buffer.byteLength(out.body) });
      res.end(out.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    region,
    failNext: (fault) => faults.push({ ...fault, left: fault.times ?? 1 }),
    settle: () => {
      for (const r of regions.values()) settleAll(r, opts, now());
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
