import type { SimImage } from './sim-state.js';

/**
 * AMIs every sim fleet knows: the ones examples/fleet uses, so the example definitions and
 * the demo run with no set-up. Other AMIs must be registered (registerImage, or the `images`
 * option), as an AMI must exist in AWS; any other id is InvalidAMIID.NotFound.
 */
export const DEFAULT_SIM_IMAGES: readonly SimImage[] = [
  { id: 'ami-0abcdef1234567890', architecture: 'x86_64', name: 'Amazon Linux 2023, x86_64 (us-east-1)' },
  { id: 'ami-0fedcba9876543210', architecture: 'arm64', name: 'Amazon Linux 2023, arm64 (us-east-1)' },
  { id: 'ami-0123456789abcdef0', architecture: 'x86_64', name: 'Amazon Linux 2023, x86_64 (eu-west-1)' },
  { id: 'ami-0a1b2c3d4e5f67890', architecture: 'arm64', name: 'Amazon Linux 2023, arm64 (eu-west-1)' },
];
