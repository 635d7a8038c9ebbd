import { classifyInstanceType, typoCandidates } from '../catalog/instance-families.js';
import { allInstanceTypes, getInstanceType } from '../catalog/instance-types.js';
import { didYouMean } from '../definitions/did-you-mean.js';
import type { AutoScalingGroupSpec, InstanceSpec } from '../model/resources.js';
import { showWord } from './show-word.js';

export type InstanceTypeResult = { ok: true; instanceType: string } | { ok: false; error: string };

/**
 * The instance type of `scale <target> <instance-type>`: one the catalogue knows (did-you-mean
 * otherwise; a real AWS family outside the catalogue, like g5, is named as such), of the
 * architecture the resource's AMI already runs, since an arm64 image does not boot on x86_64
 * and the reverse.
 *
 * @example resolveInstanceType('T3.Large', prodBastion) // { ok: true, instanceType: 't3.large' }
 */
export function resolveInstanceType(word: string, resource: InstanceSpec | AutoScalingGroupSpec): InstanceTypeResult {
  const asked = word.toLowerCase();
  const known = classifyInstanceType(asked);
  if (known.kind === 'uncatalogued') {
    // Chat changes a fleet in one step, so it needs what the catalogue knows (the architecture
    // the AMI must match); the definitions accept such a type, with a warning, through review.
    return {
      ok: false,
      error: `${known.what}, so chat cannot check it against the AMI of ${resource.env}/${resource.name}; set instance_type to ${asked} in the definitions and apply it through a pull request`,
    };
  }
  if (known.kind === 'unknown') {
    const what = resource.kind === 'autoscaling-group' ? 'neither a count nor an EC2 instance type' : 'not an EC2 instance type';
    return { ok: false, error: `${showWord(word)} is ${what} Quartermaster knows${didYouMean(asked, typoCandidates(asked))}` };
  }
  const info = known.info;
  const current = resource.kind === 'instance' ? resource.instanceType : resource.launchTemplate.instanceType;
  const now = getInstanceType(current);
  if (now && now.architecture !== info.architecture) {
    const fits = allInstanceTypes().filter((t) => t.architecture === now.architecture && t.size === info.size);
    const like = fits.find((t) => t.family[0] === info.family[0]) ?? fits[0] ?? now;
    return {
      ok: false,
      error: `${resource.env}/${resource.name} runs ${now.architecture} (${current}) and ${info.name} is ${info.architecture}, which its AMI cannot boot; pick an ${now.architecture} type, like ${like.name}`,
    };
  }
  return { ok: true, instanceType: info.name };
}
