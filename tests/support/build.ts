/**
 * A small test-data builder: tests insert exactly the rows they need, with names they choose,
 * instead of looking up demo seed text (which breaks when the demo changes). Rows go straight into
 * the tables (no domain rules, no log entries), so a test sees only what it made and what the
 * function under test did. The demo seed stays for demo mode and the browser journeys.
 *
 *   const db = freshDb();
 *   const b = builder(db);
 *   const zt = b.table({ kind: 'zorgtafel' });
 *   const anna = b.person({ domain: 'zorg', roles: ['coordinator'] });
 *   b.member(zt, anna, 'chair');
 *   const c = b.caseFile({ kind: 'victim', tables: [zt], owner: anna });
 *   const ctx = b.ctx(anna);
 */
import type { Db } from '../../src/lib/server/db';
import {
	agendaItem,
	caseEvent,
	caseFile,
	caseLink,
	caseParticipant,
	casePhase,
	caseTable,
	caseVeiligheid,
	caseZorg,
	decision,
	deliberationTable,
	escalation,
	escalationStep,
	meeting,
	membership,
	organisation,
	signal,
	subject,
	user,
	type CaseFile,
	type Compartment,
	type CompartmentPolicy,
	type DeliberationTable,
	type Domain,
	type MembershipRole,
	type Role,
	type TableKind
} from '../../src/lib/server/db/schema';
import * as actors from '../../src/lib/server/actors';
import { defaultCompartmentPolicy } from '../../src/lib/server/policy';
import { createContext, type Ctx, type Purpose } from '../../src/lib/server/context';

/** The moment builder rows are stamped with unless a test says otherwise. */
export const BUILT_AT = new Date('2026-11-02T09:00:00Z');

type Ref = { id: number };
const idOf = (r: Ref | number) => (typeof r === 'number' ? r : r.id);

