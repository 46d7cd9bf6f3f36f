/**
 * Proposing and stepping an escalation. Each change is one transaction: the escalation, its step,
 * what the step does to the case (tables, AVE phase, timeline) and the access-log row commit
 * together or not at all.
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '../../paraglide/messages.js';
import type { DbOrTx } from '../db';
import {
	caseEvent,
	caseFile,
	casePhase,
	caseTable,
	decision,
	deliberationTable,
	escalation,
	escalationStep,
	user,
	type Escalation
} from '../db/schema';
import { TARGETS, ZVH_PHASE, isOpen, nextStates, type EscalationState } from '../../domain/escalations';
import * as audit from '../audit';
import * as cases from '../cases';
import type { Ctx } from '../context';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { collabEvents } from '../events';
import {
	defaultEscalatingTable,
	mayCiteDecision,
	mayEscalateFrom,
	mayManageCase,
	mayProposeRiec,
	mayStepEscalation,
	routeTables
} from '../policy';
import { id, oneOf, optionalId, optionalText, parse } from '../validation';
import { expectVersion } from '../versions';
import { load, sees, tableFacts } from './facts';

/** Proposes an escalation of a case. RIEC for perpetrator cases; the ZVH for any case. */
export function propose(db: DbOrTx, ctx: Ctx, caseId: number, raw: unknown): Escalation {
	const { actor, now } = ctx;
	return db.transaction((tx) => {
		const reached = cases.reach(tx, actor, caseId);
		if (!mayManageCase(actor, reached.facts)) throw new NotFoundError(m.err_not_found());
		const input = parse(
			z.object({
				target: oneOf(TARGETS, m.field_escalation_target()),
				fromTableId: optionalId(m.field_table().toLowerCase()),
				note: optionalText(m.field_note(), 2000, { multiline: true })
			}),
			raw
		);
		if (reached.facts.closed) throw new ConflictError(m.err_escalate_closed());
		if (input.target === 'riec' && reached.row.kind !== 'perpetrator')
			throw new ValidationError(m.err_riec_perpetrator_only(), { target: m.err_riec_perpetrator_only() });
		const open = tx
			.select()
			.from(escalation)
			.where(
				and(eq(escalation.caseId, caseId), eq(escalation.target, input.target), isNull(escalation.closedAt))
			)
			.get();
		if (open) throw new ConflictError(m.err_escalation_open_exists());
		let fromTableId: number | null = null;
		if (input.target === 'zvh') {
			fromTableId = input.fromTableId ?? defaultEscalatingTable(actor, reached.access.viaTables);
			if (!mayEscalateFrom(actor, reached.facts.tableIds, fromTableId)) {
				throw new ValidationError(m.err_escalation_from_table(), {
					fromTableId: m.err_escalation_from_table()
				});
			}
		} else if (!mayProposeRiec(actor)) {
			// Whoever proposes an RIEC route must be able to see it: they sit at the AVO or Stuurtafel.
			throw new ValidationError(m.err_escalation_not_on_route(), { target: m.err_escalation_not_on_route() });
		}
		const row = tx
			.insert(escalation)
			.values({
				caseId,
				target: input.target,
				state: 'proposed',
				stateSince: now,
				fromTableId,
				openedBy: actor.id,
				openedAt: now
			})
			.returning()
			.get();
		tx.insert(escalationStep)
			.values({
				escalationId: row.id,
				fromState: null,
				toState: 'proposed',
				byUserId: actor.id,
				at: now,
				note: input.note
			})
			.run();
		audit.changed(tx, ctx, {
			action: 'create',
			objectType: 'escalation',
			objectId: row.id,
			compartment: 'shared',
			detail: `casus ${caseId} ${input.target}`
		});
		return row;
	});
}

