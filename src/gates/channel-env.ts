import type { Door } from '../store/store.js';
import type { Policy } from './policy.js';

/**
 * The environment a chat channel is bound to in policy.yml (`channels:`), so `/scale web 5`
 * typed in the prod channel means prod's web. Slack channels are named by id (`slack:C0123ABCD`),
 * repositories as `github:owner/repo`.
 *
 * @example channelEnvOf(policy, 'slack', 'C0PRODOPS1') // 'prod'
 */
export function channelEnvOf(policy: Policy, door: Door, channel: string): string | undefined {
  const key = door === 'slack' ? `slack:${channel}` : door === 'github-comment' ? `github:${channel.toLowerCase()}` : undefined;
  if (!key) return undefined;
  return policy.channels?.find((c) => c.channel.toLowerCase() === key.toLowerCase())?.env;
}
