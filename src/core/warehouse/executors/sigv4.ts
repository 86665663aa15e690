import { createHash, createHmac } from 'node:crypto';

/** AWS credentials, resolved from environment variables or VS Code's SecretStorage (never from a file). */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary credentials (STS, SSO) carry a session token, sent as X-Amz-Security-Token. */
  sessionToken?: string;
}

export interface SignInput {
  method: string;
  url: string;
  /** Headers to send and sign (names in any case); host and x-amz-date are added. */
  headers: Record<string, string>;
  body: string;
  region: string;
  service: string;
  date: Date;
}

export interface Signed {
  /** Headers to send: the input's, x-amz-date, x-amz-security-token (with a session token) and authorization (host is the URL's). */
  headers: Record<string, string>;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (key: Buffer | string, s: string) => createHmac('sha256', key).update(s, 'utf8').digest();

/** RFC 3986 percent-encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ is escaped, in upper-case hex. */
function encode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** 20150830T123600Z */
export function amzDate(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** The signing key: HMAC chain of the date, region, service and 'aws4_request' from 'AWS4' + secret. */
export function signingKey(secret: string, day: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), 'aws4_request');
}

/**
 * AWS Signature Version 4 (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html):
 * canonical request (method, path with each segment URI-encoded — URL paths arrive encoded once, so this is the
 * documented "twice" for non-S3 services —, sorted encoded query, lower-cased trimmed headers, signed header
 * names, SHA-256 of the body) → string to sign (algorithm, time, scope, hash of the canonical request) →
 * HMAC-SHA256 with the derived signing key. Checked against AWS's published SigV4 test suite (test/unit/warehouse/sigv4.test.ts).
 */
export function signV4(input: SignInput, creds: AwsCredentials): Signed {
  const url = new URL(input.url);
  const time = amzDate(input.date);
  const day = time.slice(0, 8);
  const headers = new Map<string, string>();
  for (const [k, v] of Object.entries(input.headers)) headers.set(k.toLowerCase(), v);
  headers.set('host', url.host);
  headers.set('x-amz-date', time);
  if (creds.sessionToken) headers.set('x-amz-security-token', creds.sessionToken);
  const names = [...headers.keys()].sort();
  const canonicalHeaders = names.map((n) => `${n}:${headers.get(n)!.trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaders = names.join(';');
  const path = url.pathname.split('/').map((seg) => encode(seg)).join('/') || '/';
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => [encode(k), encode(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalRequest = [input.method.toUpperCase(), path, query, canonicalHeaders, signedHeaders, sha256(input.body)].join('\n');
  const scope = `${day}/${input.region}/${input.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', time, scope, sha256(canonicalRequest)].join('\n');
  const signature = createHmac('sha256', signingKey(creds.secretAccessKey, day, input.region, input.service)).update(stringToSign, 'utf8').digest('hex');
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of headers) if (k !== 'host') out[k] = v;
  out['authorization'] = `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { headers: out, canonicalRequest, stringToSign, signature };
}
