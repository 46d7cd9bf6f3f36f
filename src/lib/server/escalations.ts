/**
 * Escalations (opschalingen) of a case: towards the RIEC through the AVO and the Lokale
 * Stuurtafel, or to the Zorg- en Veiligheidshuis. Only allowed transitions, by users of the
 * tables on the route; each step records who, when, a note and the decision it came from.
 * Visibility (DESIGN.md §3.3): an RIEC route is seen only through the AVO and Stuurtafel, a ZVH
 * route through the ZVH table and the table that escalated.
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '../paraglide/messages.js';
import type { DbOrTx } from './db';
import { caseEvent, caseFile, casePhase, caseTable, decision, deliberationTable, escalation, escalationStep, subject, user, type Escalation } from './db/schema';
import {
	DEFAULT_NORMS,
	TARGETS,
	ZVH_PHASE,
	daysIn,
	isOpen,
	nextStates,
	type EscalationState,
	type Target
} from '../domain/escalations';
import * as audit from './audit';
import * as cases from './cases';
import { ConflictError, NotFoundError, ValidationError } from './errors';
import { collabEvents } from './events';
import { isGuardian, mayManageCase, type Actor } from './policy';
import { id, oneOf, optionalId, optionalText, parse } from './validation';
import { dutchDate } from '../dates';

/** Feedback norms in days per state: defaults, overridden by ESCALATION_NORMS (JSON). */
export function norms(): Record<string, number> {
	const raw = process.env.ESCALATION_NORMS;
	if (!raw) return DEFAULT_NORMS;
	try {
		const parsed = JSON.parse(raw) as Record<string, unknown>;
		const out = { ...DEFAULT_NORMS };
		for (const [state, days] of Object.entries(parsed)) if (typeof days === 'number' && days > 0) out[state] = days;
		return out;
	} catch {
		return DEFAULT_NORMS;
	}
}

function tableIdsOfKind(actor: Actor, kinds: string[]): number[] {
	return actor.memberships.filter((ms) => kinds.includes(ms.tableKind)).map((ms) => ms.tableId);
}

/** The tables through which an escalation is seen. */
function routeTables(db: DbOrTx, e: Pick<Escalation, 'target' | 'fromTableId'>): number[] {
	if (e.target === 'riec') {
		return db.select({ id: deliberationTable.id }).from(deliberationTable).where(inArray(deliberationTable.kind, ['avo', 'stuurtafel'])).all().map((t) => t.id);
	}
	const zvh = db.select({ id: deliberationTable.id }).from(deliberationTable).where(eq(deliberationTable.kind, 'zvh')).all().map((t) => t.id);
	return [...zvh, ...(e.fromTableId ? [e.fromTableId] : [])];
}

/** Whether the actor sees this escalation: an active member of a table on its route who reaches the case. */
export function maySee(db: DbOrTx, actor: Actor, e: Escalation): boolean {
	if (isGuardian(actor)) return false;
	const tables = routeTables(db, e);
	if (!actor.memberships.some((ms) => tables.includes(ms.tableId))) return false;
	return cases.reachOrNull(db, actor, e.caseId) !== null;
}

/**
 * Who may take a step: for the RIEC route, the AVO steps by the AVO, the Stuurtafel decision and
 * what follows by the Stuurtafel (chair or secretary, or coordinators who are members); for the ZVH
 * route, submitting by the escalating table, the rest by the ZVH.
 */
function mayStep(db: DbOrTx, actor: Actor, e: Escalation, to: EscalationState): boolean {
	const steering = (kind: string) =>
		actor.memberships.some((ms) => ms.tableKind === kind && (ms.role !== 'member' || actor.roles.includes('coordinator')));
	if (e.target === 'riec') {
		if (to === 'on_avo_agenda' || to === 'avo_advice') return steering('avo');
		return steering('stuurtafel');
	}
	if (to === 'submitted') return actor.memberships.some((ms) => ms.tableId === e.fromTableId && (ms.role !== 'member' || actor.roles.includes('coordinator'))) || steering('zvh');
	return steering('zvh');
}

function load(db: DbOrTx, escalationId: number): Escalation {
	const row = db.select().from(escalation).where(eq(escalation.id, escalationId)).get();
	if (!row) throw new NotFoundError(m.err_not_found());
	return row;
}

