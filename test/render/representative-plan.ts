import { managedTags } from '../../src/model/identity.js';
import type { Plan } from '../../src/model/plan.js';
import { createPlan } from '../../src/plan/index.js';
import {
  FIXED_NOW,
  aFleet,
  aGroupSpec,
  anAlarmSpec,
  anEnvironment,
  anInstanceSpec,
  anObservedInstance,
  observedAlarmOf,
  observedGroupOf,
  observedInstanceOf,
  refTo,
  uuidFor,
} from '../plan/builders.js';

export const SECRET = 'export DB_PASSWORD=hunter2-s3cret';

/**
 * A plan with one of everything: in prod a rolling refresh, a resize, a replace, a delete, a
 * new alarm waiting for a new instance, a user data change, and notices; in dev a create and a
 * stop; in staging nothing.
 */
export function representativePlan(): Plan {
  const web = aGroupSpec({ desiredCapacity: 3, launchTemplate: { ...aGroupSpec().launchTemplate, instanceType: 't3.medium', userData: `#!/bin/sh\n${SECRET}\n` } });
  const worker = aGroupSpec({ name: 'worker', minSize: 1, maxSize: 4 });
  const bastion = anInstanceSpec({ instanceType: 't3.medium' });
  const db = anInstanceSpec({ name: 'db', ami: 'ami-0ffeeddccbbaa0099', instanceType: 'm5.large' });
  const legacy = anInstanceSpec({ name: 'legacy', deleted: true });
  const cache = anInstanceSpec({ name: 'cache', userData: `#!/bin/sh\n${SECRET}\n` });
  const metrics = anInstanceSpec({ name: 'metrics', instanceType: 't3.micro' });
  const metricsCpu = anAlarmSpec({ name: 'metrics-cpu', target: refTo(metrics), threshold: 90 });
  const webCpu = anAlarmSpec({ target: refTo(web), threshold: 75 });
  const devApi = anInstanceSpec({ env: 'dev', name: 'api', instanceType: 't3.micro' });
  const devBox = anInstanceSpec({ env: 'dev', name: 'sandbox', state: 'stopped' });

  const prod = [
    observedGroupOf(aGroupSpec({ desiredCapacity: 3 }), { refresh: { id: 'r-0prev', status: 'Successful', percentComplete: 100 } }),
    observedGroupOf(worker),
    observedInstanceOf(anInstanceSpec()),
    observedInstanceOf(anInstanceSpec({ name: 'db', instanceType: 'm5.large' })),
    observedInstanceOf(anInstanceSpec({ name: 'legacy' })),
    observedInstanceOf(cache, { userData: '#!/bin/sh\necho old\n' }),
    observedAlarmOf(anAlarmSpec({ target: refTo(web) }), 'prod-web'),
    anObservedInstance({ id: 'i-0byhand00000000001', tags: { Name: 'experiment' } }),
    anObservedInstance({ id: 'i-0forgotten0000001', tags: managedTags({}, { env: 'prod', name: 'old-jobs', uuid: uuidFor('old-jobs') }) }),
  ];
  const dev = [observedInstanceOf(anInstanceSpec({ env: 'dev', name: 'sandbox' }))];

  return createPlan({
    desired: [web, worker, bastion, db, legacy, cache, metrics, metricsCpu, webCpu, devApi, devBox],
    environments: ['prod', 'dev', 'staging'].map((name) => anEnvironment({ name })),
    actual: [aFleet('prod', prod), aFleet('dev', dev), aFleet('staging')],
    envs: ['prod', 'dev', 'staging'],
    now: FIXED_NOW,
  });
}

/** A plan with nothing to do. */
export function emptyPlan(): Plan {
  const b = anInstanceSpec();
  return createPlan({ desired: [b], environments: [anEnvironment()], actual: [aFleet('prod', [observedInstanceOf(b)])], envs: ['prod'], now: FIXED_NOW });
}
