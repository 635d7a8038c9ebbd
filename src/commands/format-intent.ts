import { isResourceTarget, type CapacityChange, type Intent, type Lasting, type Target } from './intent.js';
import { quoteWord } from './reason-text.js';

/**
 * The canonical text of an intent, fully resolved: targets as `prod/web`, the end of a temporary
 * change as an ISO instant. The engine stores it on approval requests and parses it again on
 * approval; `parseCommand(formatIntent(i), ctx)` gives `i` back, but for `lasting.said`, which
 * becomes `until <instant>` (a `for 2h` approved an hour later no longer lasts 2h).
 *
 * @example formatIntent({ command: 'scale', target: { env: 'prod', kind: 'autoscaling-group', name: 'web' }, capacity: { min: 2, max: 6, desired: 4 } }) // 'scale prod/web min=2 max=6 desired=4'
 * @example formatIntent({ command: 'shutdown', target: { env: 'dev' } }) // 'shutdown dev'
 */
export function formatIntent(intent: Intent): string {
  switch (intent.command) {
    case 'scale': {
      const change = 'instanceType' in intent ? intent.instanceType : formatCapacity(intent.capacity);
      return words('scale', formatTarget(intent.target), change, formatLasting(intent.lasting));
    }
    case 'shutdown':
    case 'startup':
      return words(intent.command, formatTarget(intent.target), formatLasting(intent.lasting));
    case 'status':
      return words('status', intent.target && formatTarget(intent.target));
    case 'plan':
    case 'drift':
      return words(intent.command, intent.env);
    case 'approve':
      return words('approve', intent.requestId);
    case 'deny':
      return words('deny', intent.requestId, intent.reason === undefined ? undefined : quoteWord(intent.reason));
    case 'requests':
    case 'locks':
      return intent.command;
    case 'unlock':
      return words('unlock', intent.env, quoteWord(intent.reason));
    case 'help':
      return words('help', intent.topic);
  }
}

/**
 * `prod/web`, or `dev` for a whole environment.
 *
 * @example formatTarget({ env: 'prod', kind: 'instance', name: 'bastion' }) // 'prod/bastion'
 */
export function formatTarget(target: Target): string {
  return isResourceTarget(target) ? `${target.env}/${target.name}` : target.env;
}

/** `5` when only desired is set (as people write it); `min=2 max=6 desired=4` otherwise. */
function formatCapacity(c: CapacityChange): string {
  if (c.min === undefined && c.max === undefined && c.desired !== undefined) return String(c.desired);
  return (['min', 'max', 'desired'] as const)
    .filter((k) => c[k] !== undefined)
    .map((k) => `${k}=${c[k]}`)
    .join(' ');
}

function formatLasting(lasting: Lasting | undefined): string | undefined {
  return lasting && `--until ${lasting.until}`;
}

function words(...parts: (string | undefined)[]): string {
  return parts.filter((p): p is string => p !== undefined && p !== '').join(' ');
}
