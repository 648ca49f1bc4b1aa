/**
 * A seeded pseudo-random number generator (mulberry32), so that a campaign run with the same seed
 * makes the same choices. It is not suitable for anything that needs unpredictable numbers.
 */
export class Prng {
	private state: number;

	constructor(readonly seed: number) {
		this.state = seed >>> 0;
	}

	/** Returns a float in [0, 1). */
	next(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let value = this.state;
		value = Math.imul(value ^ (value >>> 15), value | 1);
		value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
		return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
	}

	/** Returns an integer in [0, max). */
	int(max: number): number {
		return Math.floor(this.next() * max);
	}

	/** Returns true with the given probability. */
	chance(probability: number): boolean {
		return this.next() < probability;
	}

	/** Returns one element of a non-empty array. */
	pick<T>(values: readonly T[]): T {
		return values[this.int(values.length)];
	}

	/** Returns a shuffled copy of the array (Fisher-Yates). */
	shuffle<T>(values: readonly T[]): T[] {
		const copy = [...values];
		for (let index = copy.length - 1; index > 0; index--) {
			const other = this.int(index + 1);
			[copy[index], copy[other]] = [copy[other], copy[index]];
		}
		return copy;
	}

	/** Returns a new generator seeded from this one, for a part of a run that may change size. */
	fork(): Prng {
		return new Prng(this.int(4_294_967_296));
	}
}

/** Reads the seed from `--seed=N` or FAULTS_SEED, or makes one from the clock. */
export function readSeed(argv: string[], env: NodeJS.ProcessEnv): number {
	const option = argv.find((arg) => arg.startsWith('--seed='));
	const text = option?.slice('--seed='.length) ?? env.FAULTS_SEED;
	if (text === undefined || text === '') return Date.now() % 4_294_967_296;
	const seed = Number(text);
	if (!Number.isInteger(seed) || seed < 0 || seed >= 4_294_967_296) {
		throw new Error(`Invalid seed "${text}": expected a whole number from 0 to 4294967295.`);
	}
	return seed;
}
