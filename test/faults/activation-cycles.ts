/**
 * 100 activate and deactivate cycles of a ProspectB2B Trigger workflow in a real n8n, with its
 * static data wiped at random moments (before an activation, or while it is active). After each
 * activation exactly one endpoint must exist for the workflow's URL, after each deactivation
 * none, and none may be left at the end.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { N8nRest, wipeStaticData } from '../../bench/n8n-rest';
import { packPackage } from '../../bench/pack';
import { importWorkflow, N8N_VERSION, prepareN8n, type RealN8n } from '../../bench/real-n8n';
import { triggerWorkflow } from '../../bench/workflows';
import type { Sandbox } from '../sandbox';
import type { Prng } from './prng';
import type { Report } from './report';
import type { SecretScan } from './secrets';

const CASE_NAME = 'Trigger activation cycles in a real n8n';
const CYCLES = 100;
const WIPE_CHANCE = 0.25;
/** The trigger posts nothing here, because no delivery is sent in this case. */
const UNUSED_COUNTER_URL = 'http://127.0.0.1:9/unused';

/** n8n 2.x adds and removes a workflow's webhooks after the REST call returns, so each state is awaited. */
const SETTLE_TIMEOUT_MS = 15_000;

interface CycleTally {
	wipedBeforeActivation: number;
	wipedWhileActive: number;
	wrongAfterActivation: number;
	leftAfterDeactivation: number;
}

/** Polls `check` every 100 ms until it returns true or the timeout passes; returns the last result. */
async function waitFor(check: () => boolean, timeoutMs = SETTLE_TIMEOUT_MS): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) return false;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return true;
}

async function runCycles(
	sandbox: Sandbox,
	n8n: RealN8n,
	scan: SecretScan,
	prng: Prng,
): Promise<CycleTally> {
	const workflow = triggerWorkflow(UNUSED_COUNTER_URL);
	const tally: CycleTally = {
		wipedBeforeActivation: 0,
		wipedWhileActive: 0,
		wrongAfterActivation: 0,
		leftAfterDeactivation: 0,
	};
	const ownEndpoints = () =>
		sandbox.webhooks().filter((hook) => hook.url.startsWith(n8n.cli.baseUrl));

	await importWorkflow(n8n, workflow);
	await n8n.cli.start();
	const rest = new N8nRest(n8n.cli.baseUrl);
	await rest.setupOwner();

	for (let cycle = 0; cycle < CYCLES; cycle++) {
		if (prng.chance(WIPE_CHANCE) && wipeStaticData(n8n, workflow.id)) {
			tally.wipedBeforeActivation++;
		}
		await rest.activate(workflow.id);
		if (!(await waitFor(() => ownEndpoints().length === 1))) tally.wrongAfterActivation++;
		const active = ownEndpoints();
		for (const endpoint of active) {
			scan.addSecret('signing secret of the real n8n trigger', endpoint.signing_secret);
		}

		// A wipe while active waits until n8n has saved the new registration, so it removes it.
		if (prng.chance(WIPE_CHANCE) && active.length === 1) {
			const wiped = await waitFor(() => wipeStaticData(n8n, workflow.id, active[0].id));
			if (wiped) tally.wipedWhileActive++;
		}
		await rest.deactivate(workflow.id);
		if (!(await waitFor(() => ownEndpoints().length === 0))) tally.leftAfterDeactivation++;
	}
	return tally;
}

export async function runActivationCyclesCase(
	sandbox: Sandbox,
	report: Report,
	scan: SecretScan,
	prng: Prng,
): Promise<void> {
	sandbox.reset();
	sandbox.setRateLimit(null);
	const workFolder = mkdtempSync(join(tmpdir(), 'prospectb2b-faults-pack-'));
	let n8n: RealN8n | undefined;
	try {
		try {
			const tarball = packPackage(workFolder);
			const credential = { apiKey: sandbox.keys.full, baseUrl: sandbox.url };
			n8n = await prepareN8n(tarball, credential, { N8N_LOG_LEVEL: 'debug' });
		} catch (error) {
			const reason = `n8n ${N8N_VERSION} could not be prepared: ${error instanceof Error ? error.message : String(error)}`;
			report.notMeasured(CASE_NAME, 'webhooks left in the sandbox', reason, '0');
			return;
		}
		const tally = await runCycles(sandbox, n8n, scan, prng);
		await n8n.cli.stop();
		scan.scan(`${CASE_NAME}: n8n server log`, readFileSync(n8n.cli.serverLogPath, 'utf8'));

		const label = `${CASE_NAME}, n8n ${n8n.version}, ${CYCLES} cycles`;
		report.info(
			label,
			'static data wiped',
			`${tally.wipedBeforeActivation} times before activation, ${tally.wipedWhileActive} while active`,
		);
		report.check(
			label,
			`activations without exactly one endpoint within ${SETTLE_TIMEOUT_MS / 1000} s`,
			tally.wrongAfterActivation,
			'0',
			tally.wrongAfterActivation === 0,
		);
		report.check(
			label,
			`deactivations that left an endpoint after ${SETTLE_TIMEOUT_MS / 1000} s`,
			tally.leftAfterDeactivation,
			'0',
			tally.leftAfterDeactivation === 0,
		);
		const left = sandbox.webhooks().length;
		report.check(label, 'webhooks left in the sandbox', left, '0', left === 0);
	} finally {
		await n8n?.cli.stop();
		n8n?.remove();
		rmSync(workFolder, { recursive: true, force: true });
	}
}
