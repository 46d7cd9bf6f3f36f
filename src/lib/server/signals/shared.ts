/** Pieces the signal capabilities share: loading, the timeline, input helpers, list details. */
import { eq, sql } from 'drizzle-orm';
import { m } from '../../paraglide/messages.js';
import type { DbOrTx } from '../db';
import { organisation, signal, signalEvent, type Signal } from '../db/schema';
import type { SignalEventKind } from '../../domain/signals';
import { isoDate } from '../validation';
import { dutchDate } from '../../dates';

export function notInFuture(label: string, now: Date) {
	return isoDate(label).refine((v) => v <= dutchDate(now), { error: m.err_date_future({ label }) });
}

export function knownMunicipality(db: DbOrTx, name: string): boolean {
	return !!db
		.select({ id: organisation.id })
		.from(organisation)
		.where(eq(organisation.municipality, name))
		.get();
}

export function nextReference(db: DbOrTx, now: Date): string {
	const year = dutchDate(now).slice(0, 4);
	const prefix = `SG-${year}-`;
	const row = db
		.select({ n: sql<number>`count(*)` })
		.from(signal)
		.where(sql`${signal.reference} like ${prefix + '%'}`)
		.get();
	return `${prefix}${String((row?.n ?? 0) + 1).padStart(4, '0')}`;
}

export function addEvent(
	db: DbOrTx,
	signalId: number,
	userId: number | null,
	kind: SignalEventKind,
	now: Date,
	detail: string | null = null
) {
	db.insert(signalEvent).values({ signalId, at: now, userId, kind, detail }).run();
}

export function load(db: DbOrTx, id: number): Signal | undefined {
	return db.select().from(signal).where(eq(signal.id, id)).get();
}

/** The ids of a list, for the detail of its log row. */
export function ids(rows: ReadonlyArray<{ id: number }>): string {
	return rows.length ? rows.map((r) => r.id).join(',') : '–';
}
