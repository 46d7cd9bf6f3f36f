/**
 * Managing a case (its owner, leads and the coordinators and chairs of its tables, as the policy
 * says): status, AVE phase, leads, deadlines and the subject (tables, participants and links are
 * in sharing.ts). Each
 * change is one transaction with its timeline event and log entry; the edit forms carry the
 * version they were loaded with (case_file.version; subject.version for the subject, which other
 * cases may share), so a save from a stale tab is refused instead of silently reverting.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '../../paraglide/messages.js';
import type { DbOrTx } from '../db';
import { caseFile, casePhase, subject, type CaseFile } from '../db/schema';
import type { Ctx } from '../context';
import { ConflictError, ValidationError } from '../errors';
import { collabEvents } from '../events';
import { caseAccess } from '../policy';
import { differingFields, expectVersion } from '../versions';
import { id, oneOf, optionalDate, optionalId, optionalOneOf, optionalText, parse, text } from '../validation';
import {
	AVE_PHASES,
	CASE_STATUSES,
	RESIDENCE_CATEGORIES,
	allowedNextStatuses,
	maxDeadlineEnd,
	type CaseEventKind
} from '../../domain/cases';
import { dutchDate } from '../../dates';
import { requireManage, requireManageOpen } from './reach';
import { assertPerson } from './people';
import { addEvent, lastChange, logCaseUpdate } from './timeline';

/** The events that change the case row itself (what a stale case form was not showing). */
const CASE_ROW_EVENTS: readonly CaseEventKind[] = ['status', 'phase', 'leads', 'deadlines'];

/** Refuses a save made from another version of the case row than the stored one. */
function expectCaseVersion(
	db: DbOrTx,
	raw: unknown,
	row: CaseFile,
	stored: Record<string, unknown>,
	submitted: Record<string, unknown>,
	labels: Record<string, string>
): void {
	expectVersion(raw, row.version, () => ({
		...lastChange(db, row.id, CASE_ROW_EVENTS),
		fields: differingFields(stored, submitted, labels)
	}));
}

/** Moves the case along its lifecycle. Closing ends live editing (collaboration connections). */
export function setStatus(db: DbOrTx, ctx: Ctx, caseId: number, raw: unknown): void {
	const changed = db.transaction((tx) => {
		const { row } = requireManage(tx, ctx, caseId);
		const { status } = parse(z.object({ status: oneOf(CASE_STATUSES, m.field_status()) }), raw);
		expectCaseVersion(tx, raw, row, { status: row.status }, { status }, { status: m.field_status() });
		if (!allowedNextStatuses(row.kind, row.status).includes(status))
			throw new ConflictError(m.err_case_status_transition());
		tx.update(caseFile)
			.set({ status, closedAt: status === 'closed' ? ctx.now : null, version: row.version + 1 })
			.where(eq(caseFile.id, caseId))
			.run();
		addEvent(tx, ctx, caseId, 'status', 'shared', `${row.status} → ${status}`);
		logCaseUpdate(tx, ctx, caseId, 'shared', `status ${status}`);
		return status === 'closed' || row.status === 'closed';
	});
	if (changed) collabEvents.emit('access-changed', { caseId });
}

/** Sets the AVE phase (1–4) with a note; the history is kept. */
export function setPhase(db: DbOrTx, ctx: Ctx, caseId: number, raw: unknown): void {
	db.transaction((tx) => {
		const { row } = requireManageOpen(tx, ctx, caseId);
		const input = parse(
			z.object({
				phase: z.coerce.number().refine((p) => (AVE_PHASES as readonly number[]).includes(p), {
					error: m.err_unknown_value({ label: m.field_ave_phase() })
				}),
				note: optionalText(m.field_note(), 1000)
			}),
			raw
		);
		expectCaseVersion(
			tx,
			raw,
			row,
			{ phase: row.avePhase },
			{ phase: input.phase },
			{ phase: m.field_ave_phase() }
		);
		if (input.phase === row.avePhase) throw new ConflictError(m.err_case_same_phase());
		tx.update(caseFile)
			.set({ avePhase: input.phase, version: row.version + 1 })
			.where(eq(caseFile.id, caseId))
			.run();
		tx.insert(casePhase)
			.values({ caseId, phase: input.phase, at: ctx.now, byUserId: ctx.actor.id, note: input.note })
			.run();
		addEvent(tx, ctx, caseId, 'phase', 'shared', `${row.avePhase} → ${input.phase}`);
		logCaseUpdate(tx, ctx, caseId, 'shared', `fase ${input.phase}`);
	});
}

