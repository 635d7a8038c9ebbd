import type { SimImage } from './sim-state.js';

/**
 * AMIs every sim fleet knows, so the example definitions and the demo run with no set-up.
 * Other AMIs must be registered (registerImage, or the `images` option), as an AMI must
 * exist in AWS; any other id is InvalidAMIID.NotFound.
 */
export const DEFAULT_SIM_IMAGES: readonly SimImage[] = [
  { id: 'ami-0abcdef1234567890', architecture: 'x86_64', name: 'al2023-ami-x86_64 (example id from the AWS documentation)' },
  { id: 'ami-0123456789abcdef0', architecture: 'x86_64', name: 'al2023-ami-x86_64 (example id from the AWS documentation)' },
  { id: 'ami-0fedcba9876543210', architecture: 'arm64', name: 'al2023-ami-arm64' },
];
