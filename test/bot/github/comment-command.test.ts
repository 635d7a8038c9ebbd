import { describe, expect, it } from 'vitest';
import { parseCommentCommand } from '../../../bot/github/comment-command.js';
import { createCommentWriter } from '../../../bot/github/comment-writer.js';

describe('parseCommentCommand: which comments are commands', () => {
  it.each<[string, boolean, ReturnType<typeof parseCommentCommand>]>([
    ['/qm scale prod/web t3.large', false, { text: 'scale prod/web t3.large' }],
    ['/qm scale prod/web t3.large\r\nfor the launch, see #12', false, { text: 'scale prod/web t3.large' }],
    ['/qm   status   ', false, { text: 'status' }],
    ['/qm', false, { text: 'help' }],
    ['\uFEFF/qm locks', false, { text: 'locks' }],
    ['/qm\tapprove req-0123456789ab', false, { text: 'approve req-0123456789ab' }],
    ['/qm plan', true, { text: 'plan', pullRequest: { command: 'plan', envs: [] } }],
    ['/qm plan prod staging', true, { text: 'plan prod staging', pullRequest: { command: 'plan', envs: ['prod', 'staging'] } }],
    ['/qm apply', true, { text: 'apply', pullRequest: { command: 'apply' } }],
    ['/qm apply now', true, { text: 'apply now' }],
    ['/qm plan', false, { text: 'plan' }],
    ['/qm status', true, { text: 'status' }],
    ['/qmstatus', false, undefined],
    ['/QM status', false, undefined],
    [' /qm status', false, undefined],
    ['please run /qm status', false, undefined],
    ['> /qm shutdown prod', false, undefined],
    ['`/qm shutdown prod`', false, undefined],
    ['', false, undefined],
  ])('%j (pull request: %s)', (body, onPullRequest, expected) => {
    expect(parseCommentCommand(body, { onPullRequest })).toEqual(expected);
  });

  it('never throws on odd bodies', () => {
    for (const body of [null, undefined, '\n\n/qm status', '/qm ' + 'x'.repeat(100_000), '/qm \u0000\u202e']) expect(() => parseCommentCommand(body, { onPullRequest: true })).not.toThrow();
  });
});

describe('createCommentWriter: one comment, edited in order', () => {
  it('coalesces progress, never lets an older body overwrite the final one', async () => {
    const written: string[] = [];
    let release: () => void = () => undefined;
    const slow = new Promise<void>((r) => (release = r));
    const writer = createCommentWriter(async (body) => {
      if (body === 'p1') await slow;
      written.push(body);
    }, 10);
    writer.progress('p1');
    await new Promise((r) => setTimeout(r, 30));
    writer.progress('p2');
    writer.progress('p3');
    const final = writer.final('answer');
    release();
    await final;
    writer.progress('late');
    await new Promise((r) => setTimeout(r, 30));
    expect(written).toEqual(['p1', 'answer']);
  });
});
