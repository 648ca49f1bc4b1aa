/**
 * Full sync with ProspectB2B > Lead > Get Many and Return All, in-process through n8n-core's
 * engine. Run by bench/run.ts in its own process.
 */
import './env';

import { measureInChild } from './child';
import { runProspectNode } from './engine';

measureInChild(async () => {
	const credential = {
		apiKey: process.env.BENCH_API_KEY ?? '',
		baseUrl: process.env.BENCH_API_URL ?? '',
	};
	const result = await runProspectNode(credential, {
		resource: 'lead',
		operation: 'getAll',
		returnAll: true,
	});
	if (result.error) throw new Error(`Get Many failed: ${result.error.message}`);
	return result.output.length;
});
