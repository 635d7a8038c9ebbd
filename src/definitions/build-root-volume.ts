import type { RootVolume } from '../model/resources.js';
import { DEFAULTS } from './defaults.js';
import type { ReadContext } from './field-types.js';
import type { MappingResult } from './read-mapping.js';
import type { rootVolumeSpec } from './specs/root-volume-spec.js';

/**
 * A root volume with defaults applied, checking the IOPS rules of EBS: io1/io2 need iops,
 * gp3 takes 3000 to 80000, gp2 and standard take none.
 *
 * @example objectField(rootVolumeSpec, { refine: buildRootVolume }) // { size_gib: 20 } -> { sizeGiB: 20, volumeType: 'gp3', encrypted: true }
 */
export function buildRootVolume(m: MappingResult<typeof rootVolumeSpec>, ctx: ReadContext, label: string): RootVolume | undefined {
  const v = m.values;
  const volumeType = v.type ?? DEFAULTS.rootVolume.volumeType;
  const out: RootVolume = { sizeGiB: v.size_gib ?? DEFAULTS.rootVolume.sizeGiB, volumeType, encrypted: v.encrypted ?? DEFAULTS.rootVolume.encrypted };
  const provisioned = volumeType === 'io1' || volumeType === 'io2';
  if (v.iops !== undefined) {
    if (volumeType !== 'gp3' && !provisioned) {
      ctx.bag.error(m.at('iops'), `${label}.iops is set but ${volumeType} volumes have no provisioned IOPS (use type gp3, io1 or io2, or remove iops)`);
      return undefined;
    }
    if (volumeType === 'gp3' && (v.iops < 3000 || v.iops > 80000)) {
      ctx.bag.error(m.at('iops'), `${label}.iops ${v.iops} is not between 3000 and 80000, the range of gp3`);
      return undefined;
    }
    out.iops = v.iops;
  } else if (provisioned) {
    ctx.bag.error(m.has('type') ? m.at('type') : m.loc, `${label} of type ${volumeType} needs iops (provisioned IOPS, e.g. 3000)`);
    return undefined;
  }
  if (provisioned && out.sizeGiB < 4) {
    ctx.bag.error(m.has('size_gib') ? m.at('size_gib') : m.loc, `${label}.size_gib ${out.sizeGiB} is below 4 GiB, the smallest ${volumeType} volume`);
    return undefined;
  }
  return out;
}
