/**
 * Sign-in throttling per account and per client address (OWASP ASVS 5.0 §6.3). After too many
 * failures in a window the key is locked for a while; the lock says nothing about whether the
 * account exists, because unknown emails are counted the same way.
 */
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { signInThrottle } from '../db/schema';

const WINDOW_MS = 15 * 60_000;
const LOCK_MS = 15 * 60_000;
export const LIMITS = { account: 5, address: 20 } as const;

export function accountKey(email: string): string {
	return `email:${email.trim().toLowerCase()}`;
}
export function addressKey(address: string): string {
	return `ip:${address}`;
}

/** The moment until which any of the keys is locked, or null when sign-in may be tried. */
export function lockedUntil(db: DbOrTx, keys: string[], now: Date): Date | null {
	let until: Date | null = null;
	for (const key of keys) {
		const row = db.select().from(signInThrottle).where(eq(signInThrottle.key, key)).get();
		if (row?.lockedUntil && row.lockedUntil > now && (!until || row.lockedUntil > until))
			until = row.lockedUntil;
	}
	return until;
}

/** Counts a failure against a key, locking it when the limit is reached. */
export function recordFailure(db: DbOrTx, key: string, limit: number, now: Date): void {
	const row = db.select().from(signInThrottle).where(eq(signInThrottle.key, key)).get();
	const fresh = !row || now.getTime() - row.windowStartedAt.getTime() > WINDOW_MS;
	const failures = fresh ? 1 : row.failures + 1;
	const values = {
		key,
		failures,
		windowStartedAt: fresh ? now : row.windowStartedAt,
		lockedUntil: failures >= limit ? new Date(now.getTime() + LOCK_MS) : (row?.lockedUntil ?? null)
	};
	db.insert(signInThrottle)
		.values(values)
		.onConflictDoUpdate({ target: signInThrottle.key, set: values })
		.run();
}

/** Forgets the failures of a key after a successful sign-in. */
export function reset(db: DbOrTx, key: string): void {
	db.delete(signInThrottle).where(eq(signInThrottle.key, key)).run();
}