/** Sets owner, case lead and process lead; the actor must still reach the case afterwards. */
export function setLeads(db: DbOrTx, ctx: Ctx, caseId: number, raw: unknown): void {
	db.transaction((tx) => {
		const { row, facts } = requireManageOpen(tx, ctx, caseId);
		const input = parse(
			z.object({
				ownerId: id(m.field_owner().toLowerCase()),
				caseLeadId: optionalId(m.field_case_lead().toLowerCase()),
				processLeadId: optionalId(m.field_process_lead().toLowerCase())
			}),
			raw
		);
		expectCaseVersion(
			tx,
			raw,
			row,
			{ ownerId: row.ownerId, caseLeadId: row.caseLeadId, processLeadId: row.processLeadId },
			input,
			{
				ownerId: m.field_owner(),
				caseLeadId: m.field_case_lead(),
				processLeadId: m.field_process_lead()
			}
		);
		assertPerson(tx, input.ownerId, 'ownerId');
		if (input.caseLeadId) assertPerson(tx, input.caseLeadId, 'caseLeadId');
		if (input.processLeadId) assertPerson(tx, input.processLeadId, 'processLeadId');
		if (!caseAccess(ctx.actor, { ...facts, ...input }))
			throw new ValidationError(m.err_case_unreachable(), { ownerId: m.err_case_unreachable() });
		tx.update(caseFile)
			.set({ ...input, version: row.version + 1 })
			.where(eq(caseFile.id, caseId))
			.run();
		addEvent(tx, ctx, caseId, 'leads', 'shared');
		logCaseUpdate(tx, ctx, caseId, 'shared', 'eigenaar en regie');
	});
	collabEvents.emit('access-changed', { caseId });
}

/** Records the legal deadlines: reflection period and COSM stay, each at most three months. */
export function setDeadlines(db: DbOrTx, ctx: Ctx, caseId: number, raw: unknown): void {
	db.transaction((tx) => {
		const { row } = requireManageOpen(tx, ctx, caseId);
		const input = parse(
			z.object({
				reflectionStart: optionalDate(m.field_reflection_start()),
				reflectionEnd: optionalDate(m.field_reflection_end()),
				cosmStart: optionalDate(m.field_cosm_start()),
				cosmEnd: optionalDate(m.field_cosm_end())
			}),
			raw
		);
		expectCaseVersion(tx, raw, row, row, input, {
			reflectionStart: m.field_reflection_start(),
			reflectionEnd: m.field_reflection_end(),
			cosmStart: m.field_cosm_start(),
			cosmEnd: m.field_cosm_end()
		});
		const check = (
			start: string | null,
			end: string | null,
			startKey: string,
			endKey: string,
			label: string
		) => {
			if (!start && !end) return;
			if (!start)
				throw new ValidationError(m.err_required({ label: m.field_start_date() }), {
					[startKey]: m.err_required({ label: m.field_start_date() })
				});
			if (!end)
				throw new ValidationError(m.err_required({ label: m.field_end_date() }), {
					[endKey]: m.err_required({ label: m.field_end_date() })
				});
			if (end < start)
				throw new ValidationError(m.err_end_before_start(), { [endKey]: m.err_end_before_start() });
			if (end > maxDeadlineEnd(start)) {
				const message = m.err_deadline_too_long({ label, max: maxDeadlineEnd(start) });
				throw new ValidationError(message, { [endKey]: message });
			}
		};
		check(
			input.reflectionStart,
			input.reflectionEnd,
			'reflectionStart',
			'reflectionEnd',
			m.deadline_reflection()
		);
		check(input.cosmStart, input.cosmEnd, 'cosmStart', 'cosmEnd', m.deadline_cosm());
		tx.update(caseFile)
			.set({ ...input, version: row.version + 1 })
			.where(eq(caseFile.id, caseId))
			.run();
		addEvent(tx, ctx, caseId, 'deadlines', 'shared');
		logCaseUpdate(tx, ctx, caseId, 'shared', 'termijnen');
	});
}

/** Changes the subject's minimal data (shared); versioned on the subject, which other cases may share. */
export function updateSubject(db: DbOrTx, ctx: Ctx, caseId: number, raw: unknown): void {
	db.transaction((tx) => {
		const { row } = requireManageOpen(tx, ctx, caseId);
		const subj = tx.select().from(subject).where(eq(subject.id, row.subjectId)).get()!;
		const input = parse(
			z.object({
				label: text(m.field_subject_label(), 2, 120),
				dateOfBirth: optionalDate(m.field_date_of_birth()),
				nationality: optionalText(m.field_nationality(), 60),
				residenceCategory: optionalOneOf(RESIDENCE_CATEGORIES, m.field_residence_category())
			}),
			raw
		);
		expectVersion(raw, subj.version, () => {
			const casesOfSubject = tx
				.select({ id: caseFile.id })
				.from(caseFile)
				.where(eq(caseFile.subjectId, subj.id))
				.all()
				.map((c) => c.id);
			return {
				...lastChange(tx, casesOfSubject, ['shared_updated']),
				fields: differingFields(subj, input, {
					label: m.field_subject_label(),
					dateOfBirth: m.field_date_of_birth(),
					nationality: m.field_nationality(),
					residenceCategory: m.field_residence_category()
				})
			};
		});
		if (input.dateOfBirth !== null && input.dateOfBirth > dutchDate(ctx.now)) {
			const message = m.err_date_future({ label: m.field_date_of_birth() });
			throw new ValidationError(message, { dateOfBirth: message });
		}
		const person = subj.kind === 'person';
		tx.update(subject)
			.set({
				label: input.label,
				dateOfBirth: person ? input.dateOfBirth : null,
				nationality: person ? input.nationality : null,
				residenceCategory: person ? input.residenceCategory : null,
				version: subj.version + 1
			})
			.where(eq(subject.id, subj.id))
			.run();
		addEvent(tx, ctx, caseId, 'shared_updated', 'shared');
		logCaseUpdate(tx, ctx, caseId, 'shared', 'betrokkene');
	});
}
