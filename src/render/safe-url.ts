const URL_MAX = 2_000;

/**
 * A link target safe inside markdown's `[text](url)`: only http(s), no spaces, the characters
 * that could end the link or start markup percent-encoded. Undefined for anything else, so a
 * renderer shows the words without a link.
 *
 * @example safeUrl('https://github.com/o/r/actions/runs/1') // 'https://github.com/o/r/actions/runs/1'
 * @example safeUrl('javascript:alert(1)') // undefined
 */
export function safeUrl(url: string | undefined): string | undefined {
  if (typeof url !== 'string' || url.length > URL_MAX || !/^https?:\/\/[!-~]+$/i.test(url)) return undefined;
  return url.replace(/[()<>"'`\\[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
