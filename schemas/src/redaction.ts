/** What replaces a secret in logs, errors, workflow inputs and results. */
export const REDACTED = '***';

// A URL's user info (`https://user:pass@host`) and every query value (`?token=…&sig=…`) may be credentials.
const URL_PATTERN = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@]*@)?([^\s?#]*)(\?[^\s#]*)?/gi;
// `password=…`, `PGPASSWORD=…`, `token: …`, `"apiKey":"…"` and the like outside URLs.
const KEY_VALUE_PATTERN =
  /\b([\w-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key))(["']?\s*[:=]\s*["']?)([^\s"'&,;}]+)/gi;
const AUTH_SCHEME_PATTERN = /\b(Bearer|Basic)(\s+)([^\s"',;]+)/g;

/** `url` with its user info and every query value replaced by {@link REDACTED}; the host and path stay readable. */
export function redactUrl(url: string): string {
  return redactSecrets(url);
}

/**
 * `text` with credentials replaced by {@link REDACTED}: a URL's user info and query values, and values after
 * `password=`, `token:`, `apiKey=`, `Authorization:`/`Bearer` … Pure, so workflow code may use it too.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(
      URL_PATTERN,
      (_m, scheme: string, userinfo: string | undefined, rest: string, query: string | undefined) => {
        const user = userinfo === undefined ? '' : `${REDACTED}@`;
        const q =
          query === undefined
            ? ''
            : `?${query
                .slice(1)
                .split('&')
                .map((pair) => (pair.includes('=') ? `${pair.slice(0, pair.indexOf('='))}=${REDACTED}` : pair))
                .join('&')}`;
        return `${scheme}${user}${rest}${q}`;
      },
    )
    .replace(KEY_VALUE_PATTERN, (_m, key: string, sep: string) => `${key}${sep}${REDACTED}`)
    .replace(AUTH_SCHEME_PATTERN, (_m, scheme: string, space: string) => `${scheme}${space}${REDACTED}`);
}

/**
 * One log line from `text`: control characters escaped (`\n` → `\\n`, others as `\\u00XX`), so a newline in an id
 * can never split or forge a log line, and secrets redacted.
 */
export function logLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- escaping control characters is the point
  return redactSecrets(text).replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) =>
    c === '\n'
      ? '\\n'
      : c === '\r'
        ? '\\r'
        : c === '\t'
          ? '\\t'
          : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
