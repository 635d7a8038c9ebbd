import { amiField, instanceTypeField, keyNameField, securityGroupField, subnetField } from '../aws-fields.js';
import { DEFAULTS } from '../defaults.js';
import { booleanField, enumField, listField, stringField } from '../field-types.js';
import type { MappingSpec } from '../read-mapping.js';
import { commonSpec } from './common-spec.js';
import { rootVolumeField } from './root-volume-spec.js';

/** User data is capped by EC2 at 16 KB (before base64); it may hold secrets, so it is never echoed. */
export const userDataField = () => stringField({ maxLength: 16384, secret: true, expected: 'a string of at most 16384 characters (use a `|` block)' });

export const instanceSpec = {
  ...commonSpec('instance'),
  instance_type: { type: instanceTypeField(), required: true, description: 'EC2 instance type, e.g. t3.micro. Changing it stops and starts the instance.' },
  ami: { type: amiField(), required: true, description: 'AMI id (ami- and 8 or 17 hex digits); its architecture must match the instance type. Changing it replaces the instance.' },
  subnet: { type: subnetField(), description: 'Subnet id; defaults to the first of the environment\'s default_subnets. Changing it replaces the instance.' },
  security_groups: {
    type: listField(securityGroupField(), { unique: true }),
    description: 'Security group ids; default to the environment\'s default_security_groups.',
  },
  key_name: { type: keyNameField(), description: 'EC2 key pair name; defaults to the environment\'s default_key_name.' },
  monitoring: { type: booleanField(), description: 'Detailed (1-minute) CloudWatch monitoring.', default: DEFAULTS.monitoring },
  ebs_optimized: { type: booleanField(), description: 'EBS-optimized instance.', default: DEFAULTS.ebsOptimized },
  root_volume: { type: rootVolumeField('root_volume'), description: 'The boot volume; default 8 GiB gp3, encrypted.' },
  user_data: { type: userDataField(), description: 'Script run at first boot (plain text, not base64). Never shown in plans or logs.' },
  state: {
    type: enumField(['running', 'stopped'] as const),
    description: 'Desired power state; `/shutdown <env>` writes stopped.',
    default: DEFAULTS.state,
  },
} satisfies MappingSpec;
