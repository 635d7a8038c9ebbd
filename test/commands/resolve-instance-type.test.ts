import { beforeAll, describe, expect, it } from 'vitest';
import { parseCommand, usageOf, type ResolveContext } from '../../src/commands/index.js';
import type { Definitions } from '../../src/model/resources.js';
import { exampleFleet, NOW } from './fleet-context.js';

let definitions: Definitions;
beforeAll(async () => {
  definitions = await exampleFleet();
});

const ctx = (): ResolveContext => ({ definitions, now: NOW });

describe('scale to an instance type outside the catalogue', () => {
  it.each([
    ['scale prod/web g5.xlarge', "g5 is a GPU (accelerated computing) family Quartermaster's catalogue does not price or validate yet, so chat cannot check it against the AMI of prod/web; set instance_type to g5.xlarge in the definitions and apply it through a pull request"],
    ['scale prod/bastion P4D.24XLARGE', "p4d is a GPU (accelerated computing) family Quartermaster's catalogue does not price or validate yet, so chat cannot check it against the AMI of prod/bastion; set instance_type to p4d.24xlarge in the definitions and apply it through a pull request"],
    ['scale prod/bastion i4i.large', "i4i is a storage optimized family Quartermaster's catalogue does not price or validate yet, so chat cannot check it against the AMI of prod/bastion; set instance_type to i4i.large in the definitions and apply it through a pull request"],
    ['scale prod/bastion m4.large', "m4 is a previous generation family Quartermaster's catalogue does not price or validate yet, so chat cannot check it against the AMI of prod/bastion; set instance_type to m4.large in the definitions and apply it through a pull request"],
  ])('%j names the family instead of guessing a burstable type', (text, error) => {
    expect(parseCommand(text, ctx())).toStrictEqual({ ok: false, error, usage: usageOf('scale') });
  });

  it.each([
    ['scale prod/bastion t3.micor', '"t3.micor" is not an EC2 instance type Quartermaster knows (did you mean "t3.micro"?)'],
    ['scale prod/bastion m5.largee', '"m5.largee" is not an EC2 instance type Quartermaster knows (did you mean "m5.large"?)'],
    ['scale prod/web zz9.enormous', '"zz9.enormous" is neither a count nor an EC2 instance type Quartermaster knows'],
    ['scale prod/web g5.xlargee', '"g5.xlargee" is neither a count nor an EC2 instance type Quartermaster knows (did you mean "g5.xlarge"?)'],
  ])('%j still gets did-you-mean or unknown', (text, error) => {
    expect(parseCommand(text, ctx())).toStrictEqual({ ok: false, error, usage: usageOf('scale') });
  });
});
