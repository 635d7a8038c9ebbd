import type { BadInputCase } from '../bad-input-case.js';
import { edit } from './edit.js';

const BASTION = 'environments/dev/bastion.yml';
const type = (to: string) => ({ [BASTION]: edit('instance_type: t3.nano', `instance_type: ${to}`) });

/**
 * Instance types against the catalogue: typos get did-you-mean within the right family, real AWS
 * families outside the catalogue (GPU and others) are named as such and never "did you mean" a
 * burstable type.
 */
export const catalogueCases: BadInputCase[] = [
  { name: 'instance_type with a mistyped size', files: type('t3.micor'), args: ['validate'], exit: 1, message: /environments\/dev\/bastion\.yml:7:20 instance_type "t3\.micor" is not an EC2 instance type \(did you mean "t3\.micro"\?\)/ },
  { name: 'instance_type with a doubled letter', files: type('m5.largee'), args: ['plan'], exit: 1, message: /bastion\.yml:7:20 instance_type "m5\.largee" is not an EC2 instance type \(did you mean "m5\.large"\?\)/ },
  { name: 'instance_type of no AWS family', files: type('zz9.enormous'), args: ['validate'], exit: 1, message: /bastion\.yml:7:20 instance_type "zz9\.enormous" is not an EC2 instance type/ },
  { name: 'instance_type of a GPU family with a mistyped size', files: type('g5.xlargee'), args: ['validate'], exit: 1, message: /bastion\.yml:7:20 instance_type "g5\.xlargee" is not an EC2 instance type \(did you mean "g5\.xlarge"\?\)/ },
  { name: 'instance_type of a real GPU family outside the catalogue: a warning, not did-you-mean', files: type('p5.48xlarge'), args: ['validate'], exit: 0, message: /bastion\.yml:7:20 .*p5 is a GPU \(accelerated computing\) family Quartermaster's catalogue does not price or validate yet/ },
  { name: 'run scale to a GPU type', args: ['run', 'scale dev/bastion g5.xlarge'], exit: 1, message: /g5 is a GPU \(accelerated computing\) family Quartermaster's catalogue does not price or validate yet, so chat cannot check it against the AMI of dev\/bastion; set instance_type to g5\.xlarge in the definitions/ },
  { name: 'run scale a group to a storage optimized type', args: ['run', 'scale dev/web i4i.large'], exit: 1, message: /i4i is a storage optimized family Quartermaster's catalogue does not price or validate yet/ },
];
