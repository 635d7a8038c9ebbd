import type { GatePreview } from '../../src/gates/index.js';
import type { CommitStatus } from './github-client.js';

/** The commit status branch protection can require. */
export const GATE_CONTEXT = 'quartermaster/gate';

/**
 * The gate's verdict on a pull request as a commit status: success when merging may apply it
 * (approved, or no approval needed), pending while approvals are missing, failure when the
 * policy refuses it (so it is not merged only to be stuck).
 *
 * @example gateStatus({ decision: 'needs-approval', requirements: [...] }, true) // { state: 'pending', description: 'needs 1 approval from sre' }
 */
export function gateStatus(gate: GatePreview, changes: boolean): Pick<CommitStatus, 'state' | 'description'> {
  switch (gate.decision) {
    case 'allowed':
      // previewGate says "approved by ..." when reviews met the quorum; otherwise no rule applied.
      if (!changes) return { state: 'success', description: 'approved: no changes to apply' };
      return { state: 'success', description: gate.reason.startsWith('approved by') ? `approved: ${gate.reason}` : 'approved: no approval needed' };
    case 'refused':
      return { state: 'failure', description: `refused: ${gate.reason}` };
    case 'needs-approval': {
      const missing = gate.requirements
        .map((q) => ({ group: q.group, left: q.count - q.approvedBy.length }))
        .filter((q) => q.left > 0)
        .map((q) => `${q.left} approval${q.left === 1 ? '' : 's'} from ${q.group}`);
      return { state: 'pending', description: `needs ${missing.join(' and ')}` };
    }
  }
}
