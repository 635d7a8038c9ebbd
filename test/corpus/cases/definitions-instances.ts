import type { BadInputCase } from '../bad-input-case.js';
import { devResource, edit } from './edit.js';

const BASTION = 'environments/dev/bastion.yml';
const EXTRA = 'environments/dev/extra.yml';
/** A new dev instance (line 6 on is `lines`), with a uuid of its own so only the fault is reported. */
const ec2 = (...lines: string[]) =>
  devResource('kind: instance', 'name: box', 'uuid: 5b0c3f1e-2d4a-4c6b-8e2f-1a2b3c4d5e6f', 'instance_type: t3.micro', 'ami: ami-0abcdef1234567890', ...lines);

/** Instance fields written wrong, one field and fault class each. */
export const definitionInstanceCases: BadInputCase[] = [
  { name: 'instance_type misspelt', files: { [BASTION]: edit('instance_type: t3.nano', 'instance_type: t3.nan0') }, args: ['validate'], exit: 1, message: /environments\/dev\/bastion\.yml:7:20 instance_type "t3\.nan0" is not an EC2 instance type \(did you mean "t3\.nano"\?\)/ },
  { name: 'instance_type a number', files: { [BASTION]: edit('instance_type: t3.nano', 'instance_type: 3') }, args: ['plan'], exit: 1, message: /environments\/dev\/bastion\.yml:7:20 instance_type 3 is not an EC2 instance type/ },
  { name: 'ami too short', files: { [BASTION]: edit('ami: ami-0abcdef1234567890', 'ami: ami-123') }, args: ['validate'], exit: 1, message: /bastion\.yml:8:10 ami "ami-123" is not an AMI id like ami-0abcdef1234567890/ },
  { name: 'ami a name, not an id', files: { [BASTION]: edit('ami: ami-0abcdef1234567890', 'ami: al2023-ami-kernel-6.1') }, args: ['apply', '--env', 'dev', '--auto-approve'], exit: 1, message: /bastion\.yml:8:10 ami "al2023-ami-kernel-6\.1" is not an AMI id[\s\S]*\[QM_DEFINITIONS_INVALID\]: 1 error/ },
  { name: 'state not running or stopped', files: { [BASTION]: edit('state: running', 'state: paused') }, args: ['validate'], exit: 1, message: /bastion\.yml:10:12 state "paused" is not one of running, stopped/ },
  { name: 'monitoring yes instead of true', files: { [EXTRA]: ec2('monitoring: yes') }, args: ['validate'], exit: 1, message: /extra\.yml:7:17 monitoring "yes" is not true or false/ },
  { name: 'ebs_optimized a string', files: { [EXTRA]: ec2('ebs_optimized: "true"') }, args: ['validate'], exit: 1, message: /extra\.yml:7:20 ebs_optimized "true" is not true or false/ },
  { name: 'subnet malformed', files: { [EXTRA]: ec2('subnet: subnet-xyz') }, args: ['validate'], exit: 1, message: /extra\.yml:7:13 subnet "subnet-xyz" is not a subnet id like subnet-0a1b2c3d4e5f67890/ },
  { name: 'security_groups a string, not a list', files: { [EXTRA]: ec2('security_groups: sg-0d1e2f3a4b5c60001') }, args: ['validate'], exit: 1, message: /extra\.yml:7:22 security_groups "sg-0d1e2f3a4b5c60001" is not a list \(each a security group id/ },
  { name: 'security_groups repeated', files: { [EXTRA]: ec2('security_groups: [sg-0d1e2f3a4b5c60001, sg-0d1e2f3a4b5c60001]') }, args: ['validate'], exit: 1, message: /extra\.yml:7:\d+ security_groups lists "sg-0d1e2f3a4b5c60001" more than once/ },
  { name: 'key_name empty', files: { [EXTRA]: ec2('key_name: ""') }, args: ['validate'], exit: 1, message: /extra\.yml:7:15 key_name "" is not a key pair name \(1 to 255 characters\)/ },
  { name: 'root_volume size zero', files: { [EXTRA]: ec2('root_volume: {size_gib: 0}') }, args: ['validate'], exit: 1, message: /extra\.yml:7:\d+ root_volume\.size_gib 0 is not a whole number from 1 to 16384/ },
  { name: 'root_volume of an HDD type', files: { [EXTRA]: ec2('root_volume: {type: st1}') }, args: ['validate'], exit: 1, message: /extra\.yml:7:\d+ root_volume\.type "st1" is not one of gp3, gp2, io1, io2, standard/ },
  { name: 'root_volume io2 without iops', files: { [EXTRA]: ec2('root_volume: {type: io2}') }, args: ['validate'], exit: 1, message: /extra\.yml:7:\d+ root_volume of type io2 needs iops \(provisioned IOPS, e\.g\. 3000\)/ },
  { name: 'root_volume iops on gp2', files: { [EXTRA]: ec2('root_volume: {type: gp2, iops: 3000}') }, args: ['validate'], exit: 1, message: /extra\.yml:7:\d+ root_volume\.iops is set but gp2 volumes have no provisioned IOPS \(use type gp3, io1 or io2, or remove iops\)/ },
  { name: 'root_volume unknown field', files: { [EXTRA]: ec2('root_volume: {size_gb: 20}') }, args: ['validate'], exit: 1, message: /extra\.yml:7:\d+ unknown field "size_gb" in root_volume \(did you mean "size_gib"\?\)/ },
  { name: 'user_data over 16 KB, not echoed', files: { [BASTION]: edit('      export DB_PASSWORD=', `      ${'#'.repeat(16400)}\n      export DB_PASSWORD=`) }, args: ['validate'], exit: 1, message: /bastion\.yml:11:16 user_data is not a string of at most 16384 characters/ },
  { name: 'user_data a mapping holding the secret, not echoed', files: { [BASTION]: edit('user_data: |\n      #!/bin/sh\n      export DB_PASSWORD=', 'user_data:\n      DB_PASSWORD: ') }, args: ['validate'], exit: 1, message: /bastion\.yml:12:7 user_data is a mapping, expected a string of at most 16384 characters \(use a `\|` block\)/ },
  { name: 'instance field misspelt', files: { [BASTION]: edit('instance_type: t3.nano', 'instance_typ: t3.nano') }, args: ['validate'], exit: 1, message: /bastion\.yml:7:5 unknown field "instance_typ" in instance "bastion" \(did you mean "instance_type"\?\)/ },
  { name: 'instance field of a group', files: { [EXTRA]: ec2('min_size: 1') }, args: ['validate'], exit: 1, message: /extra\.yml:7:5 unknown field "min_size" in instance "box" \(expected one of: kind, name, uuid, .*state\)/ },
  { name: 'kind misspelt', files: { [BASTION]: edit('kind: instance', 'kind: instances') }, args: ['validate'], exit: 1, message: /bastion\.yml:4:11 kind "instances" is not one of instance, autoscaling-group, alarm \(did you mean "instance"\?\)/ },
  { name: 'kind missing', files: { [BASTION]: edit('  - kind: instance\n    name: bastion', '  - name: bastion') }, args: ['validate'], exit: 1, message: /bastion\.yml:4:5 resources\[0\] has no kind \(one of instance, autoscaling-group, alarm\)/ },
  { name: 'kind of another service', files: { [EXTRA]: devResource('kind: lambda', 'name: fn') }, args: ['validate'], exit: 1, message: /extra\.yml:2:11 kind "lambda" is not one of instance, autoscaling-group, alarm/ },
  { name: 'name missing', files: { [BASTION]: edit('    name: bastion\n', '') }, args: ['validate'], exit: 1, message: /bastion\.yml:4:5 instance resources\[0\] is missing name \(a name of lowercase letters/ },
  { name: 'name with spaces', files: { [BASTION]: edit('name: bastion', 'name: Jump Host') }, args: ['validate'], exit: 1, message: /bastion\.yml:5:11 name "Jump Host" is not a name of lowercase letters, digits and hyphens/ },
  { name: 'uuid edited into a non-uuid', files: { [BASTION]: edit('uuid: a1226100-5702-4f5e-ae5c-effa089f20c6', 'uuid: a1226100-5702') }, args: ['validate'], exit: 1, message: /bastion\.yml:6:11 uuid "a1226100-5702" is not a lowercase UUID .*\(delete the line and run `qm fmt` to get a new one\)/ },
  { name: 'uuid copied to a second resource', files: { [EXTRA]: devResource('kind: instance', 'name: box', 'uuid: a1226100-5702-4f5e-ae5c-effa089f20c6', 'instance_type: t3.micro', 'ami: ami-0abcdef1234567890') }, args: ['plan'], exit: 1, message: /extra\.yml:\d+:11 uuid "a1226100-[0-9a-f-]+" of instance "box" is already used by instance "bastion" in dev \(environments\/dev\/bastion\.yml:6:11\)/ },
  { name: 'same name in two files', files: { [EXTRA]: devResource('kind: instance', 'name: bastion', 'uuid: 5b0c3f1e-2d4a-4c6b-8e2f-1a2b3c4d5e6f', 'instance_type: t3.micro', 'ami: ami-0abcdef1234567890') }, args: ['validate'], exit: 1, message: /extra\.yml:3:11 instance "bastion" is defined twice in environment dev \(first at environments\/dev\/bastion\.yml:5:11\)/ },
  { name: 'reserved tag key qm:', files: { [BASTION]: edit('role: bastion', 'qm:env: prod') }, args: ['validate'], exit: 1, message: /bastion\.yml:15:7 tags key "qm:env" is reserved/ },
  { name: 'tag value a list', files: { [BASTION]: edit('role: bastion', 'role: [a, b]') }, args: ['validate'], exit: 1, message: /bastion\.yml:15:13 tags\.role is a list, expected a string/ },
  { name: 'deleted as a word', files: { [BASTION]: edit('state: running', 'state: running\n    deleted: maybe') }, args: ['validate'], exit: 1, message: /bastion\.yml:11:14 deleted "maybe" is not true or false/ },
];
