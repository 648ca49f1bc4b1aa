#!/usr/bin/env node
/**
 * Builds the package from a clean dist/, packs it with `npm pack`, unpacks the tarball into a
 * temporary folder and checks what users would install:
 *
 * - the tarball contains only dist/, package.json, README.md and LICENSE.md, and nothing from
 *   test/ (no tests, sandbox, harness, fixtures or source maps of them);
 * - source maps point only at nodes/ and credentials/ sources, and declaration files import only
 *   files in the tarball or declared packages;
 * - every relative `require` in dist/ resolves inside the tarball, and every package import is a
 *   declared dependency or a Node.js built-in module;
 * - every path in the package.json `n8n` block (and `main`, if set) exists;
 * - every node and credential loads, its icons exist in dist/, each node has a codex file whose
 *   `node` field is `<package name>.<node name>`, and documentation links into the README point
 *   at headings that exist in the packed README;
 * - the lint of n8n's community-package scanner (`@n8n/scan-community-package`) reports 0 errors
 *   and 0 warnings.
 *
 * The scanner's full check (`npx @n8n/scan-community-package <name>`) downloads a published
 * version, verifies its npm provenance and fetches the attested GitHub commit. It then lints the
 * compiled `**\/*.js` plus package.json of the tarball, and package.json plus nodes/ and
 * credentials/ of the source commit. This script makes the same two `analyzePackage` calls
 * offline, on the unpacked tarball and on this checkout. Scanner 0.32.0 leaves `.d.ts` files out
 * of the tarball lint on purpose: its credential filename rule expects `.credentials.ts` and
 * reports every `.credentials.d.ts`.
 *
 * Usage: node test/package/check-tarball.mjs [--pack-destination <folder>]
 * With --pack-destination, the checked tarball is written to that folder, from which the release
 * workflow publishes it. Otherwise it is deleted with the temporary folder. Exits with code 1 when
 * any check fails.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const requireFromRepo = createRequire(path.join(repoRoot, 'package.json'));

const ROOT_FILES = ['package.json', 'README.md', 'LICENSE.md'];
const DIST_EXTENSIONS = ['.js', '.js.map', '.d.ts', '.json', '.svg', '.png'];
/** Folder names that only the repository's tests use, so none may appear under dist/. */
const TEST_FOLDER_NAMES = new Set([
	'test',
	'tests',
	'__tests__',
	'sandbox',
	'harness',
	'e2e',
	'fixtures',
]);
const TEST_FILE_PATTERN = /\.(test|spec)\.[cm]?[jt]s(\.map)?$/;
/** Repository folders that the build compiles, and the only places source maps may point to. */
const SOURCE_FOLDERS = ['nodes/', 'credentials/'];
/** File sets of the scanner's tarball lint (see the header comment). */
const SCANNER_TARBALL_PATTERNS = ['**/*.js', 'package.json'];
/** Maximum failure lines printed per check. The rest are only counted. */
const MAX_PRINTED_FAILURES = 40;

function parseArguments(argv) {
	const options = { packDestination: undefined };
	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index];
		if (argument === '--pack-destination') {
			options.packDestination = argv[++index];
			if (!options.packDestination) {
				throw new Error('--pack-destination requires a folder');
			}
		} else if (argument.startsWith('--pack-destination=')) {
			options.packDestination = argument.slice('--pack-destination='.length);
		} else {
			throw new Error(
				`Unknown argument "${argument}". Usage: check-tarball.mjs [--pack-destination <folder>]`,
			);
		}
	}
	return options;
}

/**
 * Runs a command (in the repository root unless `cwd` is given) and throws if it exits non-zero.
 * With `capture`, returns its stdout and puts its output into the error message.
 */
function run(command, args, { capture = false, cwd = repoRoot } = {}) {
	const result = spawnSync(command, args, {
		cwd,
		encoding: 'utf8',
		stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
	});
	if (result.error) {
		throw new Error(`${command} ${args.join(' ')} failed to start: ${result.error.message}`);
	}
	if (result.status !== 0) {
		const output = capture ? `\n${result.stdout}\n${result.stderr}` : '';
		throw new Error(`${command} ${args.join(' ')} exited with code ${result.status}${output}`);
	}
	return result.stdout;
}

/** Lists the files below `folder` as sorted POSIX paths relative to it. */
function listFiles(folder) {
	const files = [];
	const walk = (relative) => {
		for (const entry of fs.readdirSync(path.join(folder, relative), { withFileTypes: true })) {
			const entryPath = relative ? `${relative}/${entry.name}` : entry.name;
			if (entry.isDirectory()) {
				walk(entryPath);
			} else {
				files.push(entryPath);
			}
		}
	};
	walk('');
	return files.sort();
}

