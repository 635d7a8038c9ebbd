/**
 * Removes access key ids, signatures, session tokens and EC2's encoded authorization blobs from
 * a cloud error's message, so no message qm shows or stores carries them. Provider-neutral (no
 * SDK): the AWS adapter's errors and the shared instance poller's both use it.
 *
 * @example redactCredentials('denied for AKIAIOSFODNN7EXAMPLE') // 'denied for [access key id]'
 */
export function redactCredentials(message: string): string {
  return message
    .replace(/\b(AKIA|ASIA)[A-Z0-9]{12,}\b/g, '[access key id]')
    .replace(/(Signature|X-Amz-Signature|X-Amz-Security-Token|SessionToken)=[^\s,&]+/gi, '$1=[redacted]')
    .replace(/Encoded authorization failure message:\s*\S+/i, 'Encoded authorization failure message: [omitted]');
}
