import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import nock from 'nock';
import { createAwsProvider, type AwsProviderOptions } from '../../../src/cloud/aws/index.js';
import type { EnvTarget } from '../../../src/cloud/provider.js';
import { createManualClock } from '../../../src/clock.js';
import { startFakeAws, type FakeAws, type StartFakeAwsOptions } from '../../support/fake-aws/index.js';

/** Credentials in AWS's documented example format; nock and the fake accept any. */
export const TEST_CREDENTIALS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

const FIXTURES = fileURLToPath(new URL('../../fixtures/aws/', import.meta.url));

export function fixture(rel: string): string {
  return readFileSync(FIXTURES + rel, 'utf8');
}

export type WireService = 'ec2' | 'autoscaling' | 'cloudwatch' | 'sts';

/** A request as it reached the wire: form fields (query protocol) or the JSON body (CloudWatch). */
export interface SeenRequest {
  service: WireService;
  action: string;
  host: string;
  params: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

export interface CannedReply {
  /** Path under test/fixtures/aws/. */
  file?: string;
  body?: string;
  status?: number;
  headers?: Record<string, string>;
}

/** The SDK's default regional endpoints: nock proves the adapter needs no override to reach AWS. */
export function hostOf(service: WireService, region: string): string {
  const prefix = service === 'cloudwatch' ? 'monitoring' : service;
  return `https://${prefix}.${region}.amazonaws.com`;
}

/**
 * nock over the real AWS endpoints of one region: `reply` queues one canned answer per
 * expected call and every request is kept in `seen`, so tests assert the exact parameters.
 *
 * @example
 * const aws = awsNock('eu-west-1');
 * aws.reply('ec2', 'DescribeInstances', { file: 'ec2/describe-instances-page1.xml' });
 */
export function awsNock(region: string) {
  const seen: SeenRequest[] = [];
  const api = {
    seen,
    of: (action: string) => seen.filter((s) => s.action === action),
    reply(service: WireService, action: string, reply: CannedReply, times = 1) {
      const host = hostOf(service, region);
      const scope = nock(host);
      const interceptor =
        service === 'cloudwatch'
          ? scope.post('/').matchHeader('x-amz-target', `GraniteServiceVersion20100801.${action}`)
          : scope.post('/', (body: Record<string, unknown>) => body.Action === action);
      interceptor.times(times).reply(function (this: { req: { headers: Record<string, string> } }, _uri: string, body: unknown) {
        const params = typeof body === 'string' ? (service === 'cloudwatch' ? (JSON.parse(body) as Record<string, unknown>) : Object.fromEntries(new URLSearchParams(body))) : (body as Record<string, unknown>);
        seen.push({ service, action, host, params, headers: this.req.headers });
        const content = reply.file ? fixture(reply.file) : (reply.body ?? '');
        const contentType = service === 'cloudwatch' ? 'application/x-amz-json-1.0' : 'text/xml;charset=UTF-8';
        return [reply.status ?? 200, content, { 'content-type': contentType, 'x-amzn-requestid': 'nock-request-id', ...reply.headers }];
      });
      return api;
    },
  };
  return api;
}

export function resetNock(): void {
  nock.cleanAll();
}

export function pendingNock(): string[] {
  return nock.pendingMocks();
}

export function blockNetwork(): void {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
}

/** A provider on the real SDK clients, pointed at a fresh fake AWS endpoint. */
export async function providerOnFake(opts: { fake?: StartFakeAwsOptions; provider?: Partial<AwsProviderOptions> } = {}) {
  const fake = await startFakeAws(opts.fake);
  const clock = createManualClock('2026-03-01T09:00:00Z');
  const provider = createAwsProvider({
    endpoints: { default: fake.url },
    credentials: TEST_CREDENTIALS,
    waiterDelaySeconds: { min: 0.01, max: 0.05 },
    clock,
    ...opts.provider,
  });
  const target: EnvTarget = { env: 'prod', region: 'eu-west-1', accountId: '123456789012' };
  return { fake, provider, clock, target, region: fake.region('eu-west-1') };
}

/** The parameters of the calls the fake received for one action, in order. */
export function paramsOf(fake: FakeAws, action: string): Record<string, unknown>[] {
  return fake.calls.filter((c) => c.action === action).map((c) => c.params);
}
