import type { Override } from '../model/override.js';

/**
 * One line saying what an override does and where, for audit messages and replies.
 *
 * @example describeOverride({ env: 'prod', target: { kind: 'autoscaling-group', name: 'web' }, change: { kind: 'capacity', desired: 5 } })
 * // 'capacity of prod/autoscaling-group/web: desired 5'
 */
export function describeOverride(o: Pick<Override, 'env' | 'target' | 'change'>): string {
  const where = o.target ? `${o.env}/${o.target.kind}/${o.target.name}` : o.env;
  const c = o.change;
  switch (c.kind) {
    case 'shutdown':
      return `shutdown of ${where}`;
    case 'startup':
      return `startup of ${where}`;
    case 'capacity': {
      const parts = [c.min !== undefined ? `min ${c.min}` : '', c.max !== undefined ? `max ${c.max}` : '', c.desired !== undefined ? `desired ${c.desired}` : ''];
      return `capacity of ${where}: ${parts.filter(Boolean).join(', ') || 'unchanged'}`;
    }
    case 'instance-type':
      return `instance type of ${where}: ${c.instanceType}`;
  }
}