/** Proposes an escalation of a case. RIEC for perpetrator cases; the ZVH for any case. */
export function propose(db: DbOrTx, actor: Actor, caseId: number, raw: unknown, now: Date, clientAddress: string | null = null): Escalation {
	const reached = cases.reach(db, actor, caseId);
	if (!mayManageCase(actor, reached.facts)) throw new NotFoundError(m.err_not_found());
	const input = parse(z.object({ target: oneOf(TARGETS, m.field_escalation_target()), fromTableId: optionalId(m.field_table().toLowerCase()), note: optionalText(m.field_note(), 2000) }), raw);
	if (reached.facts.closed) throw new ConflictError(m.err_escalate_closed());
	if (input.target === 'riec' && reached.row.kind !== 'perpetrator') throw new ValidationError(m.err_riec_perpetrator_only(), { target: m.err_riec_perpetrator_only() });
	const open = db
		.select()
		.from(escalation)
		.where(and(eq(escalation.caseId, caseId), eq(escalation.target, input.target), isNull(escalation.closedAt)))
		.get();
	if (open) throw new ConflictError(m.err_escalation_open_exists());
	let fromTableId: number | null = null;
	if (input.target === 'zvh') {
		fromTableId = input.fromTableId ?? reached.access.viaTables.find((t) => !tableIdsOfKind(actor, ['zvh']).includes(t)) ?? null;
		if (fromTableId === null || !reached.facts.tableIds.includes(fromTableId) || !actor.memberships.some((ms) => ms.tableId === fromTableId)) {
			throw new ValidationError(m.err_escalation_from_table(), { fromTableId: m.err_escalation_from_table() });
		}
	} else if (tableIdsOfKind(actor, ['avo', 'stuurtafel']).length === 0) {
		// Whoever proposes an RIEC route must be able to see it: they sit at the AVO or Stuurtafel.
		throw new ValidationError(m.err_escalation_not_on_route(), { target: m.err_escalation_not_on_route() });
	}
	const row = db
		.insert(escalation)
		.values({ caseId, target: input.target, state: 'proposed', stateSince: now, fromTableId, openedBy: actor.id, openedAt: now })
		.returning()
		.get();
	db.insert(escalationStep).values({ escalationId: row.id, fromState: null, toState: 'proposed', byUserId: actor.id, at: now, note: input.note }).run();
	// The case timeline says only that it was escalated where the route is visible; shared content.
	audit.record(db, { userId: actor.id, action: 'create', objectType: 'escalation', objectId: row.id, clientAddress, detail: `casus ${caseId} ${input.target}` }, now);
	return row;
}

function applyStep(db: DbOrTx, e: Escalation, to: EscalationState, userId: number, now: Date, note: string | null, decisionId: number | null) {
	const closing = !isOpen(e.target, to);
	db.update(escalation)
		.set({ state: to, stateSince: now, closedAt: closing ? now : null })
		.where(eq(escalation.id, e.id))
		.run();
	db.insert(escalationStep).values({ escalationId: e.id, fromState: e.state, toState: to, byUserId: userId, at: now, note, decisionId }).run();
	if (e.target === 'zvh' && to === 'submitted') {
		// Once submitted, the case is on the ZVH case meeting's table: that is what escalating means.
		for (const t of db.select({ id: deliberationTable.id, name: deliberationTable.name }).from(deliberationTable).where(eq(deliberationTable.kind, 'zvh')).all()) {
			const on = db.select().from(caseTable).where(and(eq(caseTable.caseId, e.caseId), eq(caseTable.tableId, t.id))).get();
			if (!on) {
				db.insert(caseTable).values({ caseId: e.caseId, tableId: t.id, addedAt: now, addedBy: userId }).run();
				db.insert(caseEvent).values({ caseId: e.caseId, at: now, userId, kind: 'table_added', compartment: 'shared', detail: t.name }).run();
			}
		}
	}
	if (e.target === 'zvh' && (to === 'de_escalated' || to === 'completed')) {
		// The ZVH's part ends: its case meeting no longer needs (and so no longer gets) the case.
		for (const t of db.select({ id: deliberationTable.id, name: deliberationTable.name }).from(deliberationTable).where(eq(deliberationTable.kind, 'zvh')).all()) {
			if (t.id === e.fromTableId) continue;
			const removed = db.delete(caseTable).where(and(eq(caseTable.caseId, e.caseId), eq(caseTable.tableId, t.id))).run();
			if (removed.changes > 0) db.insert(caseEvent).values({ caseId: e.caseId, at: now, userId, kind: 'table_removed', compartment: 'shared', detail: t.name }).run();
		}
		collabEvents.emit('access-changed', { caseId: e.caseId });
	}
	const phase = e.target === 'zvh' ? ZVH_PHASE[to] : undefined;
	if (phase !== undefined) {
		const row = db.select({ avePhase: caseFile.avePhase }).from(caseFile).where(eq(caseFile.id, e.caseId)).get();
		const next = to === 'de_escalated' ? phase : Math.max(phase, row?.avePhase ?? 1);
		if (row && row.avePhase !== next) {
			db.update(caseFile).set({ avePhase: next }).where(eq(caseFile.id, e.caseId)).run();
			db.insert(casePhase).values({ caseId: e.caseId, phase: next, at: now, byUserId: userId, note: `ZVH: ${to}` }).run();
			db.insert(caseEvent).values({ caseId: e.caseId, at: now, userId, kind: 'phase', compartment: 'shared', detail: `${row.avePhase} → ${next}` }).run();
		}
	}
}

