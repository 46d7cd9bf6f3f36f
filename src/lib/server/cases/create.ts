/**
 * Creating cases: from scratch, from a signal (which then becomes "converted" and links to the
 * case), or about a subject already in another case the actor reaches (then the cases are linked).
 */
import { eq, inArray, like, sql } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '../../paraglide/messages.js';
import type { DbOrTx } from '../db';
import {
	caseFile,
	casePhase,
	caseSignal,
	caseTable,
	caseVeiligheid,
	caseZorg,
	deliberationTable,
	subject,
	type CaseFile,
	type Subject
} from '../db/schema';
import type { Ctx } from '../context';
import * as audit from '../audit';
import * as signals from '../signals';
import { NotFoundError, ValidationError } from '../errors';
import { caseAccess, mayCreateCase } from '../policy';
import { id, oneOf, optionalDate, optionalId, optionalOneOf, optionalText, parse } from '../validation';
import { CASE_KINDS, RESIDENCE_CATEGORIES, SUBJECT_KINDS } from '../../domain/cases';
import { FORMS } from '../../domain/signals';
import { dutchDate } from '../../dates';
import { reachableCases } from './reach';
import { assertPerson } from './people';
import { addEvent } from './timeline';
import { linkRows } from './sharing';

export function caseInput(now: Date) {
	return z
		.object({
			kind: oneOf(CASE_KINDS, m.field_case_kind()),
			forms: z.array(oneOf(FORMS, m.field_forms())).default([]),
			tableIds: z.array(id(m.field_table().toLowerCase())).default([]),
			ownerId: optionalId(m.field_owner().toLowerCase()),
			caseLeadId: optionalId(m.field_case_lead().toLowerCase()),
			processLeadId: optionalId(m.field_process_lead().toLowerCase()),
			signalId: optionalId(m.nav_signals().toLowerCase()),
			existingSubjectId: optionalId(m.field_subject().toLowerCase()),
			subjectKind: oneOf(SUBJECT_KINDS, m.field_subject_kind()).optional(),
			subjectLabel: optionalText(m.field_subject_label(), 120),
			dateOfBirth: optionalDate(m.field_date_of_birth()),
			nationality: optionalText(m.field_nationality(), 60),
			residenceCategory: optionalOneOf(RESIDENCE_CATEGORIES, m.field_residence_category())
		})
		.superRefine((v, ctx) => {
			if (v.existingSubjectId === null) {
				if (!v.subjectKind)
					ctx.addIssue({
						code: 'custom',
						path: ['subjectKind'],
						message: m.err_choose({ label: m.field_subject_kind().toLowerCase() })
					});
				if (!v.subjectLabel || v.subjectLabel.length < 2) {
					ctx.addIssue({
						code: 'custom',
						path: ['subjectLabel'],
						message: m.err_required({ label: m.field_subject_label() })
					});
				}
			}
			if (v.dateOfBirth && v.dateOfBirth > dutchDate(now)) {
				ctx.addIssue({
					code: 'custom',
					path: ['dateOfBirth'],
					message: m.err_date_future({ label: m.field_date_of_birth() })
				});
			}
		});
}

function nextReference(db: DbOrTx, kind: CaseFile['kind'], now: Date): string {
	const prefix = `${kind === 'victim' ? 'S' : 'D'}-${dutchDate(now).slice(0, 4)}-`;
	const row = db
		.select({ n: sql<number>`count(*)` })
		.from(caseFile)
		.where(like(caseFile.reference, `${prefix}%`))
		.get();
	return `${prefix}${String((row?.n ?? 0) + 1).padStart(4, '0')}`;
}

/**
 * Creates a case, optionally from a signal and optionally about a subject already in another case
 * the actor reaches; the case, its compartments, tables, timeline and log entry in one transaction.
 */
