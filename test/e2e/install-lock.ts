/**
 * A lock folder that serializes installs into one cache folder, across processes on this machine.
 * `mkdir` is atomic, so only one process creates the folder. The owner writes its pid into it.
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const LOCK_POLL_INTERVAL_MS = 1_000;
const LOCK_OWNER_FILE = 'owner.json';
const LOCK_OWNER_GRACE_MS = 10_000;
const WAIT_NOTICE_INTERVAL_MS = 30_000;

/**
 * Runs `install` while holding the lock folder `lockDir`, so concurrent installs into one folder
 * wait for each other. A lock whose owner process is gone is stale and taken over.
 */
export async function withInstallLock<T>(
	lockDir: string,
	log: (message: string) => void,
	install: () => Promise<T>,
): Promise<T> {
	mkdirSync(dirname(lockDir), { recursive: true });
	let lastNotice = 0;

	for (;;) {
		try {
			mkdirSync(lockDir);
			writeFileSync(join(lockDir, LOCK_OWNER_FILE), JSON.stringify({ pid: process.pid }));
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}

		// NOTE: two waiters that both find the lock stale can race. The second `rmSync` may remove
		// the lock that the first has just taken, and both then install into one folder.
		const owner = readLockOwner(lockDir);
		if (owner === 'abandoned' || (owner !== 'starting' && !isProcessAlive(owner))) {
			const ownerText = owner === 'abandoned' ? 'unknown' : String(owner);
			log(`removing the stale lock ${lockDir} (owner process ${ownerText} is gone)`);
			rmSync(lockDir, { recursive: true, force: true });
			continue;
		}

		if (Date.now() - lastNotice >= WAIT_NOTICE_INTERVAL_MS) {
			const ownerText = owner === 'starting' ? 'another process' : `process ${owner}`;
			log(`waiting for ${ownerText}, which owns the lock ${lockDir}`);
			lastNotice = Date.now();
		}
		await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_INTERVAL_MS));
	}

	try {
		return await install();
	} finally {
		rmSync(lockDir, { recursive: true, force: true });
	}
}

/**
 * Returns the pid that owns the lock. A lock folder without an owner file is `'starting'` for
 * LOCK_OWNER_GRACE_MS after its creation (the owner writes the file right after `mkdir`), and
 * `'abandoned'` after that.
 */
function readLockOwner(lockDir: string): number | 'starting' | 'abandoned' {
	try {
		const owner = JSON.parse(readFileSync(join(lockDir, LOCK_OWNER_FILE), 'utf8')) as {
			pid: number;
		};
		return owner.pid;
	} catch {
		try {
			const ageMs = Date.now() - statSync(lockDir).mtimeMs;
			return ageMs < LOCK_OWNER_GRACE_MS ? 'starting' : 'abandoned';
		} catch {
			// The owner removed the lock meanwhile. The next `mkdir` attempt takes it.
			return 'starting';
		}
	}
}

function isProcessAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: the process exists but belongs to another user.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
