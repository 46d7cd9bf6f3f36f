/**
 * Cases (casussen) and their subjects. Every read goes through the policy: a case the actor does
 * not reach does not exist for them (NotFoundError), and each compartment is loaded only when the
 * actor may see it — the query for a hidden compartment is never run, so its content cannot end
 * up in a page, a data response or an error.
 */
import { and, asc, desc, eq, inArray, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '../paraglide/messages.js';
import type { Db, DbOrTx } from './db';
import {
	caseEvent,
	caseFile,
	caseIntervention,
	caseLink,
	caseParticipant,
	casePhase,
	caseSignal,
	caseTable,
	caseVeiligheid,
	caseZorg,
	deliberationTable,
	organisation,
	signal,
	subject,
	user,
	type CaseFile,
	type CaseIntervention,
	type CaseVeiligheid,
	type CaseZorg,
	type Compartment,
	type Subject
} from './db/schema';
import { AVE_PHASES, CASE_KINDS, CASE_STATUSES, COMENSHA_REPORTERS, COMENSHA_STATUSES, CONSENT_GIVERS, CONSENT_STATUSES, DEADLINE_SOON_DAYS, INTERVENTION_KINDS, INTERVENTION_STATUSES, RESIDENCE_CATEGORIES, SUBJECT_KINDS, allowedNextStatuses, careRoute, maxDeadlineEnd, type CaseEventKind, type CareRoute } from '../domain/cases';
import { FORMS } from '../domain/signals';
import * as audit from './audit';
import * as signals from './signals';
import { ConflictError, NotFoundError, ValidationError } from './errors';
import { collabEvents } from './events';
import {
	caseAccess,
	caseScope,
	isGuardian,
	mayCreateCase,
	mayManageCase,
	mayWriteCompartment,
	signalView,
	type Actor,
	type CaseAccess,
	type CaseFacts
} from './policy';
import { id, oneOf, optionalDate, optionalId, optionalOneOf, optionalText, parse, text } from './validation';
import { ageOn, daysUntil, dutchDate } from '../dates';


// ---------------------------------------------------------------------------------------------
// Facts and access

/** What the policy needs about a case, read from the database. */
export function factsOf(db: DbOrTx, row: Pick<CaseFile, 'id' | 'ownerId' | 'caseLeadId' | 'processLeadId' | 'status'>): CaseFacts {
	const tableIds = db.select({ t: caseTable.tableId }).from(caseTable).where(eq(caseTable.caseId, row.id)).all().map((r) => r.t);
	const participantIds = db
		.select({ u: caseParticipant.userId })
		.from(caseParticipant)
		.where(and(eq(caseParticipant.caseId, row.id), isNull(caseParticipant.endedAt)))
		.all()
		.map((r) => r.u);
	return {
		tableIds,
		participantIds,
		ownerId: row.ownerId,
		caseLeadId: row.caseLeadId,
		processLeadId: row.processLeadId,
		closed: row.status === 'closed'
	};
}

interface Reached {
	row: CaseFile;
	facts: CaseFacts;
	access: CaseAccess;
}

/** The case as the actor reaches it, or NotFound (for missing and unreachable alike). */
export function reach(db: DbOrTx, actor: Actor, caseId: number): Reached {
	const row = db.select().from(caseFile).where(eq(caseFile.id, caseId)).get();
	if (!row) throw new NotFoundError(m.err_not_found());
	const facts = factsOf(db, row);
	const access = caseAccess(actor, facts);
	if (!access) throw new NotFoundError(m.err_not_found());
	return { row, facts, access };
}

/** The case as the actor reaches it, or null (for lists that silently leave out what is not theirs). */
export function reachOrNull(db: DbOrTx, actor: Actor, caseId: number): Reached | null {
	try {
		return reach(db, actor, caseId);
	} catch (e) {
		if (e instanceof NotFoundError) return null;
		throw e;
	}
}

/** Facts for the collaboration server and other modules: null when the case does not exist. */
export function factsById(db: DbOrTx, caseId: number): CaseFacts | null {
	const row = db.select().from(caseFile).where(eq(caseFile.id, caseId)).get();
	return row ? factsOf(db, row) : null;
}

function requireManage(db: DbOrTx, actor: Actor, caseId: number): Reached {
	const r = reach(db, actor, caseId);
	if (!mayManageCase(actor, r.facts)) throw new NotFoundError(m.err_not_found());
	return r;
}

function requireWrite(db: DbOrTx, actor: Actor, caseId: number, compartment: Compartment): Reached {
	const r = reach(db, actor, caseId);
	if (!r.access.compartments.has(compartment)) throw new NotFoundError(m.err_not_found());
	if (!mayWriteCompartment(actor, r.facts, compartment)) throw new ConflictError(m.err_case_closed());
	return r;
}

function addEvent(
	db: DbOrTx,
	caseId: number,
	userId: number | null,
	kind: CaseEventKind,
	compartment: Compartment,
	now: Date,
	detail: string | null = null
) {
	db.insert(caseEvent).values({ caseId, at: now, userId, kind, compartment, detail }).run();
}

function log(
	db: DbOrTx,
	actor: Actor,
	action: 'view' | 'create' | 'update' | 'search',
	caseId: number | null,
	compartment: Compartment | null,
	now: Date,
	clientAddress: string | null,
	detail: string | null = null
) {
	audit.record(db, { userId: actor.id, action, objectType: 'case', objectId: caseId, compartment, clientAddress, detail }, now);
}

// ---------------------------------------------------------------------------------------------
// People who can hold a role in a case

function assertPerson(db: DbOrTx, userId: number, field: string): void {
	const u = db.select({ active: user.active, roles: user.roles }).from(user).where(eq(user.id, userId)).get();
	if (!u) throw new ValidationError(m.err_choose({ label: m.field_person().toLowerCase() }), { [field]: m.err_choose({ label: m.field_person().toLowerCase() }) });
	if (!u.active) throw new ValidationError(m.err_person_inactive(), { [field]: m.err_person_inactive() });
	if (u.roles.includes('admin') || u.roles.includes('auditor')) {
		throw new ValidationError(m.err_case_guardian(), { [field]: m.err_case_guardian() });
	}
}

/** Active people who may hold a case role or be invited (no admins or auditors), by name. */
export function eligiblePeople(db: DbOrTx): Array<{ id: number; name: string; organisationName: string; domain: 'zorg' | 'veiligheid' }> {
	return db
		.select({ id: user.id, name: user.name, organisationName: organisation.name, domain: user.domain, roles: user.roles })
		.from(user)
		.innerJoin(organisation, eq(organisation.id, user.organisationId))
		.where(eq(user.active, true))
		.orderBy(asc(user.name))
		.all()
		.filter((u) => !u.roles.includes('admin') && !u.roles.includes('auditor'))
		.map(({ roles: _roles, ...rest }) => rest);
}

// ---------------------------------------------------------------------------------------------
// Creating cases

function notFuture(label: string, now: Date) {
	return (v: string | null) => v === null || v <= dutchDate(now) || { label };
}

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
				if (!v.subjectKind) ctx.addIssue({ code: 'custom', path: ['subjectKind'], message: m.err_choose({ label: m.field_subject_kind().toLowerCase() }) });
				if (!v.subjectLabel || v.subjectLabel.length < 2) {
					ctx.addIssue({ code: 'custom', path: ['subjectLabel'], message: m.err_required({ label: m.field_subject_label() }) });
				}
			}
			if (v.dateOfBirth && v.dateOfBirth > dutchDate(now)) {
				ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: m.err_date_future({ label: m.field_date_of_birth() }) });
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
 * Creates a case, optionally from a signal (which then becomes "converted" and links to it) and
 * optionally about a subject already in another case the actor reaches.
 */