function firstLine(text) {
	return String(text).split('\n')[0];
}

function formatSize(bytes) {
	return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`;
}

// ---------------------------------------------------------------------------------------------
// Checks. Each returns a list of failure messages, which is empty when the check passed.

function checkContents(files) {
	const failures = [];
	for (const required of ROOT_FILES) {
		if (!files.includes(required)) {
			failures.push(`${required} is missing from the tarball`);
		}
	}
	for (const file of files) {
		if (ROOT_FILES.includes(file)) {
			continue;
		}
		if (!file.startsWith('dist/')) {
			failures.push(`${file} is outside dist/; only dist/, ${ROOT_FILES.join(', ')} may be packed`);
			continue;
		}
		if (!DIST_EXTENSIONS.some((extension) => file.endsWith(extension))) {
			failures.push(
				`${file} has an unexpected type; dist/ may contain ${DIST_EXTENSIONS.join(', ')}`,
			);
		}
		const testFolder = file.split('/').find((segment) => TEST_FOLDER_NAMES.has(segment));
		if (testFolder) {
			failures.push(`${file} is in a "${testFolder}" folder, which only tests use`);
		}
		if (TEST_FILE_PATTERN.test(file)) {
			failures.push(`${file} is a test file`);
		}
	}
	return failures;
}

/** Extracts the module specifiers of `import … from`, `import()` and `require()` in a file. */
function findImports(text) {
	const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)(['"])([^'"]+)\1/g;
	return [...text.matchAll(pattern)].map((match) => match[2]);
}

/** Returns the tarball path that a relative import from `file` loads, or undefined. */
function resolveRelativeImport(fileSet, file, specifier, extensions) {
	const base = path.posix.join(path.posix.dirname(file), specifier);
	const candidates = [base, ...extensions.map((extension) => base + extension)];
	candidates.push(...extensions.map((extension) => `${base}/index${extension}`));
	return candidates.find((candidate) => fileSet.has(candidate));
}

function isBuiltinModule(specifier) {
	return specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]);
}

/** Returns the package name of a bare specifier such as `@scope/name/sub` or `name/sub`. */
function packageNameOf(specifier) {
	const parts = specifier.split('/');
	return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function checkImports(packageDir, files, manifest) {
	const failures = [];
	const fileSet = new Set(files);
	const declared = new Set([
		...Object.keys(manifest.dependencies ?? {}),
		...Object.keys(manifest.peerDependencies ?? {}),
	]);
	for (const file of files) {
		const isDeclaration = file.endsWith('.d.ts');
		if (!isDeclaration && !file.endsWith('.js')) {
			continue;
		}
		const text = fs.readFileSync(path.join(packageDir, file), 'utf8');
		const extensions = isDeclaration ? ['.d.ts'] : ['.js', '.json'];
		for (const specifier of findImports(text)) {
			if (specifier.startsWith('.')) {
				if (!resolveRelativeImport(fileSet, file, specifier, extensions)) {
					failures.push(`${file} imports "${specifier}", which is not in the tarball`);
				}
			} else if (!isBuiltinModule(specifier) && !declared.has(packageNameOf(specifier))) {
				failures.push(
					`${file} imports "${specifier}", which is neither a Node.js built-in module nor in ` +
						'package.json dependencies or peerDependencies',
				);
			}
		}
	}
	return failures;
}

function checkSourceMaps(packageDir, files) {
	const failures = [];
	const fileSet = new Set(files);
	for (const file of files.filter((name) => name.endsWith('.js'))) {
		const text = fs.readFileSync(path.join(packageDir, file), 'utf8');
		const reference = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(text)?.[1];
		if (reference && !reference.startsWith('data:')) {
			const mapFile = path.posix.join(path.posix.dirname(file), reference);
			if (!fileSet.has(mapFile)) {
				failures.push(`${file} references the source map ${mapFile}, which is not in the tarball`);
			}
		}
	}
	for (const file of files.filter((name) => name.endsWith('.map'))) {
		let map;
		try {
			map = JSON.parse(fs.readFileSync(path.join(packageDir, file), 'utf8'));
		} catch (error) {
			failures.push(`${file} is not valid JSON: ${error.message}`);
			continue;
		}
		// The map sits at the same path in the repository, so its sources resolve against the
		// repository root exactly as they did at build time.
		for (const source of map.sources ?? []) {
			const sourcePath = path.posix.normalize(
				path.posix.join(path.posix.dirname(file), map.sourceRoot ?? '', source),
			);
			if (!SOURCE_FOLDERS.some((folder) => sourcePath.startsWith(folder))) {
				failures.push(
					`${file} maps to "${sourcePath}", which is outside ${SOURCE_FOLDERS.join(' and ')}`,
				);
			} else if (!fs.existsSync(path.join(repoRoot, sourcePath))) {
				failures.push(`${file} maps to "${sourcePath}", which does not exist in this checkout`);
			}
		}
	}
	return failures;
}

function checkManifestPaths(files, manifest) {
	const failures = [];
	const fileSet = new Set(files);
	const n8nBlock = manifest.n8n ?? {};
	if (!Array.isArray(n8nBlock.nodes) || n8nBlock.nodes.length === 0) {
		failures.push('package.json n8n.nodes is missing or empty');
	}
	const declaredPaths = [...(n8nBlock.nodes ?? []), ...(n8nBlock.credentials ?? [])];
	if (manifest.main) {
		declaredPaths.push(manifest.main);
	}
	for (const declaredPath of declaredPaths) {
		if (!fileSet.has(path.posix.normalize(declaredPath))) {
			failures.push(`package.json lists ${declaredPath}, which is not in the tarball`);
		}
	}
	return failures;
}

/**
 * Loads the class that n8n's loader loads from a node or credential file: the export named after
 * the file, without `.node.js` or `.credentials.js`.
 */
function loadClass(packageDir, file, suffix) {
	const className = path.posix.basename(file, suffix);
	const exported = createRequire(path.join(packageDir, file))(path.join(packageDir, file));
	const LoadedClass = exported[className];
	if (typeof LoadedClass !== 'function') {
		throw new Error(`${file} has no exported class named ${className}`);
	}
	return new LoadedClass();
}

/** Lists the icon files of a node description or credential as `file:` paths. */
function iconReferences(icon) {
	if (icon === undefined) {
		return [];
	}
	return typeof icon === 'string' ? [icon] : [icon.light, icon.dark];
}

function checkIcons(fileSet, file, icon, failures) {
	const references = iconReferences(icon);
	if (references.length === 0) {
		failures.push(`${file} declares no icon`);
	}
	for (const reference of references) {
		if (typeof reference !== 'string' || !reference.startsWith('file:')) {
			failures.push(`${file} has the icon ${JSON.stringify(reference)}; expected a "file:" path`);
			continue;
		}
		const iconPath = path.posix.normalize(
			path.posix.join(path.posix.dirname(file), reference.slice('file:'.length)),
		);
		if (!iconPath.startsWith('dist/') || !fileSet.has(iconPath)) {
			failures.push(`${file} uses the icon ${iconPath}, which is not in the tarball's dist/`);
		}
	}
}

