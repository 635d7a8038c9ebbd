import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { el, renderXml, type XmlNode } from './xml.js';

export type FakeService = 'ec2' | 'autoscaling' | 'cloudwatch' | 'sts';

/** Parameters as the SDK sent them, unflattened: `Filter.1.Value.1` -> `{ Filter: [{ Value: [...] }] }`. */
export type Params = Record<string, unknown>;

export interface ParsedRequest {
  service: FakeService;
  action: string;
  params: Params;
  /** From the SigV4 credential scope; the fake keeps separate state per region. */
  region: string;
  accessKeyId: string;
}

/** An AWS error as the fake answers it; the protocol decides the body. */
export class FakeAwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly type: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender',
  ) {
    super(message);
  }
}

const SCOPE_SERVICE: Record<string, FakeService> = { ec2: 'ec2', autoscaling: 'autoscaling', monitoring: 'cloudwatch', sts: 'sts' };

/**
 * Identifies the service from the SigV4 credential scope (`Credential=AKID/20260101/eu-west-1/ec2/aws4_request`),
 * which works whether one endpoint serves every service or each has its own.
 */
export function parseRequest(headers: IncomingHttpHeaders, body: string): ParsedRequest {
  const auth = String(headers.authorization ?? '');
  const m = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(auth);
  if (!m) throw new FakeAwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
  const [, accessKeyId = '', region = '', scope = ''] = m;
  const service = SCOPE_SERVICE[scope];
  if (!service) throw new FakeAwsError('InvalidAction', `The fake does not serve ${scope}`, 400);
  if (service === 'cloudwatch') {
    const target = String(headers['x-amz-target'] ?? '');
    const action = target.split('.').pop() ?? '';
    return { service, action, params: body ? (JSON.parse(body) as Params) : {}, region, accessKeyId };
  }
  const form = new URLSearchParams(body);
  const action = form.get('Action') ?? '';
  form.delete('Action');
  form.delete('Version');
  return { service, action, params: unflatten(form), region, accessKeyId };
}

/**
 * Query-protocol keys to nested values. Numeric segments are 1-based list positions;
 * Auto Scaling's `member` segments are dropped (`Tags.member.1.Key` -> `Tags[0].Key`).
 */
export function unflatten(form: URLSearchParams): Params {
  const root: Params = {};
  for (const [key, value] of form) {
    const parts = key.split('.').filter((p) => p !== 'member');
    let node: Record<string, unknown> | unknown[] = root;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const next = parts[i + 1];
      const slot = /^\d+$/.test(part) ? Number(part) - 1 : part;
      const container = node as Record<string | number, unknown>;
      if (last) {
        container[slot] = value;
        return;
      }
      if (container[slot] === undefined || typeof container[slot] !== 'object') container[slot] = next !== undefined && /^\d+$/.test(next) ? [] : {};
      node = container[slot] as Record<string, unknown>;
    });
  }
  return root;
}

// Reading params with the leniency of the real APIs.
export function str(p: Params, key: string): string | undefined {
  const v = p[key];
  return typeof v === 'string' ? v : undefined;
}
export function num(p: Params, key: string): number | undefined {
  const v = p[key];
  if (typeof v === 'number') return v;
  return typeof v === 'string' && v !== '' ? Number(v) : undefined;
}
export function bool(p: Params, key: string): boolean | undefined {
  const v = p[key];
  if (typeof v === 'boolean') return v;
  return typeof v === 'string' ? v === 'true' : undefined;
}
/** A list parameter: the query protocol sends an empty list as `Key=`. */
export function arr<T = Params>(p: Params, key: string): T[] {
  const v = p[key];
  if (Array.isArray(v)) return v.filter((x) => x !== undefined) as T[];
  if (v === undefined || v === '') return [];
  return [v as T];
}
export function obj(p: Params, key: string): Params | undefined {
  const v = p[key];
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Params) : undefined;
}

const NAMESPACE: Record<FakeService, string> = {
  ec2: 'http://ec2.amazonaws.com/doc/2016-11-15/',
  autoscaling: 'http://autoscaling.amazonaws.com/doc/2011-01-01/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  cloudwatch: '',
};

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** EC2: `<XResponse><requestId/>…</XResponse>`; Auto Scaling and STS: `<XResponse><XResult>…</XResult><ResponseMetadata/></XResponse>`. */
export function renderQueryResponse(service: FakeService, action: string, children: XmlNode[] | undefined): WireResponse {
  const requestId = randomUUID();
  const inner =
    service === 'ec2'
      ? [el('requestId', requestId), ...(children ?? [])]
      : [...(children ? [el(`${action}Result`, children)] : []), el('ResponseMetadata', [el('RequestId', requestId)])];
  const xml = renderXml(el(`${action}Response`, inner)).replace(`<${action}Response>`, `<${action}Response xmlns="${NAMESPACE[service]}">`);
  return { status: 200, headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId }, body: `<?xml version="1.0" encoding="UTF-8"?>\n${xml}` };
}

export function renderJsonResponse(payload: unknown): WireResponse {
  return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() }, body: JSON.stringify(payload ?? {}) };
}

/** CloudWatch's modelled error shapes, for `__type`. */
const CLOUDWATCH_SHAPES: Record<string, string> = {
  LimitExceeded: 'LimitExceededFault',
  InvalidParameterValue: 'InvalidParameterValueException',
  InvalidParameterCombination: 'InvalidParameterCombinationException',
  MissingParameter: 'MissingRequiredParameterException',
  ResourceNotFound: 'ResourceNotFound',
  InvalidNextToken: 'InvalidNextToken',
};

export function renderError(service: FakeService, e: FakeAwsError): WireResponse {
  const requestId = randomUUID();
  if (service === 'cloudwatch') {
    return {
      status: e.status,
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': requestId, 'x-amzn-query-error': `${e.code};${e.type}` },
      body: JSON.stringify({ __type: `com.amazonaws.cloudwatch#${CLOUDWATCH_SHAPES[e.code] ?? e.code}`, message: e.message }),
    };
  }
  const xml =
    service === 'ec2'
      ? renderXml(el('Response', [el('Errors', [el('Error', [el('Code', e.code), el('Message', e.message)])]), el('RequestID', requestId)]))
      : renderXml(el('ErrorResponse', [el('Error', [el('Type', e.type), el('Code', e.code), el('Message', e.message)]), el('RequestId', requestId)])).replace(
          '<ErrorResponse>',
          `<ErrorResponse xmlns="${NAMESPACE[service]}">`,
        );
  return { status: e.status, headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId }, body: `<?xml version="1.0" encoding="UTF-8"?>\n${xml}` };
}
