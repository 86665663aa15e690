import { strict as assert } from 'node:assert';
import { signingKey, signV4 } from '../../../src/core/warehouse/executors/sigv4';

/**
 * AWS Signature Version 4 against AWS's published vectors:
 * - the SigV4 test suite (https://docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html, the
 *   aws-sig-v4-test-suite files get-vanilla, post-vanilla, post-vanilla-query, post-x-www-form-urlencoded):
 *   credentials AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, us-east-1, service "service",
 *   2015-08-30T12:36:00Z; the expected signatures and intermediate strings are the suite's own;
 * - the signing-key example of the IAM user guide ("Examples of how to derive a signing key for Signature
 *   Version 4": 20120215, us-east-1, iam).
 * Independently recomputed with Python's hmac/hashlib (/usr/bin/python3, the get-vanilla canonical request
 * written out by hand): same signature 5fa00fa3….
 */
const creds = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const date = new Date('2015-08-30T12:36:00Z');
const sign = (method: string, url: string, headers: Record<string, string> = {}, body = '', c: typeof creds & { sessionToken?: string } = creds) =>
  signV4({ method, url, headers, body, region: 'us-east-1', service: 'service', date }, c);

describe('warehouse: AWS Signature Version 4 (published test vectors)', () => {
  it('get-vanilla', () => {
    const s = sign('GET', 'https://example.amazonaws.com/');
    assert.equal(s.headers['authorization'], 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
    assert.equal(s.headers['x-amz-date'], '20150830T123600Z');
    assert.equal(s.headers['host'], undefined, 'host comes from the URL, not a header we send');
  });

  it('post-vanilla and post-vanilla-query (canonical request and string to sign as published)', () => {
    assert.equal(sign('POST', 'https://example.amazonaws.com/').signature, '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b');
    const q = sign('POST', 'https://example.amazonaws.com/?Param1=value1');
    assert.equal(q.canonicalRequest, 'POST\n/\nParam1=value1\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(q.stringToSign, 'AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd');
    assert.equal(q.signature, '28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11');
  });

  it('post-x-www-form-urlencoded: a signed content type and a body', () => {
    const s = sign('POST', 'https://example.amazonaws.com/', { 'Content-Type': 'application/x-www-form-urlencoded' }, 'Param1=value1');
    assert.equal(s.headers['authorization'], 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a');
  });

  it('derives the signing key of the IAM user guide example', () => {
    assert.equal(signingKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20120215', 'us-east-1', 'iam').toString('hex'), 'f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d');
  });

  it('a session token is sent and signed; a changed body or target changes the signature', () => {
    const s = sign('POST', 'https://example.amazonaws.com/', {}, '', { ...creds, sessionToken: 'FwoGZXIvYXdzEXAMPLE' });
    assert.equal(s.headers['x-amz-security-token'], 'FwoGZXIvYXdzEXAMPLE');
    assert.match(s.headers['authorization']!, /SignedHeaders=host;x-amz-date;x-amz-security-token,/);
    const a = sign('POST', 'https://athena.us-east-1.amazonaws.com/', { 'X-Amz-Target': 'AmazonAthena.StartQueryExecution' }, '{"QueryString":"SELECT 1"}');
    const b = sign('POST', 'https://athena.us-east-1.amazonaws.com/', { 'X-Amz-Target': 'AmazonAthena.StartQueryExecution' }, '{"QueryString":"SELECT 2"}');
    const c = sign('POST', 'https://athena.us-east-1.amazonaws.com/', { 'X-Amz-Target': 'AmazonAthena.StopQueryExecution' }, '{"QueryString":"SELECT 1"}');
    assert.notEqual(a.signature, b.signature);
    assert.notEqual(a.signature, c.signature);
  });
});