/** Takes the next step on the route. A decision, when given, must belong to a table on the route and this case. */
export function transition(db: DbOrTx, actor: Actor, raw: unknown, now: Date, clientAddress: string | null = null): Escalation {
	const input = parse(
		z.object({ escalationId: id('opschaling'), to: oneOf(['proposed', 'on_avo_agenda', 'avo_advice', 'accepted', 'declined', 'riec_in_progress', 'completed', 'returned', 'submitted', 'triage', 'case_meeting', 'process_direction', 'de_escalated'] as const, m.field_status()), note: optionalText(m.field_note(), 2000), decisionId: optionalId(m.field_decision().toLowerCase()) }),
		raw
	);
	const e = load(db, input.escalationId);
	if (!maySee(db, actor, e)) throw new NotFoundError(m.err_not_found());
	if (!nextStates(e.target, e.state).includes(input.to)) throw new ConflictError(m.err_escalation_transition());
	if (!mayStep(db, actor, e, input.to)) {
		// On the route, but this step belongs to another table: a denial, logged (not in a transaction).
		audit.record(db, { userId: actor.id, action: 'denied', objectType: 'escalation', objectId: e.id, clientAddress, detail: `stap ${e.state} → ${input.to} hoort bij een andere tafel` }, now);
		throw new ValidationError(m.err_escalation_not_yours(), { to: m.err_escalation_not_yours() });
	}
	if ((input.to === 'returned' || input.to === 'declined') && !input.note) throw new ValidationError(m.err_escalation_note_required(), { note: m.err_escalation_note_required() });
	if (input.decisionId !== null) {
		const d = db.select().from(decision).where(eq(decision.id, input.decisionId)).get();
		if (!d || d.caseId !== e.caseId || !routeTables(db, e).includes(d.tableId)) {
			throw new ValidationError(m.err_escalation_decision(), { decisionId: m.err_escalation_decision() });
		}
	}
	applyStep(db, e, input.to, actor.id, now, input.note, input.decisionId);
	audit.record(db, { userId: actor.id, action: 'update', objectType: 'escalation', objectId: e.id, clientAddress, detail: `${e.state} → ${input.to}` }, now);
	return load(db, e.id);
}

/**
 * Moves escalations when something happens at a table: a case put on the AVO agenda, or a
 * decision of kind "escalate to RIEC/ZVH" at the right table (called by the meetings module).
 */
export function onTableEvent(
	db: DbOrTx,
	event: { kind: 'agenda'; tableKind: string; caseId: number } | { kind: 'decision'; tableKind: string; tableId: number; caseId: number; decisionKind: string; decisionId: number },
	userId: number,
	now: Date
): void {
	const open = db.select().from(escalation).where(and(eq(escalation.caseId, event.caseId), isNull(escalation.closedAt))).all();
	for (const e of open) {
		let to: EscalationState | null = null;
		if (event.kind === 'agenda' && e.target === 'riec' && event.tableKind === 'avo' && e.state === 'proposed') to = 'on_avo_agenda';
		if (event.kind === 'decision' && event.decisionKind === 'escalate_riec' && e.target === 'riec') {
			if (event.tableKind === 'avo' && (e.state === 'proposed' || e.state === 'on_avo_agenda')) {
				if (e.state === 'proposed') applyStep(db, { ...e }, 'on_avo_agenda', userId, now, null, null);
				to = 'avo_advice';
				e.state = 'on_avo_agenda';
			}
			if (event.tableKind === 'stuurtafel' && e.state === 'avo_advice') to = 'accepted';
		}
		if (event.kind === 'decision' && event.decisionKind === 'escalate_zvh' && e.target === 'zvh' && e.state === 'proposed' && e.fromTableId === event.tableId) to = 'submitted';
		if (to) applyStep(db, e, to, userId, now, null, event.kind === 'decision' ? event.decisionId : null);
	}
}

// ---------------------------------------------------------------------------------------------
// The board