export function create(db: Db, actor: Actor, raw: unknown, now: Date, clientAddress: string | null = null): CaseFile {
	if (!mayCreateCase(actor)) throw new NotFoundError(m.err_not_found());
	const input = parse(caseInput(now), raw);
	const tableIds = [...new Set(input.tableIds)];
	for (const t of tableIds) {
		if (!db.select({ id: deliberationTable.id }).from(deliberationTable).where(eq(deliberationTable.id, t)).get()) {
			throw new ValidationError(m.err_table_missing(), { tableIds: m.err_table_missing() });
		}
	}
	const ownerId = input.ownerId ?? actor.id;
	assertPerson(db, ownerId, 'ownerId');
	if (input.caseLeadId) assertPerson(db, input.caseLeadId, 'caseLeadId');
	if (input.processLeadId) assertPerson(db, input.processLeadId, 'processLeadId');

	let existing: Subject | undefined;
	if (input.existingSubjectId !== null) {
		existing = subjectsForActor(db, actor).find((s) => s.id === input.existingSubjectId);
		if (!existing) throw new ValidationError(m.err_subject_unknown(), { existingSubjectId: m.err_subject_unknown() });
	}
	const fromSignal = input.signalId !== null ? signals.forConversion(db, actor, input.signalId) : null;

	// The creator must still reach the case afterwards, or it would vanish for them.
	const wouldReach = caseAccess(actor, {
		tableIds,
		participantIds: [],
		ownerId,
		caseLeadId: input.caseLeadId,
		processLeadId: input.processLeadId,
		closed: false
	});
	if (!wouldReach) throw new ValidationError(m.err_case_unreachable(), { ownerId: m.err_case_unreachable() });

	return db.transaction((tx) => {
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
		for (const tableId of tableIds) tx.insert(caseTable).values({ caseId: row.id, tableId, addedAt: now, addedBy: actor.id }).run();
		addEvent(tx, row.id, actor.id, 'created', 'shared', now);
		if (fromSignal) {
			tx.insert(caseSignal).values({ caseId: row.id, signalId: fromSignal.id }).run();
			signals.markConverted(tx, actor, fromSignal.id, row.reference, now);
			addEvent(tx, row.id, actor.id, 'from_signal', 'shared', now, fromSignal.reference);
		}
		if (existing) {
			for (const other of tx.select({ id: caseFile.id }).from(caseFile).where(eq(caseFile.subjectId, existing.id)).all()) {
				if (other.id !== row.id) linkRows(tx, row.id, other.id, actor.id, now);
			}
		}
		log(tx, actor, 'create', row.id, 'shared', now, clientAddress);
		return row;
	});
}

/** Subjects of the cases the actor reaches (to open a new case about the same person). */
export function subjectsForActor(db: DbOrTx, actor: Actor): Array<Subject & { references: string[] }> {
	const reachable = reachableCases(db, actor);
	if (reachable.length === 0) return [];
	const rows = db
		.select({ subject, reference: caseFile.reference })
		.from(caseFile)
		.innerJoin(subject, eq(subject.id, caseFile.subjectId))
		.where(inArray(caseFile.id, reachable.map((r) => r.row.id)))
		.all();
	const out = new Map<number, Subject & { references: string[] }>();
	for (const r of rows) {
		const entry = out.get(r.subject.id) ?? { ...r.subject, references: [] };
		entry.references.push(r.reference);
		out.set(r.subject.id, entry);
	}
	return [...out.values()].sort((a, b) => a.label.localeCompare(b.label, 'nl'));
}

// ---------------------------------------------------------------------------------------------
// Lists

export interface CaseFilter {
	kind?: string;
	status?: string;
	form?: string;
	tableId?: number;
	ownerId?: number;
	deadlineSoon?: boolean;
	q?: string;
}

