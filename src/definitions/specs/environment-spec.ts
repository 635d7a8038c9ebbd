import { accountIdField, keyNameField, regionField, roleArnField, securityGroupField, subnetField, tagsField } from '../aws-fields.js';
import { listField } from '../field-types.js';
import type { MappingSpec } from '../read-mapping.js';

/** `environments/<env>/environment.yml`: where and as whom an environment runs, and its defaults. */
export const environmentSpec = {
  region: { type: regionField(), required: true, description: 'AWS region of every resource in this environment, e.g. eu-west-1.' },
  account_id: {
    type: accountIdField(),
    required: true,
    description: 'The 12-digit AWS account id this environment lives in (quote it). Apply refuses to run with credentials of another account.',
  },
  role_arn: { type: roleArnField(), description: 'IAM role assumed through STS for this environment (one fleet over several accounts).' },
  default_tags: { type: tagsField(), description: 'Tags on every resource of the environment; a resource\'s own tags override them. Keys starting with qm: or aws: are reserved.', default: {} },
  default_subnets: {
    type: listField(subnetField(), { minItems: 1, unique: true }),
    description: 'Subnets used when a resource names none: an instance takes the first, a group takes them all.',
  },
  default_security_groups: {
    type: listField(securityGroupField(), { unique: true }),
    description: 'Security groups of instances and launch templates that name none.',
    default: [],
  },
  default_key_name: { type: keyNameField(), description: 'EC2 key pair of instances and launch templates that name none.' },
} satisfies MappingSpec;
