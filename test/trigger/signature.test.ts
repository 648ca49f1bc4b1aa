import { createHmac } from 'node:crypto';

import { readSignatureValues, verifySignature } from '../../nodes/shared/signature';
import type { SignatureInput } from '../../nodes/shared/signature';

// Vectors are computed here with node:crypto from the documented scheme, never with the code
// under test: HMAC-SHA256 keyed by the secret over `<timestamp>.<raw body bytes>`, in hex.
const SECRET = 'whsec_test_0123456789abcdef';
const NOW = 1_710_000_000;
const BODY = Buffer.from(
	'{"id":"evt_001","object":"event","type":"lead.created","data":{"full_name":"Zoë Ünal"}}',
	'utf8',
);

function sign(secret: string, timestamp: string, body: Buffer): string {
	return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

function input(overrides: Partial<SignatureInput> = {}, signature?: string): SignatureInput {
	const timestamp = String(NOW);
	return {
		rawBody: BODY,
		headers: {
			'x-prospectb2b-timestamp': timestamp,
			'x-prospectb2b-signature': signature ?? `v1=${sign(SECRET, timestamp, BODY)}`,
		},
		secret: SECRET,
		nowSeconds: NOW,
		toleranceSeconds: 300,
		...overrides,
	};
}

describe('verifySignature', () => {
	test('accepts a correct signature', () => {
		expect(verifySignature(input())).toEqual({ ok: true, timestamp: NOW });
	});

	test('accepts a fixed known vector', () => {
		// printf '1710000000.{}' | openssl dgst -sha256 -hmac secret (OpenSSL 3).
		const expected = '618c90fd440f8668cbd569a24c01bda2f984abf9423581a030fc224e9e80c656';
		const check = verifySignature({
			rawBody: Buffer.from('{}'),
			headers: {
				'x-prospectb2b-timestamp': '1710000000',
				'x-prospectb2b-signature': `v1=${expected}`,
			},
			secret: 'secret',
			nowSeconds: NOW,
			toleranceSeconds: 300,
		});
		expect(check.ok).toBe(true);
	});

	test('accepts upper-case hex', () => {
		const signature = `v1=${sign(SECRET, String(NOW), BODY).toUpperCase()}`;
		expect(verifySignature(input({}, signature)).ok).toBe(true);
	});

	test('accepts one right value of several', () => {
		const wrong = sign('another-secret', String(NOW), BODY);
		const right = sign(SECRET, String(NOW), BODY);
		expect(verifySignature(input({}, `v1=${wrong},v1=${right}`)).ok).toBe(true);
		expect(verifySignature(input({}, `v1=${right}, v1=${wrong}`)).ok).toBe(true);
	});

	test('ignores values of other schemes', () => {
		const right = sign(SECRET, String(NOW), BODY);
		expect(verifySignature(input({}, `v0=${right}`))).toEqual({
			ok: false,
			reason: 'missing_signature',
		});
		expect(verifySignature(input({}, `v0=abc,v1=${right}`)).ok).toBe(true);
	});

	test('rejects several wrong v1 values', () => {
		const first = sign('another-secret', String(NOW), BODY);
		const second = sign(SECRET, String(NOW + 1), BODY);
		expect(verifySignature(input({}, `v1=${first},v1=${second}`))).toEqual({
			ok: false,
			reason: 'signature_mismatch',
		});
	});

	test('rejects a one-byte tamper of the body', () => {
		const tampered = Buffer.from(BODY);
		tampered[10] ^= 0x01;
		expect(verifySignature(input({ rawBody: tampered }))).toEqual({
			ok: false,
			reason: 'signature_mismatch',
		});
	});

	test('rejects a reserialised body', () => {
		const reserialised = Buffer.from(JSON.stringify(JSON.parse(BODY.toString('utf8')), null, 1));
		expect(verifySignature(input({ rawBody: reserialised })).ok).toBe(false);
	});

	test('rejects a signature of a different length', () => {
		const right = sign(SECRET, String(NOW), BODY);
		for (const value of [right.slice(0, -2), `${right}00`, '', 'ab']) {
			expect(verifySignature(input({}, `v1=${value}`))).toEqual({
				ok: false,
				reason: 'signature_mismatch',
			});
		}
	});

	test('rejects a signature with non-hex characters', () => {
		const right = sign(SECRET, String(NOW), BODY);
		const value = `${right.slice(0, -1)}z`;
		expect(verifySignature(input({}, `v1=${value}`)).ok).toBe(false);
	});

	test('rejects a stale timestamp beyond tolerance', () => {
		const timestamp = String(NOW - 301);
		const check = verifySignature({
			...input(),
			headers: {
				'x-prospectb2b-timestamp': timestamp,
				'x-prospectb2b-signature': `v1=${sign(SECRET, timestamp, BODY)}`,
			},
		});
		expect(check).toEqual({ ok: false, reason: 'stale_timestamp' });
	});

	test('rejects a future timestamp beyond tolerance', () => {
		const timestamp = String(NOW + 301);
		const check = verifySignature({
			...input(),
			headers: {
				'x-prospectb2b-timestamp': timestamp,
				'x-prospectb2b-signature': `v1=${sign(SECRET, timestamp, BODY)}`,
			},
		});
		expect(check).toEqual({ ok: false, reason: 'future_timestamp' });
	});

	test('accepts timestamps at the tolerance edges', () => {
		for (const offset of [-300, 300]) {
			const timestamp = String(NOW + offset);
			const check = verifySignature({
				...input(),
				headers: {
					'x-prospectb2b-timestamp': timestamp,
					'x-prospectb2b-signature': `v1=${sign(SECRET, timestamp, BODY)}`,
				},
			});
			expect(check).toEqual({ ok: true, timestamp: NOW + offset });
		}
	});

	test('rejects a signature made for another timestamp', () => {
		const check = verifySignature({
			...input(),
			headers: {
				'x-prospectb2b-timestamp': String(NOW + 1),
				'x-prospectb2b-signature': `v1=${sign(SECRET, String(NOW), BODY)}`,
			},
		});
		expect(check).toEqual({ ok: false, reason: 'signature_mismatch' });
	});

	test('rejects missing or empty headers', () => {
		const right = `v1=${sign(SECRET, String(NOW), BODY)}`;
		expect(verifySignature(input({ headers: { 'x-prospectb2b-signature': right } }))).toEqual({
			ok: false,
			reason: 'missing_timestamp',
		});
		expect(verifySignature(input({ headers: { 'x-prospectb2b-timestamp': String(NOW) } }))).toEqual(
			{ ok: false, reason: 'missing_signature' },
		);
		expect(verifySignature(input({}, ''))).toEqual({ ok: false, reason: 'missing_signature' });
		expect(verifySignature(input({ headers: {} }))).toEqual({
			ok: false,
			reason: 'missing_signature',
		});
	});

	test('rejects a malformed timestamp', () => {
		for (const timestamp of ['1710000000.5', '-1710000000', 'abc', '1e9', '1710000000000000']) {
			const check = verifySignature({
				...input(),
				headers: {
					'x-prospectb2b-timestamp': timestamp,
					'x-prospectb2b-signature': `v1=${sign(SECRET, timestamp, BODY)}`,
				},
			});
			expect(check).toEqual({ ok: false, reason: 'invalid_timestamp' });
		}
	});

	test('rejects when no secret is known', () => {
		expect(verifySignature(input({ secret: undefined }))).toEqual({
			ok: false,
			reason: 'missing_secret',
		});
		expect(verifySignature(input({ secret: '' }))).toEqual({
			ok: false,
			reason: 'missing_secret',
		});
	});

	test('rejects a signature made with another secret', () => {
		const signature = `v1=${sign(`${SECRET}x`, String(NOW), BODY)}`;
		expect(verifySignature(input({}, signature))).toEqual({
			ok: false,
			reason: 'signature_mismatch',
		});
	});

	test('signs the empty body as "<timestamp>."', () => {
		const empty = Buffer.alloc(0);
		const signature = `v1=${createHmac('sha256', SECRET).update(`${NOW}.`).digest('hex')}`;
		expect(verifySignature(input({ rawBody: empty }, signature)).ok).toBe(true);
	});
});

describe('readSignatureValues', () => {
	test('returns every v1 value in order', () => {
		expect(readSignatureValues('v1=aa, v0=bb,v1=cc ,x,v1=')).toEqual(['aa', 'cc', '']);
	});
});