/** Candidate rows for the actor's scope: the same three ways of reaching as the policy. */
function scopeCondition(actor: Actor): SQL | undefined {
	const scope = caseScope(actor);
	if (scope.none) return sql`0`;
	const viaTable =
		scope.tableIds.length > 0
			? inArray(caseFile.id, sql`(select ${caseTable.caseId} from ${caseTable} where ${inArray(caseTable.tableId, scope.tableIds)})`)
			: undefined;
	const viaParticipation = inArray(
		caseFile.id,
		sql`(select ${caseParticipant.caseId} from ${caseParticipant} where ${caseParticipant.userId} = ${scope.userId} and ${caseParticipant.endedAt} is null)`
	);
	return or(
		viaTable,
		viaParticipation,
		eq(caseFile.ownerId, scope.userId),
		eq(caseFile.caseLeadId, scope.userId),
		eq(caseFile.processLeadId, scope.userId)
	);
}

/** Every case the actor reaches, with the policy's verdict (the list scope, checked per case). */
function reachableCases(db: DbOrTx, actor: Actor, extra?: SQL): Reached[] {
	const rows = db.select().from(caseFile).where(and(scopeCondition(actor), extra)).orderBy(desc(caseFile.createdAt)).all();
	const out: Reached[] = [];
	for (const row of rows) {
		const facts = factsOf(db, row);
		const access = caseAccess(actor, facts);
		if (access) out.push({ row, facts, access });
	}
	return out;
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

/** The cases the actor reaches, filtered and searched; the search is logged. */
export function list(db: DbOrTx, actor: Actor, filter: CaseFilter, now: Date, clientAddress: string | null = null): CaseListRow[] {
	const today = dutchDate(now);
	const conditions: SQL[] = [];
	if (filter.kind && (CASE_KINDS as readonly string[]).includes(filter.kind)) conditions.push(eq(caseFile.kind, filter.kind as CaseFile['kind']));
	if (filter.status && (CASE_STATUSES as readonly string[]).includes(filter.status)) {
		conditions.push(eq(caseFile.status, filter.status as CaseFile['status']));
	}
	if (filter.form && (FORMS as readonly string[]).includes(filter.form)) {
		conditions.push(sql`exists (select 1 from json_each(${caseFile.forms}) where value = ${filter.form})`);
	}
	if (filter.tableId) {
		conditions.push(inArray(caseFile.id, sql`(select ${caseTable.caseId} from ${caseTable} where ${caseTable.tableId} = ${filter.tableId})`));
	}
	if (filter.ownerId) conditions.push(eq(caseFile.ownerId, filter.ownerId));
	const q = filter.q?.trim().slice(0, 80);
	if (q) {
		const pattern = `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
		conditions.push(
			or(
				sql`${caseFile.reference} like ${pattern} escape '\\'`,
				inArray(caseFile.subjectId, sql`(select ${subject.id} from ${subject} where ${subject.label} like ${pattern} escape '\\')`)
			)!
		);
	}
	const reached = reachableCases(db, actor, conditions.length ? and(...conditions) : undefined);
	const rows = reached.map((r) => toListRow(db, r, today)).filter((r) => !filter.deadlineSoon || r.deadlineSoon);
	const described = Object.entries(filter)
		.filter(([, v]) => v !== undefined && v !== '' && v !== false)
		.map(([k, v]) => `${k}=${String(v)}`)
		.join('&');
	log(db, actor, 'search', null, 'shared', now, clientAddress, described || null);
	return rows;
}

function toListRow(db: DbOrTx, r: Reached, today: string): CaseListRow {
	const subj = db.select().from(subject).where(eq(subject.id, r.row.subjectId)).get()!;
	const owner = r.row.ownerId ? db.select({ name: user.name }).from(user).where(eq(user.id, r.row.ownerId)).get() : undefined;
	const tables = r.facts.tableIds.length
		? db.select({ name: deliberationTable.name }).from(deliberationTable).where(inArray(deliberationTable.id, r.facts.tableIds)).all().map((t) => t.name)
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

/** The ids the actor reaches, for the test that proves list scope and object checks agree. */
export function reachableIds(db: DbOrTx, actor: Actor): number[] {
	return reachableCases(db, actor).map((r) => r.row.id);
}

// ---------------------------------------------------------------------------------------------
// One case, rendered for one viewer

export interface CaseView {
	case: CaseFile;
	subject: Subject;
	age: number | null;
	careRoute: CareRoute | null;
	maxReflectionEnd: string | null;
	maxCosmEnd: string | null;
	owner: string | null;
	caseLead: string | null;
	processLead: string | null;
	tables: Array<{ id: number; name: string; kind: string }>;
	participants: Array<{ id: number; userId: number; name: string; organisationName: string }>;
	phases: Array<{ phase: number; at: Date; byName: string | null; note: string | null }>;
	linked: Array<{ id: number; reference: string; kind: CaseFile['kind'] }>;
	sameSubject: Array<{ id: number; reference: string; kind: CaseFile['kind'] }>;
	signals: Array<{ id: number; reference: string }>;
	compartments: Compartment[];
	zorg: CaseZorg | null;
	veiligheid: (CaseVeiligheid & { interventions: CaseIntervention[] }) | null;
	timeline: Array<{ id: number; at: Date; kind: CaseEventKind; compartment: Compartment; detail: string | null; userName: string | null }>;
	may: { manage: boolean; writeShared: boolean; writeZorg: boolean; writeVeiligheid: boolean };
	nextStatuses: CaseFile['status'][];
}

const nameOf = (db: DbOrTx, userId: number | null) =>
	userId === null ? null : (db.select({ name: user.name }).from(user).where(eq(user.id, userId)).get()?.name ?? null);

/** The case as this actor may see it; each compartment shown is logged as a view. */
export function get(db: DbOrTx, actor: Actor, caseId: number, now: Date, clientAddress: string | null = null): CaseView {
	const r = reach(db, actor, caseId);
	const { row, facts, access } = r;
	const today = dutchDate(now);
	const subj = db.select().from(subject).where(eq(subject.id, row.subjectId)).get()!;
	const tables = facts.tableIds.length
		? db
				.select({ id: deliberationTable.id, name: deliberationTable.name, kind: deliberationTable.kind })
				.from(deliberationTable)
				.where(inArray(deliberationTable.id, facts.tableIds))
				.orderBy(asc(deliberationTable.name))
				.all()
		: [];
	const participants = db
		.select({ id: caseParticipant.id, userId: user.id, name: user.name, organisationName: organisation.name })
		.from(caseParticipant)
		.innerJoin(user, eq(user.id, caseParticipant.userId))
		.innerJoin(organisation, eq(organisation.id, user.organisationId))
		.where(and(eq(caseParticipant.caseId, caseId), isNull(caseParticipant.endedAt)))
		.all();
	const phases = db
		.select({ phase: casePhase.phase, at: casePhase.at, byName: user.name, note: casePhase.note })
		.from(casePhase)
		.leftJoin(user, eq(user.id, casePhase.byUserId))
		.where(eq(casePhase.caseId, caseId))
		.orderBy(asc(casePhase.at), asc(casePhase.id))
		.all();
	const reachable = (ids: number[]) =>
		ids.flatMap((other) => {
			const o = reachOrNull(db, actor, other)?.row;
			return o ? [{ id: o.id, reference: o.reference, kind: o.kind }] : [];
		});
	const linkedIds = db
		.select({ a: caseLink.caseA, b: caseLink.caseB })
		.from(caseLink)
		.where(or(eq(caseLink.caseA, caseId), eq(caseLink.caseB, caseId)))
		.all()
		.map((l) => (l.a === caseId ? l.b : l.a));
	const sameSubjectIds = db
		.select({ id: caseFile.id })
		.from(caseFile)
		.where(and(eq(caseFile.subjectId, row.subjectId), sql`${caseFile.id} <> ${caseId}`))
		.all()
		.map((x) => x.id);
	const signalRows = db
		.select({ signal })
		.from(caseSignal)
		.innerJoin(signal, eq(signal.id, caseSignal.signalId))
		.where(eq(caseSignal.caseId, caseId))
		.all()
		.filter((s) => signalView(actor, s.signal) === 'full')
		.map((s) => ({ id: s.signal.id, reference: s.signal.reference }));

	const sees = (c: Compartment) => access.compartments.has(c);
	const zorg = sees('zorg') ? (db.select().from(caseZorg).where(eq(caseZorg.caseId, caseId)).get() ?? null) : null;
	const veiligheid = sees('veiligheid')
		? (() => {
				const v = db.select().from(caseVeiligheid).where(eq(caseVeiligheid.caseId, caseId)).get();
				if (!v) return null;
				const interventions = db
					.select()
					.from(caseIntervention)
					.where(eq(caseIntervention.caseId, caseId))
					.orderBy(asc(caseIntervention.createdAt))
					.all();
				return { ...v, interventions };
			})()
		: null;
	const visible = [...access.compartments];
	const timeline = db
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
		.where(and(eq(caseEvent.caseId, caseId), inArray(caseEvent.compartment, visible)))
		.orderBy(desc(caseEvent.at), desc(caseEvent.id))
		.all();

	for (const c of visible) log(db, actor, 'view', caseId, c, now, clientAddress);

	const manage = mayManageCase(actor, facts);
	return {
		case: row,
		subject: subj,
		age: subj.dateOfBirth ? ageOn(subj.dateOfBirth, today) : null,
		careRoute: row.kind === 'victim' && subj.kind === 'person' ? careRoute(subj.residenceCategory, subj.dateOfBirth, today) : null,
		maxReflectionEnd: row.reflectionStart ? maxDeadlineEnd(row.reflectionStart) : null,
		maxCosmEnd: row.cosmStart ? maxDeadlineEnd(row.cosmStart) : null,
		owner: nameOf(db, row.ownerId),
		caseLead: nameOf(db, row.caseLeadId),
		processLead: nameOf(db, row.processLeadId),
		tables,
		participants,
		phases,
		linked: reachable(linkedIds),
		sameSubject: reachable(sameSubjectIds),
		signals: signalRows,
		compartments: visible,
		zorg,
		veiligheid,
		timeline,
		may: {
			manage,
			writeShared: manage && !facts.closed,
			writeZorg: mayWriteCompartment(actor, facts, 'zorg'),
			writeVeiligheid: mayWriteCompartment(actor, facts, 'veiligheid')
		},
		nextStatuses: manage ? allowedNextStatuses(row.kind, row.status) : []
	};
}

// ---------------------------------------------------------------------------------------------
// Changes to the shared part (managers)

/** Moves the case along its lifecycle. Closing ends live editing (collaboration connections). */
export function setStatus(db: DbOrTx, actor: Actor, caseId: number, raw: unknown, now: Date, clientAddress: string | null = null): void {
	const { row } = requireManage(db, actor, caseId);
	const { status } = parse(z.object({ status: oneOf(CASE_STATUSES, m.field_status()) }), raw);
	if (!allowedNextStatuses(row.kind, row.status).includes(status)) {
		throw new ConflictError(m.err_case_status_transition());
	}
	db.update(caseFile)
		.set({ status, closedAt: status === 'closed' ? now : null })
		.where(eq(caseFile.id, caseId))
		.run();
	addEvent(db, caseId, actor.id, 'status', 'shared', now, `${row.status} → ${status}`);
	log(db, actor, 'update', caseId, 'shared', now, clientAddress, `status ${status}`);
	if (status === 'closed' || row.status === 'closed') collabEvents.emit('access-changed', { caseId });
}

/** Sets the AVE phase (1–4) with a note; the history is kept. */
export function setPhase(db: DbOrTx, actor: Actor, caseId: number, raw: unknown, now: Date, clientAddress: string | null = null): void {
	const { row, facts } = requireManage(db, actor, caseId);
	if (facts.closed) throw new ConflictError(m.err_case_closed());
	const input = parse(
		z.object({
			phase: z.coerce.number().refine((p) => (AVE_PHASES as readonly number[]).includes(p), { error: m.err_unknown_value({ label: m.field_ave_phase() }) }),
			note: optionalText(m.field_note(), 1000)
		}),
		raw
	);
	if (input.phase === row.avePhase) throw new ConflictError(m.err_case_same_phase());
	db.update(caseFile).set({ avePhase: input.phase }).where(eq(caseFile.id, caseId)).run();
	db.insert(casePhase).values({ caseId, phase: input.phase, at: now, byUserId: actor.id, note: input.note }).run();
	addEvent(db, caseId, actor.id, 'phase', 'shared', now, `${row.avePhase} → ${input.phase}`);
	log(db, actor, 'update', caseId, 'shared', now, clientAddress, `fase ${input.phase}`);
}

/** Sets owner, case lead and process lead. */
export function setLeads(db: DbOrTx, actor: Actor, caseId: number, raw: unknown, now: Date, clientAddress: string | null = null): void {
	const { facts } = requireManage(db, actor, caseId);
	if (facts.closed) throw new ConflictError(m.err_case_closed());
	const input = parse(
		z.object({
			ownerId: id(m.field_owner().toLowerCase()),
			caseLeadId: optionalId(m.field_case_lead().toLowerCase()),
			processLeadId: optionalId(m.field_process_lead().toLowerCase())
		}),
		raw
	);
	assertPerson(db, input.ownerId, 'ownerId');
	if (input.caseLeadId) assertPerson(db, input.caseLeadId, 'caseLeadId');
	if (input.processLeadId) assertPerson(db, input.processLeadId, 'processLeadId');
	const after = caseAccess(actor, { ...facts, ...input });
	if (!after) throw new ValidationError(m.err_case_unreachable(), { ownerId: m.err_case_unreachable() });
	db.update(caseFile).set(input).where(eq(caseFile.id, caseId)).run();
	addEvent(db, caseId, actor.id, 'leads', 'shared', now);
	log(db, actor, 'update', caseId, 'shared', now, clientAddress, 'eigenaar en regie');
	collabEvents.emit('access-changed', { caseId });
}

/** Records the legal deadlines: reflection period and COSM stay, each at most three months. */
export function setDeadlines(db: DbOrTx, actor: Actor, caseId: number, raw: unknown, now: Date, clientAddress: string | null = null): void {
	const { facts } = requireManage(db, actor, caseId);
	if (facts.closed) throw new ConflictError(m.err_case_closed());
	const input = parse(
		z.object({
			reflectionStart: optionalDate(m.field_reflection_start()),
			reflectionEnd: optionalDate(m.field_reflection_end()),
			cosmStart: optionalDate(m.field_cosm_start()),
			cosmEnd: optionalDate(m.field_cosm_end())
		}),
		raw
	);
	const check = (start: string | null, end: string | null, startKey: string, endKey: string, label: string) => {
		if (!start && !end) return;
		if (!start) throw new ValidationError(m.err_required({ label: m.field_start_date() }), { [startKey]: m.err_required({ label: m.field_start_date() }) });
		if (!end) throw new ValidationError(m.err_required({ label: m.field_end_date() }), { [endKey]: m.err_required({ label: m.field_end_date() }) });
		if (end < start) throw new ValidationError(m.err_end_before_start(), { [endKey]: m.err_end_before_start() });
		if (end > maxDeadlineEnd(start)) {
			const message = m.err_deadline_too_long({ label, max: maxDeadlineEnd(start) });
			throw new ValidationError(message, { [endKey]: message });
		}
	};
	check(input.reflectionStart, input.reflectionEnd, 'reflectionStart', 'reflectionEnd', m.deadline_reflection());
	check(input.cosmStart, input.cosmEnd, 'cosmStart', 'cosmEnd', m.deadline_cosm());
	db.update(caseFile).set(input).where(eq(caseFile.id, caseId)).run();
	addEvent(db, caseId, actor.id, 'deadlines', 'shared', now);
	log(db, actor, 'update', caseId, 'shared', now, clientAddress, 'termijnen');
}

/** Changes the subject's minimal data (shared). */
export function updateSubject(db: DbOrTx, actor: Actor, caseId: number, raw: unknown, now: Date, clientAddress: string | null = null): void {
	const { row, facts } = requireManage(db, actor, caseId);
	if (facts.closed) throw new ConflictError(m.err_case_closed());
	const subj = db.select().from(subject).where(eq(subject.id, row.subjectId)).get()!;
	const input = parse(
		z.object({
			label: text(m.field_subject_label(), 2, 120),
			dateOfBirth: optionalDate(m.field_date_of_birth()),
			nationality: optionalText(m.field_nationality(), 60),
			residenceCategory: optionalOneOf(RESIDENCE_CATEGORIES, m.field_residence_category())
		}),
		raw
	);
	const future = notFuture(m.field_date_of_birth(), now)(input.dateOfBirth);
	if (future !== true) throw new ValidationError(m.err_date_future(future), { dateOfBirth: m.err_date_future(future) });
	const person = subj.kind === 'person';
	db.update(subject)
		.set({
			label: input.label,
			dateOfBirth: person ? input.dateOfBirth : null,
			nationality: person ? input.nationality : null,
			residenceCategory: person ? input.residenceCategory : null
		})
		.where(eq(subject.id, subj.id))
		.run();
	addEvent(db, caseId, actor.id, 'shared_updated', 'shared', now);
	log(db, actor, 'update', caseId, 'shared', now, clientAddress, 'betrokkene');
}

/** Puts the case on a table: coordinators on any table, others only on their own tables. */
export function addTable(db: DbOrTx, actor: Actor, caseId: number, raw: unknown, now: Date, clientAddress: string | null = null): void {
	const { facts } = requireManage(db, actor, caseId);
	if (facts.closed) throw new ConflictError(m.err_case_closed());
	const { tableId } = parse(z.object({ tableId: id(m.field_table().toLowerCase()) }), raw);
	const table = db.select().from(deliberationTable).where(eq(deliberationTable.id, tableId)).get();
	const ownTable = actor.memberships.some((x) => x.tableId === tableId);
	if (!table || (!actor.roles.includes('coordinator') && !ownTable)) {
		throw new ValidationError(m.err_table_missing(), { tableId: m.err_table_missing() });
	}
	if (facts.tableIds.includes(tableId)) throw new ValidationError(m.err_case_already_on_table(), { tableId: m.err_case_already_on_table() });
	db.insert(caseTable).values({ caseId, tableId, addedAt: now, addedBy: actor.id }).run();
	addEvent(db, caseId, actor.id, 'table_added', 'shared', now, table.name);
	log(db, actor, 'update', caseId, 'shared', now, clientAddress, `tafel ${tableId} toegevoegd`);
}

/** Takes the case off a table; its members lose access at once (live connections too). */
export function removeTable(db: DbOrTx, actor: Actor, caseId: number, raw: unknown, now: Date, clientAddress: string | null = null): void {
	const { facts } = requireManage(db, actor, caseId);
	const { tableId } = parse(z.object({ tableId: id(m.field_table().toLowerCase()) }), raw);
	if (!facts.tableIds.includes(tableId)) throw new ValidationError(m.err_case_not_on_table(), { tableId: m.err_case_not_on_table() });
	const after = caseAccess(actor, { ...facts, tableIds: facts.tableIds.filter((t) => t !== tableId) });
	if (!after) throw new ValidationError(m.err_case_unreachable(), { tableId: m.err_case_unreachable() });
	const table = db.select({ name: deliberationTable.name }).from(deliberationTable).where(eq(deliberationTable.id, tableId)).get();
	db.delete(caseTable).where(and(eq(caseTable.caseId, caseId), eq(caseTable.tableId, tableId))).run();
	addEvent(db, caseId, actor.id, 'table_removed', 'shared', now, table?.name ?? null);
	log(db, actor, 'update', caseId, 'shared', now, clientAddress, `tafel ${tableId} verwijderd`);
	collabEvents.emit('access-changed', { caseId, tableId });
}

/** Invites a professional for this case only (a school, a GP, a shelter). */
export function addParticipant(db: DbOrTx, actor: Actor, caseId: number, raw: unknown, now: Date, clientAddress: string | null = null): void {
	const { facts } = requireManage(db, actor, caseId);
	if (facts.closed) throw new ConflictError(m.err_case_closed());
	const { userId } = parse(z.object({ userId: id(m.field_person().toLowerCase()) }), raw);
	assertPerson(db, userId, 'userId');
	if (facts.participantIds.includes(userId)) throw new ValidationError(m.err_already_participant(), { userId: m.err_already_participant() });
	db.insert(caseParticipant).values({ caseId, userId, invitedBy: actor.id, invitedAt: now }).run();
	addEvent(db, caseId, actor.id, 'participant_added', 'shared', now, nameOf(db, userId));
	log(db, actor, 'update', caseId, 'shared', now, clientAddress, `deelnemer ${userId} uitgenodigd`);
}

/** Ends a participation; the person loses access at once. */
export function endParticipant(db: DbOrTx, actor: Actor, caseId: number, raw: unknown, now: Date, clientAddress: string | null = null): void {
	requireManage(db, actor, caseId);
	const { participantId } = parse(z.object({ participantId: id(m.field_person().toLowerCase()) }), raw);
	const row = db
		.select()
		.from(caseParticipant)
		.where(and(eq(caseParticipant.id, participantId), eq(caseParticipant.caseId, caseId), isNull(caseParticipant.endedAt)))
		.get();
	if (!row) throw new ValidationError(m.err_not_found(), { participantId: m.err_not_found() });
	db.update(caseParticipant).set({ endedAt: now }).where(eq(caseParticipant.id, participantId)).run();
	addEvent(db, caseId, actor.id, 'participant_ended', 'shared', now, nameOf(db, row.userId));
	log(db, actor, 'update', caseId, 'shared', now, clientAddress, `deelname ${row.userId} beëindigd`);
	collabEvents.emit('access-changed', { caseId, userId: row.userId });
}

function linkRows(db: DbOrTx, a: number, b: number, userId: number, now: Date) {
	const [caseA, caseB] = a < b ? [a, b] : [b, a];
	db.insert(caseLink).values({ caseA, caseB, createdAt: now, createdBy: userId }).onConflictDoNothing().run();
}

/** Links two cases (e.g. victims and their perpetrator); the actor must manage this one and reach the other. */
export function link(db: DbOrTx, actor: Actor, caseId: number, raw: unknown, now: Date, clientAddress: string | null = null): void {
	const { row } = requireManage(db, actor, caseId);
	const { reference } = parse(z.object({ reference: text(m.field_case_reference(), 3, 20) }), raw);
	const other = db.select().from(caseFile).where(eq(caseFile.reference, reference.trim().toUpperCase())).get();
	if (!other || !reachOrNull(db, actor, other.id)) throw new ValidationError(m.err_case_unknown_reference(), { reference: m.err_case_unknown_reference() });
	if (other.id === caseId) throw new ValidationError(m.err_case_link_self(), { reference: m.err_case_link_self() });
	const [caseA, caseB] = caseId < other.id ? [caseId, other.id] : [other.id, caseId];
	const existing = db.select().from(caseLink).where(and(eq(caseLink.caseA, caseA), eq(caseLink.caseB, caseB))).get();
	if (existing) throw new ValidationError(m.err_case_already_linked(), { reference: m.err_case_already_linked() });
	linkRows(db, caseId, other.id, actor.id, now);
	addEvent(db, caseId, actor.id, 'linked', 'shared', now, other.reference);
	addEvent(db, other.id, actor.id, 'linked', 'shared', now, row.reference);
	log(db, actor, 'update', caseId, 'shared', now, clientAddress, `gekoppeld aan ${other.id}`);
}

// ---------------------------------------------------------------------------------------------
// Compartment content

export function zorgInput() {
	return z.object({
		careNeeds: optionalText(m.field_care_needs(), 5000),
		health: optionalText(m.field_health(), 5000),
		shelter: optionalText(m.field_shelter(), 2000)
	});
}

/** Writes care needs, health and shelter (zorg compartment). */
export function updateZorg(db: DbOrTx, actor: Actor, caseId: number, raw: unknown, now: Date, clientAddress: string | null = null): void {
	requireWrite(db, actor, caseId, 'zorg');
	const input = parse(zorgInput(), raw);
	db.update(caseZorg).set({ ...input, updatedAt: now, updatedBy: actor.id }).where(eq(caseZorg.caseId, caseId)).run();
	addEvent(db, caseId, actor.id, 'zorg_updated', 'zorg', now);
	log(db, actor, 'update', caseId, 'zorg', now, clientAddress);
}

/**
 * Records consent and the legal basis for sharing (zorg compartment), with the rules of
 * DOMAIN.md: the person signs from 16, a parent or guardian below; without consent the weighing
 * and the covenant article must be recorded; CoMensha registration by others than police, KMar
 * and the labour inspectorate needs consent.
 */
export function updateConsent(db: DbOrTx, actor: Actor, caseId: number, raw: unknown, now: Date, clientAddress: string | null = null): void {
	const { row } = requireWrite(db, actor, caseId, 'zorg');
	const today = dutchDate(now);
	const input = parse(
		z.object({
			consentStatus: oneOf(CONSENT_STATUSES, m.field_consent_status()),
			consentBy: optionalOneOf(CONSENT_GIVERS, m.field_consent_by()),
			consentDate: optionalDate(m.field_consent_date()),
			consentScope: optionalText(m.field_consent_scope(), 1000),
			consentWithdrawnOn: optionalDate(m.field_consent_withdrawn_on()),
			sharingWeighing: optionalText(m.field_sharing_weighing(), 3000),
			covenantArticle: optionalText(m.field_covenant_article(), 200),
			informed: z
				.union([z.literal('yes'), z.literal('no'), z.literal(''), z.null()])
				.optional()
				.transform((v) => (v === 'yes' ? true : v === 'no' ? false : null)),
			notInformedReason: optionalText(m.field_not_informed_reason(), 1000),
			comensha: oneOf(COMENSHA_STATUSES, m.field_comensha()),
			comenshaBy: optionalOneOf(COMENSHA_REPORTERS, m.field_comensha_by())
		}),
		raw
	);
	const fail = (field: string, message: string): never => {
		throw new ValidationError(message, { [field]: message });
	};
	const hasConsent = input.consentStatus === 'given' || input.consentStatus === 'withdrawn';
	if (hasConsent) {
		if (!input.consentBy) fail('consentBy', m.err_choose({ label: m.field_consent_by().toLowerCase() }));
		if (!input.consentDate) fail('consentDate', m.err_required({ label: m.field_consent_date() }));
		if (input.consentDate! > today) fail('consentDate', m.err_date_future({ label: m.field_consent_date() }));
		const subj = db.select().from(subject).where(eq(subject.id, row.subjectId)).get()!;
		if (subj.dateOfBirth) {
			const age = ageOn(subj.dateOfBirth, input.consentDate!);
			if (age < 16 && input.consentBy !== 'parent_guardian') fail('consentBy', m.err_consent_under_16());
			if (age >= 16 && input.consentBy !== 'person') fail('consentBy', m.err_consent_from_16());
		}
		if (!input.consentScope) fail('consentScope', m.err_required({ label: m.field_consent_scope() }));
	}
	if (input.consentStatus === 'withdrawn') {
		if (!input.consentWithdrawnOn) fail('consentWithdrawnOn', m.err_required({ label: m.field_consent_withdrawn_on() }));
		if (input.consentWithdrawnOn! < input.consentDate!) fail('consentWithdrawnOn', m.err_withdrawn_before_consent());
		if (input.consentWithdrawnOn! > today) fail('consentWithdrawnOn', m.err_date_future({ label: m.field_consent_withdrawn_on() }));
	}
	if (input.consentStatus !== 'given') {
		if (!input.sharingWeighing) fail('sharingWeighing', m.err_weighing_required());
		if (!input.covenantArticle) fail('covenantArticle', m.err_article_required());
	}
	if (input.informed === false && !input.notInformedReason) fail('notInformedReason', m.err_not_informed_reason());
	if (input.comensha === 'registered') {
		if (!input.comenshaBy) fail('comenshaBy', m.err_choose({ label: m.field_comensha_by().toLowerCase() }));
		if (input.comenshaBy === 'other' && input.consentStatus !== 'given') fail('comensha', m.err_comensha_needs_consent());
	}
	db.update(caseZorg)
		.set({
			...input,
			consentBy: hasConsent ? input.consentBy : null,
			consentDate: hasConsent ? input.consentDate : null,
			consentScope: hasConsent ? input.consentScope : null,
			consentWithdrawnOn: input.consentStatus === 'withdrawn' ? input.consentWithdrawnOn : null,
			notInformedReason: input.informed === false ? input.notInformedReason : null,
			comenshaBy: input.comensha === 'registered' ? input.comenshaBy : null,
			updatedAt: now,
			updatedBy: actor.id
		})
		.where(eq(caseZorg.caseId, caseId))
		.run();
	addEvent(db, caseId, actor.id, 'consent_updated', 'zorg', now, input.consentStatus);
	log(db, actor, 'update', caseId, 'zorg', now, clientAddress, 'toestemming');
}

export function veiligheidInput() {
	return z.object({
		policeInfo: optionalText(m.field_police_info(), 5000),
		investigation: optionalText(m.field_investigation(), 5000),
		bibobInfo: optionalText(m.field_bibob_info(), 5000)
	});
}

/** Writes police, investigation and Bibob information (veiligheid compartment). */
export function updateVeiligheid(db: DbOrTx, actor: Actor, caseId: number, raw: unknown, now: Date, clientAddress: string | null = null): void {
	requireWrite(db, actor, caseId, 'veiligheid');
	const input = parse(veiligheidInput(), raw);
	db.update(caseVeiligheid).set({ ...input, updatedAt: now, updatedBy: actor.id }).where(eq(caseVeiligheid.caseId, caseId)).run();
	addEvent(db, caseId, actor.id, 'veiligheid_updated', 'veiligheid', now);
	log(db, actor, 'update', caseId, 'veiligheid', now, clientAddress);
}

/** Records an administrative intervention (veiligheid compartment). */
export function addIntervention(db: DbOrTx, actor: Actor, caseId: number, raw: unknown, now: Date, clientAddress: string | null = null): void {
	requireWrite(db, actor, caseId, 'veiligheid');
	const input = parse(
		z.object({
			kind: oneOf(INTERVENTION_KINDS, m.field_intervention_kind()),
			status: oneOf(INTERVENTION_STATUSES, m.field_status()),
			decidedOn: optionalDate(m.field_decided_on()),
			note: optionalText(m.field_note(), 2000)
		}),
		raw
	);
	if (input.decidedOn && input.decidedOn > dutchDate(now)) {
		throw new ValidationError(m.err_date_future({ label: m.field_decided_on() }), { decidedOn: m.err_date_future({ label: m.field_decided_on() }) });
	}
	db.insert(caseIntervention).values({ caseId, ...input, createdAt: now, createdBy: actor.id }).run();
	addEvent(db, caseId, actor.id, 'intervention', 'veiligheid', now, input.kind);
	log(db, actor, 'update', caseId, 'veiligheid', now, clientAddress, `interventie ${input.kind}`);
}

/** Changes the status of an intervention. */
export function setInterventionStatus(db: DbOrTx, actor: Actor, caseId: number, raw: unknown, now: Date, clientAddress: string | null = null): void {
	requireWrite(db, actor, caseId, 'veiligheid');
	const input = parse(z.object({ interventionId: id('interventie'), status: oneOf(INTERVENTION_STATUSES, m.field_status()) }), raw);
	const row = db
		.select()
		.from(caseIntervention)
		.where(and(eq(caseIntervention.id, input.interventionId), eq(caseIntervention.caseId, caseId)))
		.get();
	if (!row) throw new ValidationError(m.err_not_found(), { interventionId: m.err_not_found() });
	db.update(caseIntervention).set({ status: input.status }).where(eq(caseIntervention.id, row.id)).run();
	addEvent(db, caseId, actor.id, 'intervention', 'veiligheid', now, `${row.kind}: ${input.status}`);
	log(db, actor, 'update', caseId, 'veiligheid', now, clientAddress, `interventie ${row.id} ${input.status}`);
}

// ---------------------------------------------------------------------------------------------
// Start pages

export interface StartOverview {
	deadlines: CaseListRow[];
	waitingForPlan: CaseListRow[];
	pipeline: Array<{ status: CaseFile['status']; count: number }>;
	interventions: Array<{ caseId: number; reference: string; kind: CaseIntervention['kind']; status: CaseIntervention['status']; decidedOn: string | null }>;
	withoutOwnerOrPlan: CaseListRow[];
}

/** What the start page shows about cases, per the viewer's domain and roles (not logged as a view of content). */
export function overview(db: DbOrTx, actor: Actor, now: Date): StartOverview {
	const empty: StartOverview = { deadlines: [], waitingForPlan: [], pipeline: [], interventions: [], withoutOwnerOrPlan: [] };
	if (isGuardian(actor)) return empty;
	const today = dutchDate(now);
	const reached = reachableCases(db, actor);
	const rows = reached.map((r) => toListRow(db, r, today));
	const open = rows.filter((r) => r.status !== 'closed');
	const veiligheidTables = new Set(actor.memberships.filter((x) => x.tableKind === 'avo' || x.tableKind === 'stuurtafel').map((x) => x.tableId));
	const pipelineCases = reached.filter((r) => r.row.kind === 'perpetrator' && r.facts.tableIds.some((t) => veiligheidTables.has(t)));
	const counts = new Map<CaseFile['status'], number>();
	for (const r of pipelineCases) counts.set(r.row.status, (counts.get(r.row.status) ?? 0) + 1);
	const withVeiligheid = reached.filter((r) => r.access.compartments.has('veiligheid')).map((r) => r.row.id);
	const interventions = withVeiligheid.length
		? db
				.select({ caseId: caseIntervention.caseId, reference: caseFile.reference, kind: caseIntervention.kind, status: caseIntervention.status, decidedOn: caseIntervention.decidedOn })
				.from(caseIntervention)
				.innerJoin(caseFile, eq(caseFile.id, caseIntervention.caseId))
				.where(and(inArray(caseIntervention.caseId, withVeiligheid), inArray(caseIntervention.status, ['planned', 'in_progress'])))
				.all()
		: [];
	return {
		deadlines: open.filter((r) => r.deadlineSoon).sort((a, b) => (a.nextDeadline?.days ?? 0) - (b.nextDeadline?.days ?? 0)),
		waitingForPlan: open.filter((r) => r.kind === 'victim' && (r.status === 'registered' || r.status === 'in_discussion')),
		pipeline: (['registered', 'in_preparation', 'in_progress'] as const).map((status) => ({ status, count: counts.get(status) ?? 0 })),
		interventions,
		withoutOwnerOrPlan: actor.roles.includes('coordinator') ? open.filter((r) => r.ownerName === null || r.status === 'registered') : []
	};
}

/** The cases created from a signal (for the signal page), as far as the actor reaches them. */
export function fromSignal(db: DbOrTx, actor: Actor, signalId: number): Array<{ id: number; reference: string }> {
	const ids = db.select({ id: caseSignal.caseId }).from(caseSignal).where(eq(caseSignal.signalId, signalId)).all();
	return ids.flatMap(({ id: caseId }) => {
		const r = reachOrNull(db, actor, caseId)?.row;
		return r ? [{ id: r.id, reference: r.reference }] : [];
	});
}
