import { describe, expect, it } from 'vitest';
import { planCommentDataOf, readPlanCommentData, renderPlanCommentData, type PlanCommentData } from '../../src/render/index.js';
import { representativePlan } from './representative-plan.js';

const data: PlanCommentData = { fingerprint: 'abc123', envs: ['prod', 'dev'], add: 1, change: 2, destroy: 0 };
const line = (json: string) => `<!-- quartermaster:plan-data ${json} -->`;

describe('plan comment data', () => {
  it('is the plan fingerprint, envs and counts', () => {
    const plan = representativePlan();
    expect(planCommentDataOf(plan)).toEqual({ fingerprint: plan.fingerprint, envs: ['prod', 'dev', 'staging'], add: 4, change: 5, destroy: 2 });
    expect(renderPlanCommentData(data)).toBe('<!-- quartermaster:plan-data {"fingerprint":"abc123","envs":["prod","dev"],"add":1,"change":2,"destroy":0} -->');
  });

  it.each<[string, PlanCommentData]>([
    ['plain', data],
    ['no envs, no changes', { fingerprint: 'f', envs: [], add: 0, change: 0, destroy: 0 }],
    ['env names that could end the comment or the line', { fingerprint: 'f', envs: ['a -->', 'b\n<!--', 'c"\\', '😀'], add: 3, change: 0, destroy: 9 }],
    ['large counts', { fingerprint: 'f'.repeat(64), envs: ['prod'], add: 10_000, change: 50_000, destroy: 1 }],
  ])('round-trips: %s', (_name, d) => {
    const rendered = renderPlanCommentData(d);
    expect(rendered.split('\n')).toHaveLength(1);
    expect(rendered.indexOf('-->')).toBe(rendered.length - 3);
    expect(readPlanCommentData(`text before\n\n${rendered}\n\n---\nfooter`)).toEqual(d);
  });

  it('reads the last data line, from a CRLF body too', () => {
    const body = `${renderPlanCommentData({ ...data, fingerprint: 'old' })}\r\n${renderPlanCommentData(data)}\r\n`;
    expect(readPlanCommentData(body)).toEqual(data);
  });

  it.each<[string, unknown]>([
    ['empty', ''],
    ['no data line', 'just a comment'],
    ['not a string', 42],
    ['undefined', undefined],
    ['null', null],
    ['invalid JSON', line('{"fingerprint":"f",')],
    ['truncated JSON', line('{"fingerprint":"f","envs":["prod"],"add":1,"change":2,"destroy"}')],
    ['an array', line('[1,2,3]')],
    ['an empty object', line('{}')],
    ['missing counts', line('{"fingerprint":"f","envs":["prod"]}')],
    ['negative count', line('{"fingerprint":"f","envs":[],"add":-1,"change":0,"destroy":0}')],
    ['fractional count', line('{"fingerprint":"f","envs":[],"add":1.5,"change":0,"destroy":0}')],
    ['count as string', line('{"fingerprint":"f","envs":[],"add":"1","change":0,"destroy":0}')],
    ['empty fingerprint', line('{"fingerprint":"","envs":[],"add":1,"change":0,"destroy":0}')],
    ['fingerprint not a string', line('{"fingerprint":7,"envs":[],"add":1,"change":0,"destroy":0}')],
    ['envs not strings', line('{"fingerprint":"f","envs":[1],"add":1,"change":0,"destroy":0}')],
    ['envs not an array', line('{"fingerprint":"f","envs":"prod","add":1,"change":0,"destroy":0}')],
    ['not at the start of a line', `x ${line(JSON.stringify(data))}`],
    ['escaped in markdown', `&lt;!-- quartermaster:plan-data ${JSON.stringify(data)} --&gt;`],
    ['huge garbage', `<!-- quartermaster:plan-data {${'"'.repeat(200_000)} -->`],
  ])('is undefined for garbage: %s', (_name, body) => {
    expect(readPlanCommentData(body as string)).toBeUndefined();
  });

  it('ignores keys it does not know', () => {
    expect(readPlanCommentData(line('{"fingerprint":"f","envs":[],"add":1,"change":0,"destroy":0,"extra":{"x":1}}'))).toEqual({ fingerprint: 'f', envs: [], add: 1, change: 0, destroy: 0 });
  });
});
