/**
 * Reading escalations: the board, one escalation with its steps, a case's routes and the export.
 * Each reader notes what it returned in the request's view ledger (the board and the export show
 * reference, subject and state: shared case content).
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { m } from '../../paraglide/messages.js';
import type { DbOrTx } from '../db';
import {
	caseFile,
	decision,
	deliberationTable,
	escalation,
	escalationStep,
	subject,
	user
} from '../db/schema';
import { daysIn, isOpen, nextStates, type EscalationState, type Target } from '../../domain/escalations';
import * as audit from '../audit';
import type { Ctx } from '../context';
import { NotFoundError } from '../errors';
import {
	citableDecisionTables,
	isGuardian,
	maySeeCitedDecision,
	mayStepEscalation,
	routeTables
} from '../policy';
import { dutchDate } from '../../dates';
import { load, norms, sees, tableFacts } from './facts';

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

export interface BoardFilter {
	target?: string;
	state?: string;
	open?: boolean;
}

function idList(rows: ReadonlyArray<{ id: number }>): string {
	return rows.length ? rows.map((r) => r.id).join(',') : '–';
}

/**
 * The escalations the actor sees, open first, overdue first, WITHOUT noting a view: for figures
 * that show counts only (the reports page) and for the readers below, which note what they show.
 */
export function visibleRows(db: DbOrTx, ctx: Ctx, filter: BoardFilter = {}): EscalationRow[] {
	const { actor, now } = ctx;
	if (isGuardian(actor) || actor.memberships.length === 0) return [];
	const rows = db
		.select({
			escalation,
			reference: caseFile.reference,
			label: subject.label,
			fromTable: deliberationTable.name
		})
		.from(escalation)
		.innerJoin(caseFile, eq(caseFile.id, escalation.caseId))
		.innerJoin(subject, eq(subject.id, caseFile.subjectId))
		.leftJoin(deliberationTable, eq(deliberationTable.id, escalation.fromTableId))
		.orderBy(asc(escalation.stateSince))
		.all();
	const n = norms();
	const tables = tableFacts(db);
	const out: EscalationRow[] = [];
	for (const r of rows) {
		const e = r.escalation;
		if (filter.target && e.target !== filter.target) continue;
		if (filter.state && e.state !== filter.state) continue;
		const open = isOpen(e.target, e.state);
		if (filter.open !== undefined && open !== filter.open) continue;
		if (!sees(db, ctx, e, tables)) continue;
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
			waitingOnMe: next.some((to) => mayStepEscalation(actor, e, to)),
			fromTable: r.fromTable
		});
	}
	return out.sort(
		(a, b) =>
			Number(b.open) - Number(a.open) ||
			Number(b.overdue) - Number(a.overdue) ||
			b.daysInState - a.daysInState
	);
}

/** The board: the escalations the actor sees (reference, subject, state), noted as one list view. */
export function board(db: DbOrTx, ctx: Ctx, filter: BoardFilter = {}): EscalationRow[] {
	const rows = visibleRows(db, ctx, filter);
	audit.viewed(ctx, {
		action: 'view',
		objectType: 'escalation',
		objectId: null,
		compartments: rows.length ? ['shared'] : [],
		detail: `opschalingen: ${idList(rows)}`
	});
	return rows;
}

/** The open escalations whose next step is the actor's (the start page, the decisions page), noted as one list view. */
export function waitingOnMe(db: DbOrTx, ctx: Ctx): EscalationRow[] {
	const rows = visibleRows(db, ctx, { open: true }).filter((r) => r.waitingOnMe);
	audit.viewed(ctx, {
		action: 'view',
		objectType: 'escalation',
		objectId: null,
		compartments: rows.length ? ['shared'] : [],
		detail: `opschalingen wachtend op mij: ${idList(rows)}`
	});
	return rows;
}

/** The board as an export (the CSV), noted as an export of the rows it holds. */
export function exportBoard(db: DbOrTx, ctx: Ctx, filter: BoardFilter = {}): EscalationRow[] {
	const rows = visibleRows(db, ctx, filter);
	audit.viewed(ctx, {
		action: 'export',
		objectType: 'escalation',
		objectId: null,
		compartments: rows.length ? ['shared'] : [],
		detail: `opschalingen (${rows.length}): ${idList(rows)}`
	});
	return rows;
}

/** The escalations of one case the actor sees (for the case page), noted as a list view. */
export function forCase(db: DbOrTx, ctx: Ctx, caseId: number): EscalationRow[] {
	const rows = visibleRows(db, ctx, {}).filter((r) => r.caseId === caseId);
	if (rows.length)
		audit.viewed(ctx, {
			action: 'view',
			objectType: 'escalation',
			objectId: null,
			compartments: ['shared'],
			detail: `opschalingen van casus ${caseId}: ${idList(rows)}`
		});
	return rows;
}

export interface EscalationStepView {
	fromState: EscalationState | null;
	toState: EscalationState;
	at: Date;
	byName: string | null;
	note: string | null;
	/** The text of the decision the step came from, only for who sees that decision's table (§3.3). */
	decisionText: string | null;
}

export interface EscalationView {
	row: EscalationRow;
	/** The version the step form carries (no silent overwrite). */
	version: number;
	steps: EscalationStepView[];
	decisions: Array<{ id: number; text: string; tableName: string }>;
}

/** One escalation with its timeline, if the actor sees it; the view is noted. */
export function get(db: DbOrTx, ctx: Ctx, escalationId: number): EscalationView {
	const { actor } = ctx;
	const e = load(db, escalationId);
	const tables = tableFacts(db);
	if (!sees(db, ctx, e, tables)) throw new NotFoundError(m.err_not_found());
	const row = visibleRows(db, ctx, {}).find((r) => r.id === escalationId)!;
	const steps = db
		.select({
			step: escalationStep,
			byName: user.name,
			decisionText: decision.text,
			decisionTableId: decision.tableId
		})
		.from(escalationStep)
		.leftJoin(user, eq(user.id, escalationStep.byUserId))
		.leftJoin(decision, eq(decision.id, escalationStep.decisionId))
		.where(eq(escalationStep.escalationId, escalationId))
		.orderBy(asc(escalationStep.at), asc(escalationStep.id))
		.all()
		.map((s) => ({
			fromState: s.step.fromState,
			toState: s.step.toState,
			at: s.step.at,
			byName: s.byName,
			note: s.step.note,
			// The step keeps its state and date; the decision's text only for its own table (§3.3).
			decisionText:
				s.decisionTableId !== null && maySeeCitedDecision(actor, s.decisionTableId) ? s.decisionText : null
		}));
	// The decisions a step may cite: of this case, at a route table the viewer sits at; none for
	// someone whose step it is not.
	const citable = citableDecisionTables(actor, routeTables(e, tables));
	const decisions =
		row.waitingOnMe && citable.length
			? db
					.select({ id: decision.id, text: decision.text, tableName: deliberationTable.name })
					.from(decision)
					.innerJoin(deliberationTable, eq(deliberationTable.id, decision.tableId))
					.where(and(eq(decision.caseId, e.caseId), inArray(decision.tableId, citable)))
					.all()
			: [];
	audit.viewed(ctx, {
		action: 'view',
		objectType: 'escalation',
		objectId: escalationId,
		compartments: ['shared'],
		detail: decisions.length || steps.some((s) => s.decisionText) ? 'met besluiten van eigen tafels' : null
	});
	return { row, version: e.version, steps, decisions };
}