export function create(db: DbOrTx, ctx: Ctx, raw: unknown): CaseFile {
	const { actor, now } = ctx;
	if (!mayCreateCase(actor)) throw new NotFoundError(m.err_not_found());
	return db.transaction((tx) => {
		const input = parse(caseInput(now), raw);
		const tableIds = [...new Set(input.tableIds)];
		for (const t of tableIds) {
			if (
				!tx
					.select({ id: deliberationTable.id })
					.from(deliberationTable)
					.where(eq(deliberationTable.id, t))
					.get()
			) {
				throw new ValidationError(m.err_table_missing(), { tableIds: m.err_table_missing() });
			}
		}
		const ownerId = input.ownerId ?? actor.id;
		assertPerson(tx, ownerId, 'ownerId');
		if (input.caseLeadId) assertPerson(tx, input.caseLeadId, 'caseLeadId');
		if (input.processLeadId) assertPerson(tx, input.processLeadId, 'processLeadId');

		let existing: Subject | undefined;
		if (input.existingSubjectId !== null) {
			existing = subjectsReached(tx, ctx).find((s) => s.id === input.existingSubjectId);
			if (!existing)
				throw new ValidationError(m.err_subject_unknown(), { existingSubjectId: m.err_subject_unknown() });
		}
		const fromSignal = input.signalId !== null ? signals.forConversion(tx, ctx, input.signalId) : null;

		// The creator must still reach the case afterwards, or it would vanish for them.
		const wouldReach = caseAccess(actor, {
			tableIds,
			participantIds: [],
			ownerId,
			caseLeadId: input.caseLeadId,
			processLeadId: input.processLeadId,
			closed: false
		});
		if (!wouldReach)
			throw new ValidationError(m.err_case_unreachable(), { ownerId: m.err_case_unreachable() });

		const subjectId =
			existing?.id ??
			tx
				.insert(subject)
				.values({
					kind: input.subjectKind!,
					label: input.subjectLabel!,
					dateOfBirth: input.subjectKind === 'person' ? input.dateOfBirth : null,
					nationality: input.subjectKind === 'person' ? input.nationality : null,
					residenceCategory: input.subjectKind === 'person' ? input.residenceCategory : null,
					createdAt: now,
					createdBy: actor.id
				})
				.returning({ id: subject.id })
				.get().id;
		const forms = input.forms.length ? [...new Set(input.forms)] : (fromSignal?.forms ?? []);
		const row = tx
			.insert(caseFile)
			.values({
				reference: nextReference(tx, input.kind, now),
				kind: input.kind,
				subjectId,
				forms,
				status: 'registered',
				avePhase: 1,
				ownerId,
				caseLeadId: input.caseLeadId,
				processLeadId: input.processLeadId,
				createdAt: now,
				createdBy: actor.id
			})
			.returning()
			.get();
		tx.insert(caseZorg).values({ caseId: row.id }).run();
		tx.insert(caseVeiligheid).values({ caseId: row.id }).run();
		tx.insert(casePhase).values({ caseId: row.id, phase: 1, at: now, byUserId: actor.id }).run();
		for (const tableId of tableIds)
			tx.insert(caseTable).values({ caseId: row.id, tableId, addedAt: now, addedBy: actor.id }).run();
		addEvent(tx, ctx, row.id, 'created', 'shared');
		if (fromSignal) {
			tx.insert(caseSignal).values({ caseId: row.id, signalId: fromSignal.id }).run();
			signals.markConverted(tx, ctx, fromSignal.id, row.reference);
			addEvent(tx, ctx, row.id, 'from_signal', 'shared', fromSignal.reference);
		}
		if (existing) {
			for (const other of tx
				.select({ id: caseFile.id })
				.from(caseFile)
				.where(eq(caseFile.subjectId, existing.id))
				.all()) {
				if (other.id !== row.id) linkRows(tx, ctx, row.id, other.id);
			}
		}
		audit.changed(tx, ctx, { action: 'create', objectType: 'case', objectId: row.id, compartment: 'shared' });
		return row;
	});
}

type SubjectWithReferences = Subject & { references: string[] };

/** Subjects of the cases the actor reaches, with the ids of those cases (not logged: for checks). */
function subjectsReached(db: DbOrTx, ctx: Ctx, caseIds?: number[]): SubjectWithReferences[] {
	const reachable = reachableCases(db, ctx).map((r) => r.row.id);
	caseIds?.push(...reachable);
	if (reachable.length === 0) return [];
	const rows = db
		.select({ subject, reference: caseFile.reference })
		.from(caseFile)
		.innerJoin(subject, eq(subject.id, caseFile.subjectId))
		.where(inArray(caseFile.id, reachable))
		.all();
	const out = new Map<number, SubjectWithReferences>();
	for (const r of rows) {
		const entry = out.get(r.subject.id) ?? { ...r.subject, references: [] };
		entry.references.push(r.reference);
		out.set(r.subject.id, entry);
	}
	return [...out.values()].sort((a, b) => a.label.localeCompare(b.label, 'nl'));
}

/** Subjects of the cases the actor reaches (to open a new case about the same person); noted as a view. */
export function subjectsForActor(db: DbOrTx, ctx: Ctx): SubjectWithReferences[] {
	const caseIds: number[] = [];
	const out = subjectsReached(db, ctx, caseIds);
	if (caseIds.length) {
		audit.viewed(ctx, {
			action: 'view',
			objectType: 'case',
			objectId: null,
			compartments: ['shared'],
			detail: `betrokkenen: casussen ${caseIds.join(',')}`
		});
	}
	return out;
}
