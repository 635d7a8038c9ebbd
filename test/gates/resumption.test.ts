import { describe, expect, it } from 'vitest';
import { isResumptionOf } from '../../src/gates/resumption.js';
import { redactSecrets } from '../../src/store/redact-secrets.js';
import { storedPlanOf } from '../../src/store/stored-plan.js';
import { anInstanceSpec, observedInstanceOf, planOf } from '../plan/builders.js';

/** As the store keeps it: the compact form (changes only), and the whole redacted plan of rows written before it. */
const SHAPES = [
  ['compact', (p: unknown) => JSON.parse(JSON.stringify(storedPlanOf(p)))],
  ['whole redacted plan (before schema 3)', (p: unknown) => JSON.parse(JSON.stringify(redactSecrets(p)))],
] as const;

const bastion = anInstanceSpec({ name: 'bastion', instanceType: 't3.small', userData: '#!/bin/sh\nexport TOKEN=s3cret' });
const other = anInstanceSpec({ name: 'other', instanceType: 't3.small' });
const liveOld = observedInstanceOf({ ...bastion, instanceType: 't3.micro' });

describe.each(SHAPES)('isResumptionOf (stored as %s): may an interrupted apply finish under its approval?', (_shape, stored) => {
  const approved = stored(planOf([bastion, other], [liveOld]));

  it.each([
    ['the same remaining work', planOf([bastion, other], [liveOld]), true],
    ['part of it done (the other instance exists now)', planOf([bastion, other], [liveOld, observedInstanceOf(other)]), true],
    ['everything done', planOf([bastion, other], [observedInstanceOf(bastion), observedInstanceOf(other)]), true],
    ['the definition changed since (another type)', planOf([{ ...bastion, instanceType: 't3.large' }, other], [liveOld]), false],
    ['a change nobody approved (a new resource)', planOf([bastion, other, anInstanceSpec({ name: 'new' })], [liveOld]), false],
    ['a worse impact than approved (a delete)', planOf([bastion, { ...other, deleted: true }], [liveOld, observedInstanceOf(other)]), false],
    ['another set of environments', planOf([bastion, other], [liveOld], ['prod', 'dev']), false],
  ])('%s -> %s', (_label, now, expected) => {
    expect(isResumptionOf(approved, now)).toBe(expected);
  });

  it('finishes an approved replace that died after the launch: deleting exactly the superseded instance', () => {
    const newAmi = { ...bastion, ami: 'ami-0new0000000000000' };
    const liveCurrent = observedInstanceOf(bastion);
    const approvedReplace = stored(planOf([newAmi], [liveCurrent]));
    expect(approvedReplace.actions[0]).toMatchObject({ type: 'replace' });

    const superseded = observedInstanceOf(bastion, { tags: { ...liveCurrent.tags, 'qm:superseded': 'true' } });
    const replacement = observedInstanceOf(newAmi, { id: 'i-0fresh' });
    const leftover = planOf([newAmi], [replacement, superseded]);
    expect(isResumptionOf(approvedReplace, leftover)).toBe(true);

    // Another instance of the same name is not what the replace approved deleting.
    const stranger = observedInstanceOf(bastion, { id: 'i-0stranger', tags: { ...liveCurrent.tags, 'qm:superseded': 'true' } });
    expect(isResumptionOf(approvedReplace, planOf([newAmi], [replacement, stranger]))).toBe(false);
  });

  it('refuses when nothing usable was stored with the request', () => {
    expect(isResumptionOf(undefined, planOf([bastion], [liveOld]))).toBe(false);
    expect(isResumptionOf({ envs: 'prod' }, planOf([bastion], [liveOld]))).toBe(false);
  });
});
