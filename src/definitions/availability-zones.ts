import { didYouMean } from './did-you-mean.js';

/** Zone letters Quartermaster accepts: no region has more than six zones (us-east-1 has a to f). */
export const ZONE_LETTERS = ['a', 'b', 'c', 'd', 'e', 'f'] as const;

/**
 * The availability zones of a region: `<region><letter>`, a to f.
 *
 * @example zonesOf('eu-west-1') // ['eu-west-1a', ..., 'eu-west-1f']
 */
export function zonesOf(region: string): string[] {
  return ZONE_LETTERS.map((letter) => `${region}${letter}`);
}

/**
 * What is wrong with `zone` in `region`, as the end of a message with did-you-mean, or
 * undefined when it is one of the region's zones. The same letter in the right region is the
 * likely meaning of a zone copied from another environment.
 *
 * @example zoneProblem('us-east-1a', 'eu-west-1') // 'is not in eu-west-1 ... (did you mean "eu-west-1a"?)'
 */
export function zoneProblem(zone: string, region: string): string | undefined {
  const zones = zonesOf(region);
  if (zones.includes(zone)) return undefined;
  const letter = zone.slice(-1);
  const list = ` (expected one of: ${zones.join(', ')})`;
  let hint: string;
  if (zone.startsWith(region)) hint = list;
  else if ((ZONE_LETTERS as readonly string[]).includes(letter)) hint = ` (did you mean "${region}${letter}"?)`;
  else hint = didYouMean(zone, zones) || list;
  return `is not an availability zone of ${region}, the environment's region${hint}`;
}
