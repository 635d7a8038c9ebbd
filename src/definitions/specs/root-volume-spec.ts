import { booleanField, enumField, numberField } from '../field-types.js';
import { DEFAULTS } from '../defaults.js';
import type { VolumeType } from '../../model/resources.js';
import { objectField, type MappingSpec } from '../read-mapping.js';
import { buildRootVolume } from '../build-root-volume.js';
import type { FieldType } from '../field-types.js';
import type { RootVolume } from '../../model/resources.js';

/** HDD types (st1, sc1) cannot boot an instance, so they are not offered for a root volume. */
export const ROOT_VOLUME_TYPES: readonly VolumeType[] = ['gp3', 'gp2', 'io1', 'io2', 'standard'];

export const rootVolumeSpec = {
  size_gib: { type: numberField({ integer: true, min: 1, max: 16384 }), description: 'Size in GiB.', default: DEFAULTS.rootVolume.sizeGiB },
  type: { type: enumField(ROOT_VOLUME_TYPES), description: 'EBS volume type.', default: DEFAULTS.rootVolume.volumeType },
  encrypted: { type: booleanField(), description: 'Encrypt with the account\'s default EBS key.', default: DEFAULTS.rootVolume.encrypted },
  iops: {
    type: numberField({ integer: true, min: 100, max: 256000 }),
    description: 'Provisioned IOPS: required for io1/io2, optional for gp3 (3000 to 80000), not allowed for gp2/standard.',
  },
} satisfies MappingSpec;

/** `root_volume:` read into a RootVolume with defaults (8 GiB gp3, encrypted). */
export const rootVolumeField = (what: string): FieldType<RootVolume> => objectField(rootVolumeSpec, { what, refine: buildRootVolume });