/** Writes one step and what it does to the case (tables, AVE phase, timeline); bumps the version. */
function applyStep(
	db: DbOrTx,
	e: Escalation,
	to: EscalationState,
	userId: number,
	now: Date,
	note: string | null,
	decisionId: number | null
) {
	const closing = !isOpen(e.target, to);
	db.update(escalation)
		.set({ state: to, stateSince: now, closedAt: closing ? now : null, version: e.version + 1 })
		.where(eq(escalation.id, e.id))
		.run();
	db.insert(escalationStep)
		.values({
			escalationId: e.id,
			fromState: e.state,
			toState: to,
			byUserId: userId,
			at: now,
			note,
			decisionId
		})
		.run();
	if (e.target === 'zvh' && to === 'submitted') {
		// Once submitted, the case is on the ZVH case meeting's table: that is what escalating means.
		for (const t of db
			.select({ id: deliberationTable.id, name: deliberationTable.name })
			.from(deliberationTable)
			.where(eq(deliberationTable.kind, 'zvh'))
			.all()) {
			const on = db
				.select()
				.from(caseTable)
				.where(and(eq(caseTable.caseId, e.caseId), eq(caseTable.tableId, t.id)))
				.get();
			if (!on) {
				db.insert(caseTable).values({ caseId: e.caseId, tableId: t.id, addedAt: now, addedBy: userId }).run();
				db.insert(caseEvent)
					.values({
						caseId: e.caseId,
						at: now,
						userId,
						kind: 'table_added',
						compartment: 'shared',
						detail: t.name
					})
					.run();
			}
		}
	}
	if (e.target === 'zvh' && (to === 'de_escalated' || to === 'completed')) {
		// The ZVH's part ends: its case meeting no longer needs (and so no longer gets) the case.
		for (const t of db
			.select({ id: deliberationTable.id, name: deliberationTable.name })
			.from(deliberationTable)
			.where(eq(deliberationTable.kind, 'zvh'))
			.all()) {
			if (t.id === e.fromTableId) continue;
			const removed = db
				.delete(caseTable)
				.where(and(eq(caseTable.caseId, e.caseId), eq(caseTable.tableId, t.id)))
				.run();
			if (removed.changes > 0)
				db.insert(caseEvent)
					.values({
						caseId: e.caseId,
						at: now,
						userId,
						kind: 'table_removed',
						compartment: 'shared',
						detail: t.name
					})
					.run();
		}
		collabEvents.emit('access-changed', { caseId: e.caseId });
	}
	const phase = e.target === 'zvh' ? ZVH_PHASE[to] : undefined;
	if (phase !== undefined) {
		const row = db
			.select({ avePhase: caseFile.avePhase, version: caseFile.version })
			.from(caseFile)
			.where(eq(caseFile.id, e.caseId))
			.get();
		const next = to === 'de_escalated' ? phase : Math.max(phase, row?.avePhase ?? 1);
		if (row && row.avePhase !== next) {
			// A phase form open elsewhere was loaded with the old phase: the bump makes it stale.
			db.update(caseFile)
				.set({ avePhase: next, version: row.version + 1 })
				.where(eq(caseFile.id, e.caseId))
				.run();
			db.insert(casePhase)
				.values({ caseId: e.caseId, phase: next, at: now, byUserId: userId, note: `ZVH: ${to}` })
				.run();
			db.insert(caseEvent)
				.values({
					caseId: e.caseId,
					at: now,
					userId,
					kind: 'phase',
					compartment: 'shared',
					detail: `${row.avePhase} → ${next}`
				})
				.run();
		}
	}
	e.version += 1;
}

const STEP_STATES = [
	'proposed',
	'on_avo_agenda',
	'avo_advice',
	'accepted',
	'declined',
	'riec_in_progress',
	'completed',
	'returned',
	'submitted',
	'triage',
	'case_meeting',
	'process_direction',
	'de_escalated'
] as const;

function stepInput() {
	return z.object({
		escalationId: id('opschaling'),
		to: oneOf(STEP_STATES, m.field_status()),
		note: optionalText(m.field_note(), 2000, { multiline: true }),
		decisionId: optionalId(m.field_decision().toLowerCase())
	});
}

/** Who took the last step, and when: for the "changed meanwhile" message. */
function lastStep(db: DbOrTx, escalationId: number): { by: string | null; at: Date | null } {
	const s = db
		.select({ at: escalationStep.at, name: user.name })
		.from(escalationStep)
		.leftJoin(user, eq(user.id, escalationStep.byUserId))
		.where(eq(escalationStep.escalationId, escalationId))
		.orderBy(desc(escalationStep.at), desc(escalationStep.id))
		.get();
	return { by: s?.name ?? null, at: s?.at ?? null };
}

function expectCurrent(db: DbOrTx, e: Escalation, raw: unknown) {
	// Only a step changes an escalation's version, and every step changes its state.
	expectVersion(raw, e.version, () => ({ ...lastStep(db, e.id), fields: [m.field_escalation_state()] }));
}

function postsVersion(raw: unknown): boolean {
	return !!raw && typeof raw === 'object' && (raw as Record<string, unknown>).version !== undefined;
}

/** The outcome of a step: taken, or refused because it belongs to another table on the route (logged as a denial). */
export type StepOutcome = { ok: true; escalation: Escalation } | { ok: false; refusal: string };

/**
 * Takes the next step on the route, in one transaction. A decision, when given, must be of this
 * case and of a route table the actor sits at. A step from an older version of the escalation
 * (someone stepped meanwhile) is refused. A step that belongs to another table of the route is
 * not thrown but returned as a refusal, so its denial row commits (a thrown error would roll it
 * back); `transition` throws it.
 */
