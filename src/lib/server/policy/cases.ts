/**
 * Cases: reach, compartments, managing, who may hold a case role, which tables a case may be put
 * on, the start page's case sections, list scope, and what a timeline entry may show
 * (DESIGN.md §3.1–3.2, §3.8). Part of the one access policy: pure functions over facts.
 */
import type { Compartment, Role, TableKind } from '../db/schema';
import { activeMembership, isGuardian, isReporterOnly, type Actor } from './actor';
import { signalView, type SignalFacts } from './signals';

// ---------------------------------------------------------------------------------------------
// Cases

export type CaseStatusKind = 'open' | 'closed';

/** What the policy needs to know about a case. */
export interface CaseFacts {
	tableIds: readonly number[];
	participantIds: readonly number[];
	ownerId: number | null;
	caseLeadId: number | null;
	processLeadId: number | null;
	closed: boolean;
}

export interface CaseAccess {
	/** Every compartment the actor may read, always including `shared`. */
	compartments: ReadonlySet<Compartment>;
	/** The tables through which the actor reaches the case (for table-scoped content). */
	viaTables: readonly number[];
	/** Owner, case lead or process lead. */
	personal: boolean;
	participant: boolean;
}

/**
 * How the actor reaches a case, or null when they do not (then it does not exist for them: 404).
 * Union over: each table the case is on where the actor is an active member (the table's policy
 * for their domain), invitation as participant, and owner/lead (shared + own domain).
 */
export function caseAccess(actor: Actor, c: CaseFacts): CaseAccess | null {
	if (isGuardian(actor)) return null;
	const compartments = new Set<Compartment>();
	const viaTables: number[] = [];
	for (const tableId of c.tableIds) {
		const ms = activeMembership(actor, tableId);
		if (!ms) continue;
		viaTables.push(tableId);
		compartments.add('shared');
		for (const comp of ms.policy[actor.domain]) compartments.add(comp);
	}
	const personal = [c.ownerId, c.caseLeadId, c.processLeadId].includes(actor.id);
	const participant = c.participantIds.includes(actor.id);
	if (personal || participant) {
		compartments.add('shared');
		compartments.add(actor.domain);
	}
	if (compartments.size === 0) return null;
	return { compartments, viaTables, personal, participant };
}

/** Reading one compartment of a case. */
export function mayReadCompartment(actor: Actor, c: CaseFacts, compartment: Compartment): boolean {
	return caseAccess(actor, c)?.compartments.has(compartment) ?? false;
}

/** Writing one compartment of a case: whoever reads it, while the case is open. */
export function mayWriteCompartment(actor: Actor, c: CaseFacts, compartment: Compartment): boolean {
	return !c.closed && mayReadCompartment(actor, c, compartment);
}

/**
 * Managing a case (status, leads, tables, participants, consent, deadlines): its owner and
 * leads, and coordinators or chairs who reach it through a table. Closed cases can be reopened
 * by the same people, so this does not depend on `closed`.
 */
export function mayManageCase(actor: Actor, c: CaseFacts): boolean {
	const access = caseAccess(actor, c);
	if (!access) return false;
	if (access.personal) return true;
	return access.viaTables.some(
		(t) => actor.roles.includes('coordinator') || activeMembership(actor, t)?.role === 'chair'
	);
}

/** Creating cases and converting signals: coordinators. */
export function mayCreateCase(actor: Actor): boolean {
	return !isGuardian(actor) && actor.roles.includes('coordinator');
}

/** The scope for case list queries: the same three ways of reaching a case as `caseAccess`. */
export interface CaseScope {
	tableIds: number[];
	userId: number;
	none: boolean;
}

export function caseScope(actor: Actor): CaseScope {
	return {
		tableIds: actor.memberships.map((ms) => ms.tableId),
		userId: actor.id,
		none: isGuardian(actor)
	};
}

/** Whether a table-scoped object (agenda item, decision, escalation step) is visible. */
export function maySeeTableContent(actor: Actor, tableId: number): boolean {
	return !isGuardian(actor) && activeMembership(actor, tableId) !== undefined;
}

// ---------------------------------------------------------------------------------------------
// People and tables of a case

/** What the policy needs about a person who would hold a case role or be invited. */
export interface PersonFacts {
	active: boolean;
	roles: readonly Role[];
}

/**
 * Whether a person may be owner, case lead, process lead or invited participant: active people
 * only, and never the guardians (admin and auditor never see case content, §3.4).
 */
