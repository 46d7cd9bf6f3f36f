/** The case list: the cases the actor reaches, filtered and searched; each search is noted as one. */
import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import {
	caseFile,
	caseTable,
	deliberationTable,
	subject,
	user,
	type CaseFile,
	type Compartment,
	type Subject
} from '../db/schema';
import type { Ctx } from '../context';
import * as audit from '../audit';
import { CASE_KINDS, CASE_STATUSES, DEADLINE_SOON_DAYS } from '../../domain/cases';
import { FORMS } from '../../domain/signals';
import { daysUntil, dutchDate } from '../../dates';
import { reachableCases, type Reached } from './reach';

export interface CaseFilter {
	kind?: string;
	status?: string;
	form?: string;
	tableId?: number;
	ownerId?: number;
	deadlineSoon?: boolean;
	q?: string;
}

export interface CaseListRow {
	id: number;
	reference: string;
	kind: CaseFile['kind'];
	status: CaseFile['status'];
	forms: CaseFile['forms'];
	avePhase: number;
	subjectLabel: string;
	subjectKind: Subject['kind'];
	ownerName: string | null;
	tables: string[];
	nextDeadline: { which: 'reflection' | 'cosm'; date: string; days: number } | null;
	deadlineSoon: boolean;
	compartments: Compartment[];
}

function nextDeadline(row: CaseFile, today: string): CaseListRow['nextDeadline'] {
	const candidates = [
		row.reflectionEnd ? { which: 'reflection' as const, date: row.reflectionEnd } : null,
		row.cosmEnd ? { which: 'cosm' as const, date: row.cosmEnd } : null
	].filter((x): x is { which: 'reflection' | 'cosm'; date: string } => x !== null && x.date >= today);
	candidates.sort((a, b) => a.date.localeCompare(b.date));
	const first = candidates[0];
	return first ? { ...first, days: daysUntil(first.date, today) } : null;
}

/** A reached case as a list row (shared content only: reference, subject, owner, tables, deadline). */
export function toListRow(db: DbOrTx, r: Reached, today: string): CaseListRow {
	const subj = db.select().from(subject).where(eq(subject.id, r.row.subjectId)).get()!;
	const owner = r.row.ownerId
		? db.select({ name: user.name }).from(user).where(eq(user.id, r.row.ownerId)).get()
		: undefined;
	const tables = r.facts.tableIds.length
		? db
				.select({ name: deliberationTable.name })
				.from(deliberationTable)
				.where(inArray(deliberationTable.id, r.facts.tableIds))
				.all()
				.map((t) => t.name)
		: [];
	const next = r.row.status === 'closed' ? null : nextDeadline(r.row, today);
	return {
		id: r.row.id,
		reference: r.row.reference,
		kind: r.row.kind,
		status: r.row.status,
		forms: r.row.forms,
		avePhase: r.row.avePhase,
		subjectLabel: subj.label,
		subjectKind: subj.kind,
		ownerName: owner?.name ?? null,
		tables,
		nextDeadline: next,
		deadlineSoon: next !== null && next.days <= DEADLINE_SOON_DAYS,
		compartments: [...r.access.compartments]
	};
}

/** The cases the actor reaches, filtered and searched; noted as a search naming the filter and the ids shown. */
export function list(db: DbOrTx, ctx: Ctx, filter: CaseFilter): CaseListRow[] {
	const today = dutchDate(ctx.now);
	const conditions: SQL[] = [];
	if (filter.kind && (CASE_KINDS as readonly string[]).includes(filter.kind))
		conditions.push(eq(caseFile.kind, filter.kind as CaseFile['kind']));
	if (filter.status && (CASE_STATUSES as readonly string[]).includes(filter.status)) {
		conditions.push(eq(caseFile.status, filter.status as CaseFile['status']));
	}
	if (filter.form && (FORMS as readonly string[]).includes(filter.form)) {
		conditions.push(sql`exists (select 1 from json_each(${caseFile.forms}) where value = ${filter.form})`);
	}
	if (filter.tableId) {
		conditions.push(
			inArray(
				caseFile.id,
				sql`(select ${caseTable.caseId} from ${caseTable} where ${caseTable.tableId} = ${filter.tableId})`
			)
		);
	}
	if (filter.ownerId) conditions.push(eq(caseFile.ownerId, filter.ownerId));
	const q = filter.q?.trim().slice(0, 80);
	if (q) {
		const pattern = `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
		conditions.push(
			or(
				sql`${caseFile.reference} like ${pattern} escape '\\'`,
				inArray(
					caseFile.subjectId,
					sql`(select ${subject.id} from ${subject} where ${subject.label} like ${pattern} escape '\\')`
				)
			)!
		);
	}
	const reached = reachableCases(db, ctx, conditions.length ? and(...conditions) : undefined);
	const rows = reached
		.map((r) => toListRow(db, r, today))
		.filter((r) => !filter.deadlineSoon || r.deadlineSoon);
	const described = Object.entries(filter)
		.filter(([, v]) => v !== undefined && v !== '' && v !== false)
		.map(([k, v]) => `${k}=${String(v)}`)
		.join('&');
	// A search is logged even when it finds nothing (§3.6): what was asked, and which cases it showed.
	audit.viewed(ctx, {
		action: 'search',
		objectType: 'case',
		objectId: null,
		compartments: ['shared'],
		detail: `${described || 'alle'}: casussen ${listed(rows)}`
	});
	return rows;
}

/** The ids of a list for a log detail. */
export function listed(rows: ReadonlyArray<{ id: number }>): string {
	return rows.length ? rows.map((r) => r.id).join(',') : '–';
}