export function step(db: DbOrTx, ctx: Ctx, raw: unknown): StepOutcome {
	const input = parse(stepInput(), raw);
	return db.transaction((tx): StepOutcome => {
		const e = load(tx, input.escalationId);
		const tables = tableFacts(tx);
		if (!sees(tx, ctx, e, tables)) throw new NotFoundError(m.err_not_found());
		// A stale form is told so before anything else: the state it shows is no longer the state.
		if (postsVersion(raw)) expectCurrent(tx, e, raw);
		if (!nextStates(e.target, e.state).includes(input.to))
			throw new ConflictError(m.err_escalation_transition());
		if (!mayStepEscalation(ctx.actor, e, input.to)) {
			audit.changed(tx, ctx, {
				action: 'denied',
				objectType: 'escalation',
				objectId: e.id,
				result: 'denied',
				detail: `stap ${e.state} → ${input.to} hoort bij een andere tafel`
			});
			return { ok: false, refusal: m.err_escalation_not_yours() };
		}
		if ((input.to === 'returned' || input.to === 'declined') && !input.note)
			throw new ValidationError(m.err_escalation_note_required(), { note: m.err_escalation_note_required() });
		if (input.decisionId !== null) {
			const d = tx
				.select({ caseId: decision.caseId, tableId: decision.tableId })
				.from(decision)
				.where(eq(decision.id, input.decisionId))
				.get();
			if (!mayCiteDecision(ctx.actor, d, e, routeTables(e, tables))) {
				throw new ValidationError(m.err_escalation_decision(), { decisionId: m.err_escalation_decision() });
			}
		}
		// A form without a version is refused too, after the checks above have said what they know.
		expectCurrent(tx, e, raw);
		const from = e.state;
		applyStep(tx, e, input.to, ctx.actor.id, ctx.now, input.note, input.decisionId);
		audit.changed(tx, ctx, {
			action: 'update',
			objectType: 'escalation',
			objectId: e.id,
			compartment: 'shared',
			detail: `${from} → ${input.to}`
		});
		return { ok: true, escalation: load(tx, e.id) };
	});
}

/** Takes the next step on the route (see `step`); a step of another table throws a ValidationError. */
export function transition(db: DbOrTx, ctx: Ctx, raw: unknown): Escalation {
	const outcome = step(db, ctx, raw);
	if (!outcome.ok) throw new ValidationError(outcome.refusal, { to: outcome.refusal });
	return outcome.escalation;
}

/** What happened at a table that may move an escalation. */
export type TableEvent =
	| { kind: 'agenda'; tableKind: string; caseId: number }
	| {
			kind: 'decision';
			tableKind: string;
			tableId: number;
			caseId: number;
			decisionKind: string;
			decisionId: number;
	  };

/**
 * Moves escalations when something happens at a table: a case put on the AVO agenda, or a
 * decision of kind "escalate to RIEC/ZVH" at the right table (called by the meetings module, in
 * the transaction of its change).
 */
export function onTableEvent(db: DbOrTx, ctx: Ctx, event: TableEvent): void {
	const { actor, now } = ctx;
	db.transaction((tx) => {
		const open = tx
			.select()
			.from(escalation)
			.where(and(eq(escalation.caseId, event.caseId), isNull(escalation.closedAt)))
			.all();
		for (const e of open) {
			const from = e.state;
			let to: EscalationState | null = null;
			if (
				event.kind === 'agenda' &&
				e.target === 'riec' &&
				event.tableKind === 'avo' &&
				e.state === 'proposed'
			)
				to = 'on_avo_agenda';
			if (event.kind === 'decision' && event.decisionKind === 'escalate_riec' && e.target === 'riec') {
				if (event.tableKind === 'avo' && (e.state === 'proposed' || e.state === 'on_avo_agenda')) {
					if (e.state === 'proposed') applyStep(tx, e, 'on_avo_agenda', actor.id, now, null, null);
					to = 'avo_advice';
					e.state = 'on_avo_agenda';
				}
				if (event.tableKind === 'stuurtafel' && e.state === 'avo_advice') to = 'accepted';
			}
			if (
				event.kind === 'decision' &&
				event.decisionKind === 'escalate_zvh' &&
				e.target === 'zvh' &&
				e.state === 'proposed' &&
				e.fromTableId === event.tableId
			)
				to = 'submitted';
			if (!to) continue;
			applyStep(tx, e, to, actor.id, now, null, event.kind === 'decision' ? event.decisionId : null);
			audit.changed(tx, ctx, {
				action: 'update',
				objectType: 'escalation',
				objectId: e.id,
				compartment: 'shared',
				detail: `${from} → ${to} (${event.kind === 'agenda' ? 'agenda' : `besluit ${event.decisionId}`})`
			});
		}
	});
}
