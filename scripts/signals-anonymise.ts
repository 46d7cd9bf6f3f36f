/**
 * Anonymises signals that ended without a case longer ago than the retention period
 * (SIGNAL_RETENTION_DAYS, default 183). The server also runs this daily.
 */
import { closeDb, getDb } from '../src/lib/server/db';
import { runRetention } from '../src/lib/server/jobs';

try {
	const done = runRetention(getDb(), new Date());
	console.log(`${done.signalsAnonymised} signaal/signalen geanonimiseerd.`);
} finally {
	closeDb();
}
