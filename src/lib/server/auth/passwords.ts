/**
 * Password hashing with argon2id (OWASP parameters: 19 MiB, 2 iterations, 1 lane).
 */
import { hash, verify } from '@node-rs/argon2';
import { m } from '../../paraglide/messages.js';

const OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const MIN_LENGTH = 12;
export const MAX_LENGTH = 256;

/** Hashes a password for storage. */
export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

/** Verifies a password against a stored hash; never throws on malformed hashes. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
	try {
		return await verify(stored, password);
	} catch {
		return false;
	}
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real verification, so an unknown email cannot be told apart from a
 * wrong password by timing.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
	dummyHash ??= hashPassword('ketentafel-onbekend-account');
	await verifyPassword(await dummyHash, password);
	return false;
}

/** Dutch reason why a new password is not acceptable, or null when it is. */
export function weakness(password: string, email: string): string | null {
	if (password.length < MIN_LENGTH) return m.err_password_short({ min: MIN_LENGTH });
	if (password.length > MAX_LENGTH) return m.err_too_long({ label: m.field_password(), max: MAX_LENGTH });
	if (password.toLowerCase() === email.toLowerCase()) return m.err_password_is_email();
	if (new Set(password).size < 5) return m.err_password_variety();
	return null;
}
