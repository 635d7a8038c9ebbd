import { isScalar } from 'yaml';
import { allInstanceTypes } from '../catalog/instance-types.js';
import { classifyInstanceType, typoCandidates, uncataloguedTypePattern } from '../catalog/instance-families.js';
import { didYouMean } from './did-you-mean.js';
import { reportExpected, resolveNode, type FieldType } from './field-types.js';
import { locate } from './yaml-source.js';

const EXPECTED = 'an EC2 instance type';

/**
 * `instance_type`: a type of the catalogue (priced, its architecture known), or a real AWS type
 * outside it (`g5.xlarge`, `i4i.large`, `m5.metal`), accepted with a warning that says what the
 * family is and that plans cannot price it: a serious tool does not block a valid AWS type,
 * and AWS itself checks the name at apply. Anything else is an error with did-you-mean
 * (`t3.micor`, `m5.largee`, `zz9.large`).
 *
 * @example instanceTypeField().read(node, ctx, 'instance_type') // 'g5.xlarge', and a warning in ctx.bag
 */
export function instanceTypeField(): FieldType<string> {
  const names = allInstanceTypes().map((t) => t.name);
  return {
    expected: EXPECTED,
    read(raw, ctx, label) {
      const node = resolveNode(raw, ctx);
      const value = isScalar(node) && node.value !== null ? String(node.value) : undefined;
      const known = value !== undefined && isScalar(node) && typeof node.value === 'string' ? classifyInstanceType(value) : undefined;
      if (value === undefined || !known || known.kind === 'unknown') {
        reportExpected(ctx, node, label, EXPECTED, { suffix: value === undefined ? '' : didYouMean(value, typoCandidates(value)) });
        return undefined;
      }
      if (known.kind === 'uncatalogued') {
        ctx.bag.warn(
          locate(ctx.source, node),
          `${label} "${value}": ${known.what}: it is used as written, plans show its cost as not priced (counted as $0), and AWS checks the name when applying. ` +
            `Check it with \`aws ec2 describe-instance-types --instance-types ${value}\`, or pick a catalogued type (\`qm schema\` lists them) to have it priced`,
        );
      }
      return value;
    },
    jsonSchema: () => ({ anyOf: [{ enum: names }, { type: 'string', pattern: uncataloguedTypePattern() }] }),
  };
}
