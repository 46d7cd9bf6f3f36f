/**
 * Runtime configuration from the environment, read on each call so tests can vary it.
 */

function numberFromEnv(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isFinite(value) || value <= 0) {
		throw new Error(`${name} moet een positief getal zijn, niet "${raw}"`);
	}
	return value;
}

/** The public origin the app is served on; the WebSocket Origin check compares against it. */
export function origin(): string {
	return process.env.ORIGIN ?? `http://localhost:${process.env.PORT ?? '3000'}`;
}

/** True when the origin is this machine: cookies may then go without `Secure`. */
export function isLocalOrigin(value = origin()): boolean {
	try {
		const { hostname } = new URL(value);
		return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
	} catch {
		return false;
	}
}

/**
 * Demo mode (fictitious data, known password) is the default only on localhost; anywhere else
 * it must be asked for with KETENTAFEL_DEMO=1. KETENTAFEL_DEMO=0 switches it off everywhere.
 */
export function demoMode(): boolean {
	const flag = process.env.KETENTAFEL_DEMO;
	if (flag === '1' || flag === 'true') return true;
	if (flag === '0' || flag === 'false') return false;
	return isLocalOrigin();
}

export const sessionIdleMs = () => numberFromEnv('SESSION_IDLE_MINUTES', 60) * 60_000;
export const sessionAbsoluteMs = () => numberFromEnv('SESSION_ABSOLUTE_HOURS', 12) * 3_600_000;
export const signalRetentionDays = () => numberFromEnv('SIGNAL_RETENTION_DAYS', 183);