export function caseRoleEligibility(person: PersonFacts): 'eligible' | 'inactive' | 'guardian' {
	if (!person.active) return 'inactive';
	if (person.roles.includes('admin') || person.roles.includes('auditor')) return 'guardian';
	return 'eligible';
}

/** Putting a case on a table: coordinators on any table, others only on tables they are an active member of. */
export function mayPutCaseOnTable(actor: Actor, tableId: number): boolean {
	if (isGuardian(actor)) return false;
	return actor.roles.includes('coordinator') || activeMembership(actor, tableId) !== undefined;
}

/**
 * The tables a case manager may propose an escalation from: the case's own tables where they are
 * an active member, other than the ZVH (escalating means going to the ZVH or the RIEC).
 */
export function escalationSourceTables<T extends { id: number; kind: TableKind }>(
	actor: Actor,
	c: CaseFacts,
	caseTables: readonly T[]
): T[] {
	if (!mayManageCase(actor, c)) return [];
	return caseTables.filter((t) => t.kind !== 'zvh' && activeMembership(actor, t.id) !== undefined);
}

// ---------------------------------------------------------------------------------------------
// The start page

/** Which case sections the start page shows the actor (and so which the domain loads at all). */
export interface StartSections {
	/** Open cases with a legal deadline soon: everyone who works on cases. */
	deadlines: boolean;
	/** Victim cases without an agreed plan: the zorg domain. */
	waitingForPlan: boolean;
	/** Perpetrator cases per status on the AVO and Stuurtafel: veiligheid members of those tables. */
	pipeline: boolean;
	/** The tables whose perpetrator cases the pipeline counts. */
	pipelineTableIds: number[];
	/** Running interventions: whoever sees the veiligheid compartment of a case. */
	interventions: boolean;
	/** Cases without an owner or still only registered: coordinators. */
	withoutOwnerOrPlan: boolean;
}

export function startSections(actor: Actor): StartSections {
	// A reporter only sees their own signals (DESIGN.md §1, §3.4): no case sections, as /cases and
	// /actions are not theirs either.
	if (isGuardian(actor) || isReporterOnly(actor)) {
		return {
			deadlines: false,
			waitingForPlan: false,
			pipeline: false,
			pipelineTableIds: [],
			interventions: false,
			withoutOwnerOrPlan: false
		};
	}
	const pipelineTableIds = actor.memberships
		.filter((x) => x.tableKind === 'avo' || x.tableKind === 'stuurtafel')
		.map((x) => x.tableId);
	return {
		deadlines: true,
		waitingForPlan: actor.domain === 'zorg',
		pipeline: actor.domain === 'veiligheid' && pipelineTableIds.length > 0,
		pipelineTableIds,
		interventions: true,
		withoutOwnerOrPlan: actor.roles.includes('coordinator')
	};
}

// ---------------------------------------------------------------------------------------------
// Timeline entries

/**
 * What a timeline entry names besides its own case, as facts the domain loads: another case
 * (`linked`, `unlinked`: that case's facts, or null when the reference no longer resolves), a
 * table (`table_added`, `table_removed`) or a signal (`from_signal`: its facts, or null).
 */
export type TimelineMention =
	| { kind: 'none' }
	| { kind: 'case'; case: CaseFacts | null }
	| { kind: 'table' }
	| { kind: 'signal'; signal: SignalFacts | null };

/**
 * How a timeline entry is shown to an actor who reaches its case with `access` (§3.1, §3.8):
 * - an entry of a compartment they do not see: `hidden`;
 * - an entry naming another case they do not reach: `hidden` — left out entirely rather than
 *   shown without the reference, because a case one does not reach does not exist for one
 *   (§3.1), and "linked to another case" would say that it does;
 * - an entry naming a signal they may not open (`signalView` not `full`): `without_reference`
 *   (the case came from a signal, which is no secret; which signal is);
 * - an entry naming a table: `full` — the tables a case is or was on are shared facts of the
 *   case, shown to everyone who reaches it (§3.2);
 * - anything else: `full`.
 */
export function timelineEntryView(
	actor: Actor,
	access: CaseAccess,
	entry: { compartment: Compartment; mention: TimelineMention }
): 'full' | 'without_reference' | 'hidden' {
	if (!access.compartments.has(entry.compartment)) return 'hidden';
	switch (entry.mention.kind) {
		case 'case':
			return entry.mention.case !== null && caseAccess(actor, entry.mention.case) !== null
				? 'full'
				: 'hidden';
		case 'signal':
			return entry.mention.signal !== null && signalView(actor, entry.mention.signal) === 'full'
				? 'full'
				: 'without_reference';
		case 'table':
		case 'none':
			return 'full';
	}
}