function checkCodex(packageDir, fileSet, file, description, manifest, failures) {
	const codexFile = file.replace(/\.js$/, '.json');
	if (!fileSet.has(codexFile)) {
		failures.push(`${file} has no codex file ${codexFile}`);
		return [];
	}
	const codex = JSON.parse(fs.readFileSync(path.join(packageDir, codexFile), 'utf8'));
	const expectedNode = `${manifest.name}.${description.name}`;
	if (codex.node !== expectedNode) {
		failures.push(`${codexFile} has node "${codex.node}"; expected "${expectedNode}"`);
	}
	if (!Array.isArray(codex.categories) || codex.categories.length === 0) {
		failures.push(`${codexFile} has no categories`);
	}
	if (!Array.isArray(codex.alias) || codex.alias.length === 0) {
		failures.push(`${codexFile} has no alias`);
	}
	const resources = codex.resources ?? {};
	if (!resources.primaryDocumentation?.length) {
		failures.push(`${codexFile} has no resources.primaryDocumentation link`);
	}
	if (description.credentials?.length && !resources.credentialDocumentation?.length) {
		failures.push(`${codexFile} has no resources.credentialDocumentation link`);
	}
	return Object.values(resources)
		.flat()
		.map((resource) => ({ source: codexFile, url: resource.url }));
}

/**
 * Loads every node and credential listed in the n8n block from the unpacked tarball and checks
 * their icons and codex files. Returns the failures and the documentation links found.
 */
