/**
 * A case's timeline: writing its events, and reading them for one viewer. An entry can name
 * something besides its own case (another case, a table, a signal); whether that may be shown is
 * the policy's `timelineEntryView`, over the facts of what is named, loaded here.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { caseEvent, caseFile, signal, user, type Compartment } from '../db/schema';
import type { Ctx } from '../context';
import * as audit from '../audit';
import { timelineEntryView, type TimelineMention } from '../policy';
import type { CaseEventKind } from '../../domain/cases';
import { factsOf, type Reached } from './reach';

/** Appends an event to a case's timeline (inside the change's transaction). */
export function addEvent(
	db: DbOrTx,
	ctx: Ctx,
	caseId: number,
	kind: CaseEventKind,
	compartment: Compartment,
	detail: string | null = null
): void {
	db.insert(caseEvent).values({ caseId, at: ctx.now, userId: ctx.actor.id, kind, compartment, detail }).run();
}

/** Logs an update of a case in one compartment, on the handle of the change's transaction. */
export function logCaseUpdate(
	tx: DbOrTx,
	ctx: Ctx,
	caseId: number,
	compartment: Compartment,
	detail: string | null = null
): void {
	audit.changed(tx, ctx, { action: 'update', objectType: 'case', objectId: caseId, compartment, detail });
}

export interface TimelineEntry {
	id: number;
	at: Date;
	kind: CaseEventKind;
	compartment: Compartment;
	detail: string | null;
	userName: string | null;
}

/**
 * The timeline as this viewer may see it: only the compartments they see (the query for the others
 * is never run), without entries naming a case they do not reach, and without the reference of a
 * signal they may not open.
 */
export function timelineFor(db: DbOrTx, ctx: Ctx, r: Reached): TimelineEntry[] {
	const visible = [...r.access.compartments];
	const rows = db
		.select({
			id: caseEvent.id,
			at: caseEvent.at,
			kind: caseEvent.kind,
			compartment: caseEvent.compartment,
			detail: caseEvent.detail,
			userName: user.name
		})
		.from(caseEvent)
		.leftJoin(user, eq(user.id, caseEvent.userId))
		.where(and(eq(caseEvent.caseId, r.row.id), inArray(caseEvent.compartment, visible)))
		.orderBy(desc(caseEvent.at), desc(caseEvent.id))
		.all();
	const mentions = new Map<string, TimelineMention>();
	const mentionOf = (kind: CaseEventKind, detail: string | null): TimelineMention => {
		const key = `${kind}|${detail ?? ''}`;
		let found = mentions.get(key);
		if (!found) {
			found = loadMention(db, kind, detail);
			mentions.set(key, found);
		}
		return found;
	};
	const out: TimelineEntry[] = [];
	for (const e of rows) {
		const shown = timelineEntryView(ctx.actor, r.access, {
			compartment: e.compartment,
			mention: mentionOf(e.kind, e.detail)
		});
		if (shown === 'hidden') continue;
		out.push(shown === 'full' ? e : { ...e, detail: null });
	}
	return out;
}

/** The facts of what an entry names (by the reference or name its detail holds). */
function loadMention(db: DbOrTx, kind: CaseEventKind, detail: string | null): TimelineMention {
	switch (kind) {
		case 'linked':
		case 'unlinked': {
			const other =
				detail === null ? undefined : db.select().from(caseFile).where(eq(caseFile.reference, detail)).get();
			return { kind: 'case', case: other ? factsOf(db, other) : null };
		}
		case 'from_signal': {
			const s =
				detail === null
					? undefined
					: db
							.select({ reporterUserId: signal.reporterUserId, municipality: signal.municipality })
							.from(signal)
							.where(eq(signal.reference, detail))
							.get();
			return { kind: 'signal', signal: s ?? null };
		}
		case 'table_added':
		case 'table_removed':
			return { kind: 'table' };
		default:
			return { kind: 'none' };
	}
}

/** Who made the latest of these events on a case, and when (for the "changed meanwhile" message). */
export function lastChange(
	db: DbOrTx,
	caseIds: number | readonly number[],
	kinds: readonly CaseEventKind[]
): { by: string | null; at: Date | null } {
	const ids = typeof caseIds === 'number' ? [caseIds] : [...caseIds];
	const row = db
		.select({ at: caseEvent.at, by: user.name })
		.from(caseEvent)
		.leftJoin(user, eq(user.id, caseEvent.userId))
		.where(and(inArray(caseEvent.caseId, ids), inArray(caseEvent.kind, [...kinds])))
		.orderBy(desc(caseEvent.at), desc(caseEvent.id))
		.get();
	return { by: row?.by ?? null, at: row?.at ?? null };
}
