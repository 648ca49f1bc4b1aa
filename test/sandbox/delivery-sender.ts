import { createHmac } from 'node:crypto';
import { lookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';

import type { AttemptOutcome } from './delivery-store';

/** The error message of a delivery whose URL is not a loopback address. */
export const LOOPBACK_ONLY_MESSAGE = 'sandbox delivers only to loopback addresses';

/**
 * Response bytes kept from a receiver. The API keeps only a 500-character snippet, but
 * `Sandbox.deliver` returns more of the body to tests.
 */
const MAX_KEPT_RESPONSE_BYTES = 64 * 1024;

/** Returns whether an IP address is in 127.0.0.0/8 or is ::1. */
export function isLoopbackAddress(address: string): boolean {
	if (isIP(address) === 4) {
		return address.split('.')[0] === '127';
	}

	// Both the WHATWG URL parser and dns.lookup return ::1 in this compressed form.
	return address === '::1';
}

/**
 * Returns whether the URL's host is a loopback address: 127.0.0.0/8, [::1] or `localhost`.
 * The WHATWG parser has already normalized forms such as `127.1` and `2130706433`.
 */
export function isLoopbackUrl(value: string): boolean {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return false;
	}

	const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
	return host === 'localhost' || isLoopbackAddress(host);
}

/**
 * Resolves a host name like `dns.lookup`, but fails when any resolved address is not loopback,
 * so that a `localhost` entry pointing elsewhere cannot send a delivery off the machine.
 */
const loopbackOnlyLookup: LookupFunction = (hostname, options, callback) => {
	lookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
		if (error) {
			callback(error, '', 0);
			return;
		}

		const outside = addresses.find((entry) => !isLoopbackAddress(entry.address));
		if (outside || addresses.length === 0) {
			callback(new Error(`${hostname} resolves to a non-loopback address.`), '', 0);
			return;
		}

		if (options.all) {
			(callback as unknown as (error: null, all: LookupAddress[]) => void)(null, addresses);
		} else {
			callback(null, addresses[0].address, addresses[0].family);
		}
	});
};

/** Returns the hex HMAC-SHA256 of `<timestamp>.<body>` keyed by the signing secret. */
export function computeSignature(secret: string, timestamp: number, body: string): string {
	return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** One HTTP POST of a delivery. */
export interface DeliveryRequest {
	url: string;
	headers: Record<string, string>;
	body: string;
	timeoutMs: number;
	/** Aborts the attempt, for example when the sandbox is reset or closed. */
	signal?: AbortSignal;
}

/**
 * Sends one delivery attempt and returns its outcome. It never throws: a URL that is not
 * loopback, a network error and a timeout all come back as a failed outcome with the reason.
 * Redirects are not followed, so a 3xx response counts as a failure.
 */
export async function sendDelivery(delivery: DeliveryRequest): Promise<AttemptOutcome> {
	if (!isLoopbackUrl(delivery.url)) {
		return { ok: false, statusCode: null, responseBody: null, errorMessage: LOOPBACK_ONLY_MESSAGE };
	}

	try {
		const response = await postOnce(delivery);
		const ok = response.statusCode >= 200 && response.statusCode <= 299;
		return {
			ok,
			statusCode: response.statusCode,
			responseBody: response.body,
			errorMessage: ok ? null : `The endpoint responded with HTTP ${response.statusCode}.`,
		};
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		return { ok: false, statusCode: null, responseBody: null, errorMessage: reason };
	}
}

function postOnce(delivery: DeliveryRequest): Promise<{ statusCode: number; body: string }> {
	const url = new URL(delivery.url);
	const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
	const bodyBytes = Buffer.from(delivery.body, 'utf8');

	return new Promise((resolve, reject) => {
		const outgoing = send(url, {
			method: 'POST',
			headers: { ...delivery.headers, 'Content-Length': String(bodyBytes.length) },
			// A fresh connection per attempt, closed afterwards, so no socket outlives the attempt.
			agent: false,
			lookup: loopbackOnlyLookup,
			signal: delivery.signal,
		});

		const timeoutMessage = `The endpoint did not respond within ${delivery.timeoutMs} ms.`;
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			outgoing.destroy(new Error(timeoutMessage));
		}, delivery.timeoutMs);
		timer.unref();

		outgoing.on('error', (error) => {
			clearTimeout(timer);
			const message = timedOut
				? timeoutMessage
				: `The request to the endpoint failed: ${error.message}`;
			reject(new Error(message));
		});

		outgoing.on('response', (response: IncomingMessage) => {
			readKeptBody(response).then(
				(body) => {
					clearTimeout(timer);
					resolve({ statusCode: response.statusCode ?? 0, body });
				},
				(error: unknown) => {
					clearTimeout(timer);
					const reason = error instanceof Error ? error.message : String(error);
					const message = timedOut
						? timeoutMessage
						: `Reading the endpoint's response failed: ${reason}`;
					reject(new Error(message));
				},
			);
		});

		outgoing.end(bodyBytes);
	});
}

async function readKeptBody(response: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;

	for await (const chunk of response) {
		const buffer = chunk as Buffer;
		if (size < MAX_KEPT_RESPONSE_BYTES) {
			chunks.push(buffer.subarray(0, MAX_KEPT_RESPONSE_BYTES - size));
		}
		size += buffer.length;
	}

	return Buffer.concat(chunks).toString('utf8');
}