export interface EscalationRow {
	id: number;
	caseId: number;
	caseReference: string;
	subjectLabel: string;
	target: Target;
	state: EscalationState;
	stateSince: Date;
	daysInState: number;
	dueDate: string | null;
	overdue: boolean;
	open: boolean;
	next: EscalationState[];
	/** Whether the viewer's tables have the next step. */
	waitingOnMe: boolean;
	fromTable: string | null;
}

/** The escalations the actor sees, open first, overdue first. */
export function board(db: DbOrTx, actor: Actor, filter: { target?: string; state?: string; open?: boolean }, now: Date): EscalationRow[] {
	if (isGuardian(actor) || actor.memberships.length === 0) return [];
	const rows = db
		.select({ escalation, reference: caseFile.reference, label: subject.label, fromTable: deliberationTable.name })
		.from(escalation)
		.innerJoin(caseFile, eq(caseFile.id, escalation.caseId))
		.innerJoin(subject, eq(subject.id, caseFile.subjectId))
		.leftJoin(deliberationTable, eq(deliberationTable.id, escalation.fromTableId))
		.orderBy(asc(escalation.stateSince))
		.all();
	const n = norms();
	const out: EscalationRow[] = [];
	for (const r of rows) {
		const e = r.escalation;
		if (filter.target && e.target !== filter.target) continue;
		if (filter.state && e.state !== filter.state) continue;
		const open = isOpen(e.target, e.state);
		if (filter.open !== undefined && open !== filter.open) continue;
		if (!maySee(db, actor, e)) continue;
		const norm = open ? n[e.state] : undefined;
		const due = norm ? dutchDate(new Date(e.stateSince.getTime() + norm * 86_400_000)) : null;
		const next = nextStates(e.target, e.state);
		out.push({
			id: e.id,
			caseId: e.caseId,
			caseReference: r.reference,
			subjectLabel: r.label,
			target: e.target,
			state: e.state,
			stateSince: e.stateSince,
			daysInState: daysIn(e.stateSince, now),
			dueDate: due,
			overdue: due !== null && due < dutchDate(now),
			open,
			next,
			waitingOnMe: next.some((to) => mayStep(db, actor, e, to)),
			fromTable: r.fromTable
		});
	}
	return out.sort((a, b) => Number(b.open) - Number(a.open) || Number(b.overdue) - Number(a.overdue) || b.daysInState - a.daysInState);
}

export interface EscalationView {
	row: EscalationRow;
	steps: Array<{ fromState: EscalationState | null; toState: EscalationState; at: Date; byName: string | null; note: string | null; decisionText: string | null }>;
	decisions: Array<{ id: number; text: string; tableName: string }>;
}

/** One escalation with its timeline, if the actor sees it; the view is logged. */
export function get(db: DbOrTx, actor: Actor, escalationId: number, now: Date, clientAddress: string | null = null): EscalationView {
	const e = load(db, escalationId);
	if (!maySee(db, actor, e)) throw new NotFoundError(m.err_not_found());
	const row = board(db, actor, {}, now).find((r) => r.id === escalationId)!;
	const steps = db
		.select({ step: escalationStep, byName: user.name, decisionText: decision.text })
		.from(escalationStep)
		.leftJoin(user, eq(user.id, escalationStep.byUserId))
		.leftJoin(decision, eq(decision.id, escalationStep.decisionId))
		.where(eq(escalationStep.escalationId, escalationId))
		.orderBy(asc(escalationStep.at), asc(escalationStep.id))
		.all()
		.map((s) => ({ fromState: s.step.fromState, toState: s.step.toState, at: s.step.at, byName: s.byName, note: s.step.note, decisionText: s.decisionText }));
	// The decisions a step may cite: of this case, at a table on the route, and only those of the
	// viewer's own tables (decisions are seen only through their table, DESIGN.md §3.3); none for
	// someone whose step it is not.
	const tables = routeTables(db, e).filter((t) => actor.memberships.some((ms) => ms.tableId === t));
	const decisions = row.waitingOnMe
		? db
				.select({ id: decision.id, text: decision.text, tableName: deliberationTable.name })
				.from(decision)
				.innerJoin(deliberationTable, eq(deliberationTable.id, decision.tableId))
				.where(and(eq(decision.caseId, e.caseId), inArray(decision.tableId, tables)))
				.all()
		: [];
	audit.record(db, { userId: actor.id, action: 'view', objectType: 'escalation', objectId: escalationId, clientAddress }, now);
	return { row, steps, decisions };
}

/** The escalations of one case the actor sees (for the case page). */
export function forCase(db: DbOrTx, actor: Actor, caseId: number, now: Date): EscalationRow[] {
	return board(db, actor, {}, now).filter((r) => r.caseId === caseId);
}
