/**
 * What the fake EC2 knows about instance types and AMIs. Deliberately its own table, not the
 * engine's catalog: the fake is a second, independent model of AWS.
 */
export type FakeArchitecture = 'x86_64' | 'arm64';

export interface FakeImage {
  id: string;
  architecture: FakeArchitecture;
  rootDeviceName: string;
  name: string;
}

/** The AMI ids used in AWS's documentation examples (also known to the sim), an Ubuntu-like one on /dev/sda1, and the examples' arm64 one. */
export const DEFAULT_IMAGES: readonly FakeImage[] = [
  { id: 'ami-0abcdef1234567890', architecture: 'x86_64', rootDeviceName: '/dev/xvda', name: 'al2023-ami-2023.6-x86_64' },
  { id: 'ami-0123456789abcdef0', architecture: 'x86_64', rootDeviceName: '/dev/xvda', name: 'al2023-ami-2023.6-x86_64' },
  { id: 'ami-0fedcba9876543210', architecture: 'arm64', rootDeviceName: '/dev/xvda', name: 'al2023-ami-2023.6-arm64' },
  { id: 'ami-0c55b159cbfafe1f0', architecture: 'x86_64', rootDeviceName: '/dev/sda1', name: 'ubuntu-jammy-22.04-amd64-server' },
  // The arm64 AMI examples/fleet names in eu-west-1, so `qm apply` of the examples runs against the fake as is.
  { id: 'ami-0a1b2c3d4e5f67890', architecture: 'arm64', rootDeviceName: '/dev/xvda', name: 'al2023-ami-2023.6-arm64' },
];

const SIZES_VCPU: Record<string, number> = { nano: 2, micro: 2, small: 2, medium: 2, large: 2, xlarge: 4, '2xlarge': 8, '4xlarge': 16, '8xlarge': 32 };
const SMALL_SIZES = new Set(['nano', 'micro', 'small', 'medium']);
const FAMILIES: Record<string, FakeArchitecture> = {
  t2: 'x86_64', t3: 'x86_64', t3a: 'x86_64', m5: 'x86_64', m6i: 'x86_64', m7i: 'x86_64', c5: 'x86_64', c6i: 'x86_64', r5: 'x86_64', r6i: 'x86_64',
  t4g: 'arm64', m6g: 'arm64', m7g: 'arm64', c6g: 'arm64', c7g: 'arm64', r6g: 'arm64',
};

/** Architecture and vCPUs of a type the fake offers, or undefined (InvalidParameterValue). */
export function fakeInstanceType(name: string): { architecture: FakeArchitecture; vcpu: number } | undefined {
  const [family = '', size = ''] = name.split('.');
  const architecture = FAMILIES[family];
  const vcpu = SIZES_VCPU[size];
  if (!architecture || vcpu === undefined) return undefined;
  const burstable = family.startsWith('t');
  // Only the burstable families come in sizes below large; t2's smallest have one vCPU.
  if (!burstable && SMALL_SIZES.has(size)) return undefined;
  return { architecture, vcpu: family === 't2' && ['nano', 'micro', 'small'].includes(size) ? 1 : vcpu };
}
