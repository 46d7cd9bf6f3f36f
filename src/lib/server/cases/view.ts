/**
 * One case, rendered for one viewer. Each compartment is loaded only when the viewer may see it —
 * the query for a hidden compartment is never run, so its content cannot end up in a page, a data
 * response or an error — and the view is noted once with exactly the compartments it contained.
 */
import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import {
	caseIntervention,
	caseLink,
	caseParticipant,
	casePhase,
	caseSignal,
	caseVeiligheid,
	caseZorg,
	caseFile,
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
	type Subject,
	type TableKind
} from '../db/schema';
import type { Ctx } from '../context';
import * as audit from '../audit';
import { mayManageCase, mayWriteCompartment, signalView } from '../policy';
import { allowedNextStatuses, careRoute, maxDeadlineEnd, type CareRoute } from '../../domain/cases';
import { ageOn, dutchDate } from '../../dates';
import { reach, reachOrNull } from './reach';
import { nameOf } from './people';
import { timelineFor, type TimelineEntry } from './timeline';

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
	tables: Array<{ id: number; name: string; kind: TableKind }>;
	participants: Array<{ id: number; userId: number; name: string; organisationName: string }>;
	phases: Array<{ phase: number; at: Date; byName: string | null; note: string | null }>;
	linked: Array<{ id: number; reference: string; kind: CaseFile['kind'] }>;
	sameSubject: Array<{ id: number; reference: string; kind: CaseFile['kind'] }>;
	signals: Array<{ id: number; reference: string }>;
	compartments: Compartment[];
	zorg: CaseZorg | null;
	veiligheid: (CaseVeiligheid & { interventions: CaseIntervention[] }) | null;
	timeline: TimelineEntry[];
	may: { manage: boolean; writeShared: boolean; writeZorg: boolean; writeVeiligheid: boolean };
	nextStatuses: CaseFile['status'][];
}

/** The case as this actor may see it; noted as one view with the compartments it contained. */
export function get(db: DbOrTx, ctx: Ctx, caseId: number): CaseView {
	const { actor } = ctx;
	const r = reach(db, ctx, caseId);
	const { row, facts, access } = r;
	const today = dutchDate(ctx.now);
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
			const o = reachOrNull(db, ctx, other)?.row;
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
	const zorg = sees('zorg')
		? (db.select().from(caseZorg).where(eq(caseZorg.caseId, caseId)).get() ?? null)
		: null;
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
	const timeline = timelineFor(db, ctx, r);

	audit.viewed(ctx, { action: 'view', objectType: 'case', objectId: caseId, compartments: visible });

	const manage = mayManageCase(actor, facts);
	return {
		case: row,
		subject: subj,
		age: subj.dateOfBirth ? ageOn(subj.dateOfBirth, today) : null,
		careRoute:
			row.kind === 'victim' && subj.kind === 'person'
				? careRoute(subj.residenceCategory, subj.dateOfBirth, today)
				: null,
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
