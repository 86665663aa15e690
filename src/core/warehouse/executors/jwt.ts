import { createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { InputError } from '../../errors';

/**
 * RS256 JSON Web Tokens signed with node:crypto, for the two key-based logins that need no SDK:
 * Google service accounts (OAuth 2.0 JWT bearer grant, RFC 7523) and Snowflake key-pair authentication.
 */
export function signJwt(claims: Record<string, unknown>, privateKey: KeyObject): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${input}.${sign('RSA-SHA256', Buffer.from(input), privateKey).toString('base64url')}`;
}

/** A PEM private key (PKCS#8 or PKCS#1; encrypted ones with `passphrase`), or a clear InputError. */
export function readPrivateKey(pem: string, what: string, passphrase?: string): KeyObject {
  try {
    return createPrivateKey(passphrase === undefined ? { key: pem, format: 'pem' } : { key: pem, format: 'pem', passphrase });
  } catch (e) {
    throw new InputError('BAD_CREDENTIALS', `${what}: the private key could not be read (${e instanceof Error ? e.message : String(e)}). It must be a PEM key ('-----BEGIN PRIVATE KEY-----').`);
  }
}

/** Snowflake's public-key fingerprint: 'SHA256:' + base64 of SHA-256 over the DER SubjectPublicKeyInfo. */
export function publicKeyFingerprint(privateKey: KeyObject): string {
  const der = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return `SHA256:${createHash('sha256').update(der).digest('base64')}`;
}
