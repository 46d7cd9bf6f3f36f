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
 *   const noor = await b.account({ email: 'noor@voorbeeld.nl', password: 'een-lang-wachtwoord' }); // can sign in
 */
import type { Db } from '../../src/lib/server/db';
import {
	agendaItem,
	caseEvent,
	caseFile,
	caseIntervention,
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
	type CaseIntervention,
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
import * as Y from 'yjs';
import { collabSnapshot, signalEvent as signalEventTable } from '../../src/lib/server/db/schema';
import type { SignalEventKind } from '../../src/lib/domain/signals';
import { actionsOf, notesOf, pushAction, type ActionValue } from '../../src/lib/collab/schema';
import { planDocName } from '../../src/lib/collab/names';
import { reconcile } from '../../src/lib/server/actions/projection';
import { hashPassword } from '../../src/lib/server/auth/passwords';
import type { CaseEventKind } from '../../src/lib/domain/cases';
import type { Form } from '../../src/lib/domain/signals';

/** What `b.person` takes; every field is optional. */
export interface PersonInput {
	name?: string;
	email?: string;
	domain?: Domain;
	roles?: Role[];
	org?: Ref;
	active?: boolean;
	municipality?: string;
	/** Marks a demo account (signs in only in demo mode). */
	demo?: boolean;
	/** A stored hash; use `b.account({ password })` to get one the app accepts. */
	passwordHash?: string;
}

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
			.values({
				name: o.name ?? `Organisatie ${i}`,
				defaultDomain: o.domain ?? 'zorg',
				municipality: o.municipality ?? 'Teststad'
			})
			.returning()
			.get();
	}

	let defaultOrg: ReturnType<typeof org> | null = null;

	function person(p: PersonInput = {}) {
		const i = next();
		const organisationId = p.org
			? p.org.id
			: p.municipality
				? org({ municipality: p.municipality, domain: p.domain }).id
				: (defaultOrg ??= org()).id;
		return db
			.insert(user)
			.values({
				email: p.email ?? `persoon${i}@test.invalid`,
				name: p.name ?? `Persoon ${i}`,
				organisationId,
				domain: p.domain ?? 'zorg',
				roles: p.roles ?? [],
				// Not a valid hash: builder accounts cannot sign in unless made with `account` (a password).
				passwordHash: p.passwordHash ?? 'x',
				active: p.active ?? true,
				isDemo: p.demo ?? false
			})
			.returning()
			.get();
	}

	/** A person who can sign in: `person` with the password hashed as the app hashes it (argon2id, slow on purpose). */
	async function account(p: PersonInput & { password: string }) {
		const { password, ...rest } = p;
		return person({ ...rest, passwordHash: await hashPassword(password) });
	}

	function table(t: { kind?: TableKind; name?: string; policy?: CompartmentPolicy } = {}): DeliberationTable {
		const i = next();
		const kind = t.kind ?? 'zorgtafel';
		return db
			.insert(deliberationTable)
			.values({
				kind,
				name: t.name ?? `Tafel ${i}`,
				legalBasis: 'Convenant (test)',
				compartmentPolicy: t.policy ?? defaultCompartmentPolicy(kind)
			})
			.returning()
			.get();
	}

	function member(
		t: Ref,
		u: Ref,
		role: MembershipRole = 'member',
		status: 'active' | 'pending' | 'ended' = 'active'
	) {
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

	function subjectRow(
		s: {
			kind?: 'person' | 'organisation' | 'premises';
			label?: string;
			dateOfBirth?: string | null;
			residenceCategory?: 'nl' | 'eu' | 'third_country' | 'asylum' | null;
		} = {}
	) {
		const i = next();
		return db
			.insert(subject)
			.values({
				kind: s.kind ?? 'person',
				label: s.label ?? `X.${i}.`,
				dateOfBirth: s.dateOfBirth ?? null,
				residenceCategory: s.residenceCategory ?? null
			})
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
			forms?: Form[];
			avePhase?: number;
			/** Legal deadlines (calendar dates), as `cases.setDeadlines` stores them. */
			reflectionStart?: string | null;
			reflectionEnd?: string | null;
			cosmStart?: string | null;
			cosmEnd?: string | null;
			/** Content of the zorg and veiligheid compartments (care needs, police information, …). */
			zorg?: Omit<typeof caseZorg.$inferInsert, 'caseId'>;
			veiligheid?: Omit<typeof caseVeiligheid.$inferInsert, 'caseId'>;
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
				forms: c.forms ?? [],
				status: c.status ?? 'registered',
				avePhase: c.avePhase ?? 1,
				ownerId: c.owner === undefined ? creator.id : (c.owner?.id ?? null),
				caseLeadId: c.caseLead?.id ?? null,
				processLeadId: c.processLead?.id ?? null,
				reflectionStart: c.reflectionStart ?? null,
				reflectionEnd: c.reflectionEnd ?? null,
				cosmStart: c.cosmStart ?? null,
				cosmEnd: c.cosmEnd ?? null,
				createdAt: at,
				createdBy: creator.id,
				closedAt: c.status === 'closed' ? at : null
			})
			.returning()
			.get();
		db.insert(caseZorg)
			.values({ ...c.zorg, caseId: row.id })
			.run();
		db.insert(caseVeiligheid)
			.values({ ...c.veiligheid, caseId: row.id })
			.run();
		db.insert(casePhase).values({ caseId: row.id, phase: 1, at, byUserId: creator.id }).run();
		for (const t of c.tables ?? [])
			db.insert(caseTable).values({ caseId: row.id, tableId: t.id, addedAt: at }).run();
		return row;
	}

	/** An invited participant of a case; `endedAt` makes it an ended invitation. */
	function participant(c: Ref, u: Ref, p: { endedAt?: Date | null } = {}) {
		return db
			.insert(caseParticipant)
			.values({ caseId: c.id, userId: u.id, invitedAt: at, endedAt: p.endedAt ?? null })
			.returning()
			.get();
	}

	/** An administrative intervention on a case (veiligheid compartment). */
	function intervention(
		c: Ref,
		i: {
			kind?: CaseIntervention['kind'];
			status?: CaseIntervention['status'];
			decidedOn?: string | null;
			note?: string | null;
			createdBy: Ref;
		}
	): CaseIntervention {
		return db
			.insert(caseIntervention)
			.values({
				caseId: c.id,
				kind: i.kind ?? 'inspection',
				status: i.status ?? 'planned',
				decidedOn: i.decidedOn ?? null,
				note: i.note ?? null,
				createdAt: at,
				createdBy: i.createdBy.id
			})
			.returning()
			.get();
	}

	/** A timeline entry on a case, in one compartment (default: shared). */
	function event(
		c: Ref,
		e: { kind: CaseEventKind; compartment?: Compartment; detail?: string | null; by?: Ref | null; at?: Date }
	) {
		return db
			.insert(caseEvent)
			.values({
				caseId: c.id,
				at: e.at ?? at,
				userId: e.by?.id ?? null,
				kind: e.kind,
				compartment: e.compartment ?? 'shared',
				detail: e.detail ?? null
			})
			.returning()
			.get();
	}

	/** Links two cases the way the domain stores it (lower id first), with timeline entries naming each other. */
	function link(a: CaseFile, b: CaseFile) {
		const [caseA, caseB] = a.id < b.id ? [a.id, b.id] : [b.id, a.id];
		db.insert(caseLink).values({ caseA, caseB, createdAt: at }).run();
		db.insert(caseEvent)
			.values({ caseId: a.id, at, kind: 'linked', compartment: 'shared', detail: b.reference })
			.run();
		db.insert(caseEvent)
			.values({ caseId: b.id, at, kind: 'linked', compartment: 'shared', detail: a.reference })
			.run();
	}

	function meetingRow(m: {
		table: Ref;
		startsAt?: Date;
		status?: 'draft' | 'published' | 'in_progress' | 'closed' | 'minutes_approved';
		createdBy: Ref;
		place?: string;
	}) {
		return db
			.insert(meeting)
			.values({
				tableId: m.table.id,
				startsAt: m.startsAt ?? new Date(at.getTime() + 7 * 86_400_000),
				status: m.status ?? 'draft',
				createdBy: m.createdBy.id,
				createdAt: at,
				place: m.place ?? null
			})
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

	function decisionRow(d: {
		meeting: { id: number; tableId: number };
		text?: string;
		caseId?: Ref | number | null;
		kind?:
			| 'escalate_riec'
			| 'escalate_zvh'
			| 'start_care'
			| 'administrative_intervention'
			| 'close_case'
			| 'other';
		createdBy: Ref;
		/** The agenda item it was taken at. */
		agendaItem?: Ref | null;
		followUpOwner?: Ref | null;
		/** A calendar date (YYYY-MM-DD). */
		followUpDate?: string | null;
		status?: 'open' | 'implemented' | 'dropped';
	}) {
		return db
			.insert(decision)
			.values({
				meetingId: d.meeting.id,
				tableId: d.meeting.tableId,
				caseId: d.caseId ? idOf(d.caseId) : null,
				agendaItemId: d.agendaItem?.id ?? null,
				followUpOwnerId: d.followUpOwner?.id ?? null,
				followUpDate: d.followUpDate ?? null,
				status: d.status ?? 'open',
				kind: d.kind ?? 'other',
				text: d.text ?? `Besluit ${next()}`,
				createdBy: d.createdBy.id,
				createdAt: at
			})
			.returning()
			.get();
	}

	/**
	 * An escalation in a state since a moment (default: the builder's time), with one step into that
	 * state. `closedAt`: when an ended route ended (the domain sets it on its last step).
	 */
	function escalationRow(e: {
		caseId: Ref | number;
		target: 'riec' | 'zvh';
		state?: string;
		fromTable?: Ref | null;
		openedBy: Ref;
		since?: Date;
		closedAt?: Date | null;
	}) {
		const state = (e.state ?? 'proposed') as typeof escalation.$inferInsert.state;
		const since = e.since ?? at;
		const row = db
			.insert(escalation)
			.values({
				caseId: idOf(e.caseId),
				target: e.target,
				state,
				stateSince: since,
				fromTableId: e.fromTable?.id ?? null,
				openedBy: e.openedBy.id,
				openedAt: since,
				closedAt: e.closedAt ?? null
			})
			.returning()
			.get();
		db.insert(escalationStep)
			.values({ escalationId: row.id, fromState: null, toState: state, byUserId: e.openedBy.id, at: since })
			.run();
		return row;
	}

	function signalRow(s: {
		registeredBy: Ref;
		reporter?: Ref | null;
		municipality?: string;
		description?: string;
		status?: 'received' | 'in_triage' | 'forwarded' | 'converted' | 'closed_no_action';
		/** Without a reporter: `citizen` unless a test names another source. */
		source?: 'citizen' | 'partner' | 'anonymous';
		urgency?: 'normal' | 'high' | 'acute';
		forms?: Form[];
		receivedAt?: Date;
		/** When it was closed or forwarded (retention runs from here). */
		settledAt?: Date | null;
		closedReason?: string | null;
	}) {
		const i = next();
		return db
			.insert(signal)
			.values({
				reference: `M-2026-${String(9000 + i)}`,
				receivedAt: s.receivedAt ?? at,
				source: s.reporter === null ? (s.source ?? 'citizen') : 'reporter',
				reporterUserId: s.reporter === null ? null : (s.reporter ?? s.registeredBy).id,
				registeredBy: s.registeredBy.id,
				municipality: s.municipality ?? 'Teststad',
				description: s.description ?? `Waarneming ${i}`,
				locationKind: 'home',
				forms: s.forms ?? [],
				indicators: [],
				urgency: s.urgency ?? 'normal',
				status: s.status ?? 'received',
				settledAt: s.settledAt ?? null,
				closedReason: s.closedReason ?? null
			})
			.returning()
			.get();
	}

	/** A timeline entry of a signal (`received`, `triage_started`, …) at a moment (default: the builder's time). */
	function signalEvent(
		s: Ref,
		e: { kind: SignalEventKind; at?: Date; by?: Ref | null; detail?: string | null }
	) {
		return db
			.insert(signalEventTable)
			.values({
				signalId: s.id,
				kind: e.kind,
				at: e.at ?? at,
				userId: e.by?.id ?? null,
				detail: e.detail ?? null
			})
			.returning()
			.get();
	}

	/**
	 * A plan document of a case (`shared`: the shared plan, or the zorg or veiligheid plan) with
	 * notes and actions, written as the demo seed writes plans: a stored Yjs snapshot the
	 * collaboration server loads, projected into `case_action` like any change. An action the
	 * projection would repair (an owner who may not see the compartment, a date before the case)
	 * is a mistake in the test: it throws. Returns the actions as stored.
	 */
	function plan(
		c: Ref,
		p: {
			compartment?: Compartment;
			by: Ref;
			notes?: string[];
			actions?: Array<{
				id?: string;
				title: string;
				owner?: Ref | null;
				dueDate?: string | null;
				status?: ActionValue['status'];
				reason?: string | null;
				/** The meeting or decision the action came from (the review of earlier meetings). */
				origin?: { kind: 'meeting' | 'decision'; id: number } | null;
			}>;
		}
	): ActionValue[] {
		const compartment = p.compartment ?? 'shared';
		const values: ActionValue[] = (p.actions ?? []).map((a) => ({
			id: a.id ?? `actie-test-${String(next()).padStart(4, '0')}`,
			title: a.title,
			ownerId: a.owner?.id ?? null,
			dueDate: a.dueDate ?? null,
			status: a.status ?? 'open',
			reason: a.reason ?? null,
			originKind: a.origin?.kind ?? null,
			originId: a.origin?.id ?? null,
			createdAt: at.getTime(),
			createdBy: p.by.id
		}));
		const doc = new Y.Doc();
		doc.transact(() => {
			for (const text of p.notes ?? []) {
				const paragraph = new Y.XmlElement('paragraph');
				paragraph.insert(0, [new Y.XmlText(text)]);
				notesOf(doc).push([paragraph]);
			}
			for (const v of values) pushAction(doc, v);
		});
		const { repairs } = reconcile(db, { caseId: c.id, compartment }, actionsOf(doc), {
			userId: p.by.id,
			now: at,
			server: true
		});
		if (repairs.length)
			throw new Error(
				`builder: plan actions repaired: ${JSON.stringify(repairs.map((r) => [r.value.title, r.fields]))}`
			);
		db.insert(collabSnapshot)
			.values({
				document: planDocName(c.id, compartment),
				state: Buffer.from(Y.encodeStateAsUpdate(doc)),
				upto: 0,
				updatedAt: at
			})
			.run();
		doc.destroy();
		return values;
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
		account,
		table,
		member,
		subject: subjectRow,
		caseFile: caseFileRow,
		participant,
		intervention,
		event,
		link,
		meeting: meetingRow,
		item,
		decision: decisionRow,
		escalation: escalationRow,
		signal: signalRow,
		signalEvent,
		plan,
		actor,
		ctx
	};
}

export type Builder = ReturnType<typeof builder>;
export type { Compartment };
