/**
 * A scan of produced text (output items, error messages, log lines) for the API keys and signing
 * secrets that a run used. Each secret is searched in full and as a 12-character fragment of its
 * random part (the text after its last underscore), so that a clipped secret is found too.
 */

const FRAGMENT_LENGTH = 12;

export interface SecretHit {
	/** Label of the secret, such as "API key full"; never the secret itself. */
	label: string;
	/** Where the text came from, such as "Get Many round 3 logs". */
	source: string;
	count: number;
}

function countOccurrences(text: string, needle: string): number {
	let count = 0;
	for (let index = text.indexOf(needle); index !== -1; index = text.indexOf(needle, index + 1)) {
		count++;
	}
	return count;
}

export class SecretScan {
	/** Search strings, each with the label of its secret. */
	private readonly needles = new Map<string, string>();

	readonly hits: SecretHit[] = [];

	textsScanned = 0;

	charactersScanned = 0;

	/** Adds a secret to search for in texts scanned from now on. */
	addSecret(label: string, secret: string): void {
		if (secret === '') return;
		this.needles.set(secret, label);
		const randomPart = secret.slice(secret.lastIndexOf('_') + 1);
		if (randomPart.length >= FRAGMENT_LENGTH * 2) {
			this.needles.set(randomPart.slice(0, FRAGMENT_LENGTH), `${label} (fragment)`);
		}
	}

	/** Counts every known secret in `text`. Values that are not strings are scanned as JSON. */
	scan(source: string, value: unknown): void {
		const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
		this.textsScanned++;
		this.charactersScanned += text.length;
		for (const [needle, label] of this.needles) {
			const count = countOccurrences(text, needle);
			if (count > 0) this.hits.push({ label, source, count });
		}
	}

	/** Total occurrences found. A full secret also counts once as its fragment. */
	get occurrences(): number {
		return this.hits.reduce((sum, hit) => sum + hit.count, 0);
	}
}
