/**
 * Periodic housekeeping inside the server process: retention (anonymising signals that ended
 * without a case). Runs at start-up and then daily; `npm run signals:anonymise` runs it by hand.
 */
import type { Db } from './db';
import * as signals from './signals';
import { signalRetentionDays } from './config';

const DAY_MS = 86_400_000;
const holder = globalThis as typeof globalThis & { __ketentafelJobs?: NodeJS.Timeout };

/** Runs every retention task once; returns what it did, for the log and the command. */
export function runRetention(db: Db, now: Date): { signalsAnonymised: number } {
	return { signalsAnonymised: signals.anonymiseExpired(db, now, signalRetentionDays()) };
}

/** Starts the daily schedule once per process. */
export function startDaily(db: Db): void {
	if (holder.__ketentafelJobs) return;
	const tick = () => {
		try {
			const done = runRetention(db, new Date());
			if (done.signalsAnonymised > 0)
				console.log(`Bewaartermijn: ${done.signalsAnonymised} signaal/signalen geanonimiseerd.`);
		} catch (e) {
			console.error('Bewaartermijntaak mislukt:', e instanceof Error ? e.message : e);
		}
	};
	tick();
	holder.__ketentafelJobs = setInterval(tick, DAY_MS);
	holder.__ketentafelJobs.unref();
}
