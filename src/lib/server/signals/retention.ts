/** Retention: anonymising signals that ended without a case. */
import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { signal, signalEvent, signalForwarding } from '../db/schema';
import * as audit from '../audit';
import { addEvent } from './shared';

/**
 * Anonymises signals that ended without a case (closed, or forwarded and never converted) more
 * than `retentionDays` ago: free text and the reporter's contact details are removed, the
 * statistics fields (dates, source, municipality, forms, indicators, location kind, urgency,
 * status) stay. Returns the number of signals anonymised.
 */
export function anonymiseExpired(db: DbOrTx, now: Date, retentionDays: number): number {
	const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
	return db.transaction((tx) => anonymise(tx, now, cutoff));
}

/**
 * The retention job's work, in its caller's transaction. It runs without a person, so its log rows
 * are written with `audit.record` (no actor, no request): "geanonimiseerd na bewaartermijn".
 */
function anonymise(db: DbOrTx, now: Date, cutoff: Date): number {
	const due = db
		.select({ id: signal.id })
		.from(signal)
		.where(
			and(
				isNull(signal.anonymisedAt),
				or(eq(signal.status, 'closed_no_action'), eq(signal.status, 'forwarded')),
				lt(signal.settledAt, cutoff)
			)
		)
		.all()
		.map((r) => r.id);
	if (due.length === 0) return 0;
	db.update(signal)
		.set({
			description: null,
			address: null,
			contact: null,
			externalReporter: null,
			otherIndicator: null,
			closedReason: null,
			feedback: null,
			anonymisedAt: now,
			version: sql`${signal.version} + 1`
		})
		.where(inArray(signal.id, due))
		.run();
	db.update(signalEvent).set({ detail: null }).where(inArray(signalEvent.signalId, due)).run();
	db.update(signalForwarding).set({ reason: null }).where(inArray(signalForwarding.signalId, due)).run();
	for (const id of due) {
		addEvent(db, id, null, 'anonymised', now);
		audit.record(
			db,
			{
				userId: null,
				action: 'update',
				objectType: 'signal',
				objectId: id,
				detail: 'geanonimiseerd na bewaartermijn'
			},
			now
		);
	}
	return due.length;
}