/** A builder bound to one database; names and references are unique per builder. */
export function builder(db: Db, at: Date = BUILT_AT) {
	let n = 0;
	const next = () => ++n;

	function org(o: { name?: string; domain?: Domain; municipality?: string } = {}) {
		const i = next();
		return db
			.insert(organisation)
			.values({ name: o.name ?? `Organisatie ${i}`, defaultDomain: o.domain ?? 'zorg', municipality: o.municipality ?? 'Teststad' })
			.returning()
			.get();
	}

	let defaultOrg: ReturnType<typeof org> | null = null;

	function person(p: { name?: string; email?: string; domain?: Domain; roles?: Role[]; org?: Ref; active?: boolean; municipality?: string } = {}) {
		const i = next();
		const organisationId = p.org ? p.org.id : p.municipality ? org({ municipality: p.municipality, domain: p.domain }).id : (defaultOrg ??= org()).id;
		return db
			.insert(user)
			.values({
				email: p.email ?? `persoon${i}@test.invalid`,
				name: p.name ?? `Persoon ${i}`,
				organisationId,
				domain: p.domain ?? 'zorg',
				roles: p.roles ?? [],
				// Not a valid hash: builder accounts cannot sign in unless a test sets a password.
				passwordHash: 'x',
				active: p.active ?? true
			})
			.returning()
			.get();
	}

	function table(t: { kind?: TableKind; name?: string; policy?: CompartmentPolicy } = {}): DeliberationTable {
		const i = next();
		const kind = t.kind ?? 'zorgtafel';
		return db
			.insert(deliberationTable)
			.values({ kind, name: t.name ?? `Tafel ${i}`, legalBasis: 'Convenant (test)', compartmentPolicy: t.policy ?? defaultCompartmentPolicy(kind) })
			.returning()
			.get();
	}

	function member(t: Ref, u: Ref, role: MembershipRole = 'member', status: 'active' | 'pending' | 'ended' = 'active') {
		return db
			.insert(membership)
			.values({
				tableId: t.id,
				userId: u.id,
				role,
				status,
				confirmedAt: status === 'pending' ? null : at,
				endedAt: status === 'ended' ? at : null
			})
			.returning()
			.get();
	}

	function subjectRow(s: { kind?: 'person' | 'organisation' | 'premises'; label?: string; dateOfBirth?: string | null; residenceCategory?: 'nl' | 'eu' | 'third_country' | 'asylum' | null } = {}) {
		const i = next();
		return db
			.insert(subject)
			.values({ kind: s.kind ?? 'person', label: s.label ?? `X.${i}.`, dateOfBirth: s.dateOfBirth ?? null, residenceCategory: s.residenceCategory ?? null })
			.returning()
			.get();
	}

	function caseFileRow(
		c: {
			kind?: 'victim' | 'perpetrator';
			subject?: Ref;
			label?: string;
			tables?: Ref[];
			owner?: Ref | null;
			caseLead?: Ref | null;
			processLead?: Ref | null;
			status?: CaseFile['status'];
			createdBy?: Ref;
			reference?: string;
		} = {}
	): CaseFile {
		const i = next();
		const kind = c.kind ?? 'victim';
		const creator = c.createdBy ?? c.owner ?? person({ roles: ['coordinator'] });
		const row = db
			.insert(caseFile)
			.values({
				reference: c.reference ?? `${kind === 'victim' ? 'S' : 'D'}-2026-${String(9000 + i)}`,
				kind,
				subjectId: (c.subject ?? subjectRow({ label: c.label })).id,
				forms: [],
				status: c.status ?? 'registered',
				avePhase: 1,
				ownerId: c.owner === undefined ? creator.id : (c.owner?.id ?? null),
				caseLeadId: c.caseLead?.id ?? null,
				processLeadId: c.processLead?.id ?? null,
				createdAt: at,
				createdBy: creator.id,
				closedAt: c.status === 'closed' ? at : null
			})
			.returning()
			.get();
		db.insert(caseZorg).values({ caseId: row.id }).run();
		db.insert(caseVeiligheid).values({ caseId: row.id }).run();
		db.insert(casePhase).values({ caseId: row.id, phase: 1, at, byUserId: creator.id }).run();
		for (const t of c.tables ?? []) db.insert(caseTable).values({ caseId: row.id, tableId: t.id, addedAt: at }).run();
		return row;
	}

	function participant(c: Ref, u: Ref) {
		return db.insert(caseParticipant).values({ caseId: c.id, userId: u.id, invitedAt: at }).returning().get();
	}

	/** Links two cases the way the domain stores it (lower id first), with timeline entries naming each other. */
	function link(a: CaseFile, b: CaseFile) {
		const [caseA, caseB] = a.id < b.id ? [a.id, b.id] : [b.id, a.id];
		db.insert(caseLink).values({ caseA, caseB, createdAt: at }).run();
		db.insert(caseEvent).values({ caseId: a.id, at, kind: 'linked', compartment: 'shared', detail: b.reference }).run();
		db.insert(caseEvent).values({ caseId: b.id, at, kind: 'linked', compartment: 'shared', detail: a.reference }).run();
	}

	function meetingRow(m: { table: Ref; startsAt?: Date; status?: 'draft' | 'published' | 'in_progress' | 'closed' | 'minutes_approved'; createdBy: Ref; place?: string }) {
		return db
			.insert(meeting)
			.values({ tableId: m.table.id, startsAt: m.startsAt ?? new Date(at.getTime() + 7 * 86_400_000), status: m.status ?? 'draft', createdBy: m.createdBy.id, createdAt: at, place: m.place ?? null })
			.returning()
			.get();
	}

	function item(m: Ref, i: { caseId?: Ref | number | null; title?: string | null; position?: number } = {}) {
		return db
			.insert(agendaItem)
			.values({
				meetingId: m.id,
				position: i.position ?? next(),
				kind: i.caseId ? 'case' : 'general',
				caseId: i.caseId ? idOf(i.caseId) : null,
				title: i.caseId ? null : (i.title ?? `Onderwerp ${n}`),
				createdAt: at
			})
			.returning()
			.get();
	}

	function decisionRow(d: { meeting: { id: number; tableId: number }; text?: string; caseId?: Ref | number | null; kind?: 'escalate_riec' | 'escalate_zvh' | 'start_care' | 'administrative_intervention' | 'close_case' | 'other'; createdBy: Ref }) {
		return db
			.insert(decision)
			.values({
				meetingId: d.meeting.id,
				tableId: d.meeting.tableId,
				caseId: d.caseId ? idOf(d.caseId) : null,
				kind: d.kind ?? 'other',
				text: d.text ?? `Besluit ${next()}`,
				createdBy: d.createdBy.id,
				createdAt: at
			})
			.returning()
			.get();
	}

	function escalationRow(e: { caseId: Ref | number; target: 'riec' | 'zvh'; state?: string; fromTable?: Ref | null; openedBy: Ref }) {
		const state = (e.state ?? 'proposed') as typeof escalation.$inferInsert.state;
		const row = db
			.insert(escalation)
			.values({ caseId: idOf(e.caseId), target: e.target, state, stateSince: at, fromTableId: e.fromTable?.id ?? null, openedBy: e.openedBy.id, openedAt: at })
			.returning()
			.get();
		db.insert(escalationStep).values({ escalationId: row.id, fromState: null, toState: state, byUserId: e.openedBy.id, at }).run();
		return row;
	}

	function signalRow(s: { registeredBy: Ref; reporter?: Ref | null; municipality?: string; description?: string; status?: 'received' | 'in_triage' | 'forwarded' | 'converted' | 'closed_no_action' }) {
		const i = next();
		return db
			.insert(signal)
			.values({
				reference: `M-2026-${String(9000 + i)}`,
				receivedAt: at,
				source: s.reporter === null ? 'citizen' : 'reporter',
				reporterUserId: s.reporter === null ? null : (s.reporter ?? s.registeredBy).id,
				registeredBy: s.registeredBy.id,
				municipality: s.municipality ?? 'Teststad',
				description: s.description ?? `Waarneming ${i}`,
				locationKind: 'home',
				forms: [],
				indicators: [],
				urgency: 'normal',
				status: s.status ?? 'received'
			})
			.returning()
			.get();
	}

	/** The actor as the policy sees them (active memberships only). */
	function actor(u: Ref) {
		const a = actors.load(db, u.id);
		if (!a) throw new Error(`builder: user ${u.id} is inactive or missing`);
		return a;
	}

	/** A request context for this person at a moment (default: the builder's time). */
	function ctx(u: Ref, now: Date = at, purpose: Purpose | null = null, clientAddress = '192.0.2.1'): Ctx {
		return createContext({ actor: actor(u), now, clientAddress, purpose });
	}

	return {
		org,
		person,
		table,
		member,
		subject: subjectRow,
		caseFile: caseFileRow,
		participant,
		link,
		meeting: meetingRow,
		item,
		decision: decisionRow,
		escalation: escalationRow,
		signal: signalRow,
		actor,
		ctx
	};
}

export type Builder = ReturnType<typeof builder>;
export type { Compartment };
