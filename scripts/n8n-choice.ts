/**
 * Picks the n8n that `npm run demo` and `npm run dev` run: 2.41.1 on Node.js 24 when it can be
 * installed, else 1.123.81 on this machine's Node.js 20. `PROSPECTB2B_N8N_VERSION` (for example
 * `1.x` or `2.41.1`) forces one version.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { describeError } from '../test/e2e/checks';
import {
	ensureN8n,
	getCacheDir,
	resolveN8nVersion,
	type N8nInstall,
} from '../test/e2e/install-n8n';

const PREFERRED_VERSION = '2.41.1';
const FALLBACK_VERSION = '1.123.81';

/** Returns whether a finished install of the version is in the cache. */
function isCached(version: string): boolean {
	return existsSync(join(getCacheDir(), `n8n-${version}`, 'install-complete.json'));
}

/** Tells the user what a first install costs, before `ensureN8n` starts its progress lines. */
function announceInstall(version: string, log: (message: string) => void): void {
	if (isCached(version)) return;
	// Sizes measured on Linux x64 for these two versions.
	const isVersion2 = version.startsWith('2.');
	const software = isVersion2 ? `n8n ${version} and Node.js 24` : `n8n ${version}`;
	const size = isVersion2 ? '3.1 GB' : '1.8 GB';
	log(
		`First run: installing ${software} into ${getCacheDir()}, which takes 3 to 5 minutes and ` +
			`${size} of disk. Later runs reuse it.`,
	);
}

/** Installs (first time only) and returns the n8n to run. */
export async function ensureChosenN8n(log: (message: string) => void): Promise<N8nInstall> {
	const forced = process.env.PROSPECTB2B_N8N_VERSION;
	if (forced !== undefined && forced !== '') {
		const version = resolveN8nVersion(forced);
		announceInstall(version, log);
		return await ensureN8n(version);
	}

	announceInstall(PREFERRED_VERSION, log);
	try {
		return await ensureN8n(PREFERRED_VERSION);
	} catch (error) {
		log(
			`n8n ${PREFERRED_VERSION} could not be installed (${describeError(error)}). ` +
				`Falling back to n8n ${FALLBACK_VERSION} on this machine's Node.js.`,
		);
		announceInstall(FALLBACK_VERSION, log);
		return await ensureN8n(FALLBACK_VERSION);
	}
}
