/**
 * Evaluation figures (DOMAIN.md "Evaluation"): counts over what the viewer may see — signals of
 * their municipality's inbox, cases they reach (care figures only where they see the zorg
 * compartment), escalations on their tables' routes. No names, no free text.
 */
import { and, asc, eq, gte, inArray, lt } from 'drizzle-orm';
import type { DbOrTx } from './db';
import { caseAction, caseZorg, signal, signalEvent, subject, caseFile } from './db/schema';
import * as cases from './cases';
import * as escalations from './escalations';
import * as audit from './audit';
import { ViewLedger, type Ctx } from './context';
import { signalInboxScope } from './policy';
import { daysIn } from '../domain/escalations';
import { dutchDate } from '../dates';

export interface Figures {
	period: { from: string; until: string };
	signals: {
		total: number;
		bySource: Record<string, number>;
		byForm: Record<string, number>;
		medianDaysToAction: number | null;
		handled: number;
	} | null;
	cases: {
		total: number;
		byKind: Record<string, number>;
		byForm: Record<string, number>;
		byResidence: Record<string, number>;
	};
	comensha: { seen: number; byStatus: Record<string, number> } | null;
	escalations: { byTarget: Record<string, Record<string, number>>; meanDaysInState: Record<string, number> };
	actions: { total: number; done: number; doneOnTime: number; overdue: number };
}

function count<T>(items: T[], key: (t: T) => string | string[] | null): Record<string, number> {
	const out: Record<string, number> = {};
	for (const item of items) {
		const k = key(item);
		for (const one of Array.isArray(k) ? k : k === null ? [] : [k]) out[one] = (out[one] ?? 0) + 1;
	}
	return out;
}

function median(values: number[]): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : Math.round(((sorted[mid - 1] + sorted[mid]) / 2) * 10) / 10;
}

/** The figures for a period (inclusive dates in Dutch time), logged as one search (see above). */
export function figures(db: DbOrTx, ctx: Ctx, from: Date, until: Date): Figures {
	const { actor, now } = ctx;
	const quiet: Ctx = { ...ctx, views: new ViewLedger() };
	const scope = signalInboxScope(actor);
	let signals: Figures['signals'] = null;
	if (scope.length) {
		const rows = db
			.select()
			.from(signal)
			.where(
				and(inArray(signal.municipality, scope), gte(signal.receivedAt, from), lt(signal.receivedAt, until))
			)
			.all();
		const firstAction = new Map<number, Date>();
		if (rows.length) {
			for (const e of db
				.select({ signalId: signalEvent.signalId, at: signalEvent.at, kind: signalEvent.kind })
				.from(signalEvent)
				.where(
					inArray(
						signalEvent.signalId,
						rows.map((r) => r.id)
					)
				)
				.orderBy(asc(signalEvent.at))
				.all()) {
				if (e.kind !== 'received' && !firstAction.has(e.signalId)) firstAction.set(e.signalId, e.at);
			}
		}
		signals = {
			total: rows.length,
			bySource: count(rows, (r) => r.source),
			byForm: count(rows, (r) => (r.forms.length ? r.forms : ['unknown'])),
			medianDaysToAction: median(
				rows
					.filter((r) => firstAction.has(r.id))
					.map(
						(r) =>
							Math.round(((firstAction.get(r.id)!.getTime() - r.receivedAt.getTime()) / 86_400_000) * 10) / 10
					)
			),
			handled: rows.filter((r) => r.status !== 'received' && r.status !== 'in_triage').length
		};
	}

	const reached = cases.reachableIds(db, actor);
	const inPeriod = reached.length
		? db
				.select({
					id: caseFile.id,
					kind: caseFile.kind,
					forms: caseFile.forms,
					residence: subject.residenceCategory,
					subjectKind: subject.kind
				})
				.from(caseFile)
				.innerJoin(subject, eq(subject.id, caseFile.subjectId))
				.where(
					and(inArray(caseFile.id, reached), gte(caseFile.createdAt, from), lt(caseFile.createdAt, until))
				)
				.all()
		: [];
	const withZorg = inPeriod.filter(
		(c) => cases.reachOrNull(db, actor, c.id)?.access.compartments.has('zorg') && c.kind === 'victim'
	);
	const comenshaRows = withZorg.length
		? db
				.select({ comensha: caseZorg.comensha })
				.from(caseZorg)
				.where(
					inArray(
						caseZorg.caseId,
						withZorg.map((c) => c.id)
					)
				)
				.all()
		: [];

	const board = escalations
		.board(db, quiet, {})
		.filter((e) => e.open || (e.stateSince >= from && e.stateSince < until));
	const byTarget: Figures['escalations']['byTarget'] = {};
	for (const e of board) {
		byTarget[e.target] ??= {};
		byTarget[e.target][e.state] = (byTarget[e.target][e.state] ?? 0) + 1;
	}
	const days = new Map<string, number[]>();
	for (const e of board.filter((x) => x.open))
		days.set(e.state, [...(days.get(e.state) ?? []), daysIn(e.stateSince, now)]);
	const meanDaysInState = Object.fromEntries(
		[...days].map(([state, list]) => [
			state,
			Math.round((list.reduce((a, b) => a + b, 0) / list.length) * 10) / 10
		])
	);

	const actionRows = reached.length
		? db
				.select({
					caseId: caseAction.caseId,
					compartment: caseAction.compartment,
					status: caseAction.status,
					dueDate: caseAction.dueDate,
					updatedAt: caseAction.updatedAt
				})
				.from(caseAction)
				.where(
					and(
						inArray(caseAction.caseId, reached),
						gte(caseAction.createdAt, from),
						lt(caseAction.createdAt, until)
					)
				)
				.all()
				.filter((a) => cases.reachOrNull(db, actor, a.caseId)?.access.compartments.has(a.compartment))
		: [];
	const today = dutchDate(now);
	const fed = new Set<string>();
	if (inPeriod.length || board.length) fed.add('shared');
	if (withZorg.length) fed.add('zorg');
	for (const a of actionRows) fed.add(a.compartment);
	const period = { from: dutchDate(from), until: dutchDate(new Date(until.getTime() - 1)) };
	audit.viewed(ctx, {
		action: 'search',
		objectType: 'report',
		objectId: null,
		compartments: [...fed],
		detail: `evaluatie ${period.from} t/m ${period.until}`
	});
	return {
		period,
		signals,
		cases: {
			total: inPeriod.length,
			byKind: count(inPeriod, (c) => c.kind),
			byForm: count(inPeriod, (c) => (c.forms.length ? c.forms : ['unknown'])),
			byResidence: count(
				inPeriod.filter((c) => c.subjectKind === 'person'),
				(c) => c.residence ?? 'unknown'
			)
		},
		comensha: withZorg.length
			? { seen: withZorg.length, byStatus: count(comenshaRows, (r) => r.comensha) }
			: null,
		escalations: { byTarget, meanDaysInState },
		actions: {
			total: actionRows.length,
			done: actionRows.filter((a) => a.status === 'done').length,
			doneOnTime: actionRows.filter(
				(a) => a.status === 'done' && (!a.dueDate || dutchDate(a.updatedAt) <= a.dueDate)
			).length,
			overdue: actionRows.filter(
				(a) => (a.status === 'open' || a.status === 'in_progress') && a.dueDate !== null && a.dueDate < today
			).length
		}
	};
}
