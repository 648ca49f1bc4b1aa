/**
 * Full sync with a plain Node.js `fetch` loop that follows the cursor with limit=100 and keeps
 * every row, as a hand-written client would. Run by bench/run.ts in its own process.
 */
import { measureInChild } from './child';

const PAGE_SIZE = 100;

interface Page {
	data: unknown[];
	pagination: { next_cursor: string | null; has_more: boolean };
}

async function syncAll(apiUrl: string, apiKey: string): Promise<unknown[]> {
	const rows: unknown[] = [];
	let cursor: string | null = null;
	for (;;) {
		const url = new URL(`${apiUrl}/leads`);
		url.searchParams.set('limit', String(PAGE_SIZE));
		if (cursor !== null) url.searchParams.set('cursor', cursor);
		const response = await fetch(url, {
			headers: { Authorization: `Bearer ${apiKey}`, Accept: 'application/json' },
		});
		if (!response.ok) throw new Error(`GET ${url.pathname} failed with HTTP ${response.status}.`);
		const page = (await response.json()) as Page;
		rows.push(...page.data);
		if (!page.pagination.has_more || page.data.length === 0) return rows;
		cursor = page.pagination.next_cursor;
	}
}

measureInChild(async () => {
	const rows = await syncAll(process.env.BENCH_API_URL ?? '', process.env.BENCH_API_KEY ?? '');
	return rows.length;
});