function checkNodesAndCredentials(packageDir, files, manifest) {
	const failures = [];
	const links = [];
	const fileSet = new Set(files);
	for (const file of manifest.n8n?.nodes ?? []) {
		if (!fileSet.has(file)) {
			continue;
		}
		let description;
		try {
			description = loadClass(packageDir, file, '.node.js').description;
		} catch (error) {
			failures.push(`${file} failed to load: ${firstLine(error.message)}`);
			continue;
		}
		checkIcons(fileSet, file, description.icon, failures);
		links.push(...checkCodex(packageDir, fileSet, file, description, manifest, failures));
	}
	for (const file of manifest.n8n?.credentials ?? []) {
		if (!fileSet.has(file)) {
			continue;
		}
		let credential;
		try {
			credential = loadClass(packageDir, file, '.credentials.js');
		} catch (error) {
			failures.push(`${file} failed to load: ${firstLine(error.message)}`);
			continue;
		}
		checkIcons(fileSet, file, credential.icon, failures);
		if (credential.documentationUrl) {
			links.push({ source: file, url: credential.documentationUrl });
		}
	}
	return { failures, links };
}

/** Returns the anchors that GitHub generates for the headings of a Markdown file. */
function markdownAnchors(markdown) {
	const anchors = new Set();
	const counts = new Map();
	let inFence = false;
	for (const line of markdown.split('\n')) {
		if (/^\s*(```|~~~)/.test(line)) {
			inFence = !inFence;
			continue;
		}
		const heading = inFence ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
		if (!heading) {
			continue;
		}
		const slug = heading[1]
			.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
			.toLowerCase()
			.replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
			.replace(/\s/g, '-');
		const count = counts.get(slug) ?? 0;
		counts.set(slug, count + 1);
		anchors.add(count === 0 ? slug : `${slug}-${count}`);
	}
	return anchors;
}

/**
 * Checks that documentation links into this repository's README (homepage without `#readme`)
 * name a heading of the packed README. Other links only have to use https.
 */
function checkDocumentationLinks(packageDir, links, manifest) {
	const failures = [];
	const readmeUrl = (manifest.homepage ?? '').replace(/#readme$/, '');
	if (!readmeUrl) {
		failures.push('package.json has no homepage, so README links cannot be checked');
	}
	const anchors = markdownAnchors(fs.readFileSync(path.join(packageDir, 'README.md'), 'utf8'));
	for (const { source, url } of links) {
		if (typeof url !== 'string' || !url.startsWith('https://')) {
			failures.push(`${source} links to ${JSON.stringify(url)}; expected an https URL`);
		} else if (readmeUrl && url.startsWith(`${readmeUrl}#`)) {
			const anchor = url.slice(readmeUrl.length + 1);
			if (!anchors.has(anchor)) {
				failures.push(
					`${source} links to #${anchor}, but README.md has no heading with that anchor`,
				);
			}
		}
	}
	return failures;
}

/**
 * Runs the scanner's `analyzePackage` on a folder and, with the same ESLint setup, counts the
 * warnings, which `analyzePackage` does not report.
 */
async function checkScannerLint(scanner, folder, patterns) {
	const failures = [];
	const verdict = await scanner.analyzePackage(folder, patterns);

	// Same options and file list as analyzePackage in @n8n/scan-community-package 0.32.0.
	const { ESLint } = scanner.require('eslint');
	const glob = scanner.require('fast-glob');
	const eslint = new ESLint({
		cwd: folder,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await scanner.buildScanConfig(),
	});
	const filesToLint = glob.sync(patterns, {
		cwd: folder,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	if (filesToLint.length === 0) {
		return { failures: [`no files match ${patterns.join(', ')} in ${folder}`], summary: '' };
	}
	const results = await eslint.lintFiles(filesToLint);
	const errorCount = results.reduce((sum, result) => sum + result.errorCount, 0);
	const warningCount = results.reduce((sum, result) => sum + result.warningCount, 0);

	if (!verdict.passed) {
		failures.push(`analyzePackage did not pass: ${verdict.message}`);
	}
	if (errorCount > 0 || warningCount > 0) {
		failures.push(`${errorCount} errors and ${warningCount} warnings; expected none`);
		const formatter = await eslint.loadFormatter('stylish');
		failures.push(...(await formatter.format(results)).trim().split('\n'));
	}
	const summary = `${filesToLint.length} files, ${errorCount} errors, ${warningCount} warnings`;
	return { failures, summary };
}

/** Imports the scanner module and gives access to the packages it resolves (eslint, fast-glob). */
async function loadScanner() {
	const scannerPath = requireFromRepo.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
	const scannerModule = await import(pathToFileURL(scannerPath).href);
	const scannerVersion = requireFromRepo('@n8n/scan-community-package/package.json').version;
	return { ...scannerModule, require: createRequire(scannerPath), version: scannerVersion };
}

// ---------------------------------------------------------------------------------------------

function printResult(name, elapsedMs, failures, summary) {
	const status = failures.length === 0 ? 'PASS' : 'FAIL';
	const detail = summary ? ` (${summary})` : '';
	console.log(`${status}  ${name}${detail} [${elapsedMs} ms]`);
	for (const failure of failures.slice(0, MAX_PRINTED_FAILURES)) {
		console.log(`      ${failure}`);
	}
	if (failures.length > MAX_PRINTED_FAILURES) {
		console.log(`      … and ${failures.length - MAX_PRINTED_FAILURES} more`);
	}
}

async function main() {
	const options = parseArguments(process.argv.slice(2));
	const started = Date.now();

	// Build from a clean dist/ so that output of deleted sources cannot reach the tarball.
	console.log('Building from a clean dist/ (npm run clean, npm run build)');
	run('npm', ['run', '--silent', 'clean']);
	run('npm', ['run', '--silent', 'build']);

	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'prospectb2b-tarball-'));
	// The scanner creates a temporary folder when it is imported and does not delete it, so point
	// it into the work folder, which is deleted below.
	process.env.TMPDIR = workDir;
	let failed = false;
	try {
		const packDestination = path.resolve(options.packDestination ?? workDir);
		fs.mkdirSync(packDestination, { recursive: true });
		const packOutput = run('npm', ['pack', '--json', '--pack-destination', packDestination], {
			capture: true,
		});
		const [packInfo] = JSON.parse(packOutput);
		const tarball = path.join(packDestination, packInfo.filename);

		const unpackDir = path.join(workDir, 'unpacked');
		fs.mkdirSync(unpackDir);
		run('tar', ['-xzf', tarball, '-C', unpackDir], { capture: true });
		const packageDir = path.join(unpackDir, 'package');
		// The nodes require n8n-workflow, which n8n provides at runtime. Here it comes from the
		// repository's node_modules.
		fs.mkdirSync(path.join(unpackDir, 'node_modules'));
		fs.symlinkSync(
			path.join(repoRoot, 'node_modules', 'n8n-workflow'),
			path.join(unpackDir, 'node_modules', 'n8n-workflow'),
			'dir',
		);

		const files = listFiles(packageDir);
		const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
		console.log(
			`\nTarball ${tarball}: ${files.length} files, ${formatSize(packInfo.size)} packed, ` +
				`${formatSize(packInfo.unpackedSize)} unpacked\n`,
		);

		const scanner = await loadScanner();
		let links = [];
		const checks = [
			['contents: only dist/, package.json, README.md, LICENSE.md', () => checkContents(files)],
			[
				'source maps point only at nodes/ and credentials/',
				() => checkSourceMaps(packageDir, files),
			],
			['imports resolve in the tarball', () => checkImports(packageDir, files, manifest)],
			['package.json paths exist', () => checkManifestPaths(files, manifest)],
			[
				'nodes and credentials load, with icons and codex files',
				() => {
					const result = checkNodesAndCredentials(packageDir, files, manifest);
					links = result.links;
					return result.failures;
				},
			],
			[
				'documentation links name README headings',
				() => checkDocumentationLinks(packageDir, links, manifest),
			],
			[
				`scanner ${scanner.version} lint, tarball (${SCANNER_TARBALL_PATTERNS.join(', ')})`,
				() => checkScannerLint(scanner, packageDir, SCANNER_TARBALL_PATTERNS),
			],
			[
				`scanner ${scanner.version} lint, source (${scanner.SOURCE_FILE_PATTERNS.join(', ')})`,
				() => checkScannerLint(scanner, repoRoot, scanner.SOURCE_FILE_PATTERNS),
			],
		];
		for (const [name, runCheck] of checks) {
			const checkStarted = Date.now();
			let failures;
			let summary = '';
			try {
				const result = await runCheck();
				failures = Array.isArray(result) ? result : result.failures;
				summary = Array.isArray(result) ? '' : result.summary;
			} catch (error) {
				failures = [`the check failed with an exception: ${error.stack ?? error}`];
			}
			failed ||= failures.length > 0;
			printResult(name, Date.now() - checkStarted, failures, summary);
		}
		if (options.packDestination) {
			console.log(`\nKept the tarball at ${tarball}`);
		}
	} finally {
		fs.rmSync(workDir, { recursive: true, force: true });
	}

	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	console.log(`\nTarball checks ${failed ? 'FAILED' : 'passed'} in ${seconds} s`);
	return failed ? 1 : 0;
}

main().then(
	(exitCode) => process.exit(exitCode),
	(error) => {
		console.error(`Tarball checks failed: ${error.stack ?? error}`);
		process.exit(1);
	},
);
