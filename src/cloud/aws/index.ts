/** The AWS CloudProvider (SDK v3): see docs/aws.md. */
export { createAwsProvider, type AwsProvider } from './create-aws-provider.js';
export type { AwsClientFactory, AwsCredentials, AwsEndpoints, AwsProviderOptions } from './aws-provider-options.js';
export { DEFAULT_MAX_ATTEMPTS } from './aws-provider-options.js';
export type { AwsCallStats } from './call-counter.js';
export { AWS_OPERATIONS, isAwsOperation, type AwsOperationInfo, type AwsOperationName, type AwsService } from './aws-operations.js';
export { iamPolicy, type IamPolicyDocument, type IamPolicyOptions } from './iam-policy.js';
