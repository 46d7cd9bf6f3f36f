/**
 * The one access policy (DESIGN.md §3). Pure: it answers from the facts it is given and never
 * queries, so it is tested as a matrix and every load, action, endpoint, export and
 * collaboration connection can ask it first. List queries take their scope from here too.
 */
import type {
	CompartmentPolicy,
	Compartment,
	Domain,
	MembershipRole,
	Role,
	TableKind
} from './db/schema';

export interface ActorMembership {
	tableId: number;
	tableKind: TableKind;
	role: MembershipRole;
	policy: CompartmentPolicy;
}

/** Who is asking: the signed-in user with their active (chair-confirmed) memberships. */
export interface Actor {
	id: number;
	roles: readonly Role[];
	domain: Domain;
	municipality: string;
	memberships: readonly ActorMembership[];
}

/** The default compartment policy per table kind (DESIGN.md §3.2). */
export function defaultCompartmentPolicy(kind: TableKind): CompartmentPolicy {
	switch (kind) {
		case 'zorgtafel':
			return { zorg: ['zorg'], veiligheid: ['veiligheid'] };
		case 'avo':
		case 'stuurtafel':
			return { zorg: [], veiligheid: ['veiligheid'] };
		case 'zvh':
			return { zorg: ['zorg', 'veiligheid'], veiligheid: ['zorg', 'veiligheid'] };
	}
}

/** Admin and auditor guard the system and never see case content (§3.4). */
export function isGuardian(actor: Actor): boolean {
	return actor.roles.includes('admin') || actor.roles.includes('auditor');
}

/** Roles that may not be combined with any other role or with table memberships. */
export function rolesAreCompatible(roles: readonly Role[]): boolean {
	const guardian = roles.includes('admin') || roles.includes('auditor');
	return !guardian || roles.length === 1;
}

/** A reporter without other roles or memberships sees only their own signals. */
export function isReporterOnly(actor: Actor): boolean {
	return (
		actor.roles.includes('reporter') &&
		!actor.roles.includes('coordinator') &&
		actor.memberships.length === 0
	);
}

export const PAGES = [
	'home',
	'signals',
	'cases',
	'meetings',
	'decisions',
	'actions',
	'escalations',
	'reports',
	'tables',
	'admin',
	'audit'
] as const;
export type Page = (typeof PAGES)[number];

/** Whether the actor may open a top-level page at all (objects on it are checked separately). */
export function mayUsePage(actor: Actor, page: Page): boolean {
	const coordinator = actor.roles.includes('coordinator');
	const member = actor.memberships.length > 0;
	const caseWorker = !isGuardian(actor) && !isReporterOnly(actor);
	switch (page) {
		case 'home':
			return true;
		case 'signals':
			return actor.roles.includes('reporter') || coordinator;
		case 'cases':
		case 'actions':
			return caseWorker;
		case 'meetings':
		case 'decisions':
		case 'escalations':
		case 'tables':
			return caseWorker && (coordinator || member);
		case 'reports':
			return caseWorker && (coordinator || actor.memberships.some((ms) => ms.role === 'chair'));
		case 'admin':
			return actor.roles.includes('admin');
		case 'audit':
			return actor.roles.includes('auditor');
	}
}

/** The top-level pages for the navigation, in order. */
export function navigation(actor: Actor): Page[] {
	return PAGES.filter((p) => mayUsePage(actor, p));
}

// ---------------------------------------------------------------------------------------------
// People and tables

/** Managing users, organisations, tables and memberships is the admin's work only. */
export function mayAdminister(actor: Actor): boolean {
	return actor.roles.includes('admin');
}

/** Reading the access log is the auditor's work only. */
export function mayReadAuditLog(actor: Actor): boolean {
	return actor.roles.includes('auditor');
}

function activeMembership(actor: Actor, tableId: number): ActorMembership | undefined {
	return actor.memberships.find((ms) => ms.tableId === tableId);
}

/** A table's page (members, policy, pending confirmations) is for its active members. */
export function mayViewTable(actor: Actor, tableId: number): boolean {
	return !isGuardian(actor) && activeMembership(actor, tableId) !== undefined;
}

/** Only the table's chair confirms new members (§3.4). */
export function mayConfirmMembers(actor: Actor, tableId: number): boolean {
	return !isGuardian(actor) && activeMembership(actor, tableId)?.role === 'chair';
}

// ---------------------------------------------------------------------------------------------
// Signals

export interface SignalFacts {
	reporterUserId: number | null;
	municipality: string;
}

/**
 * How an actor sees a signal: `full` for a coordinator of its municipality, `own` (status and
 * feedback only) for the reporter who submitted it, or null: the signal does not exist for them.
 */
export function signalView(actor: Actor, signal: SignalFacts): 'full' | 'own' | null {
	if (isGuardian(actor)) return null;
	if (actor.roles.includes('coordinator') && actor.municipality === signal.municipality) return 'full';
	if (signal.reporterUserId === actor.id) return 'own';
	return null;
}

/** Submitting a signal: front-line reporters and coordinators (on behalf of others). */
export function maySubmitSignal(actor: Actor): boolean {
	return !isGuardian(actor) && (actor.roles.includes('reporter') || actor.roles.includes('coordinator'));
}

/** The municipalities whose signal inbox the actor sees (the list scope of `signalView` = full). */
export function signalInboxScope(actor: Actor): string[] {
	return !isGuardian(actor) && actor.roles.includes('coordinator') ? [actor.municipality] : [];
}

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
