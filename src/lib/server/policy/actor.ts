/**
 * Who is asking (the actor), the guardians, top-level pages, administration and tables.
 * Part of the one access policy (index.ts).
 */
import type { CompartmentPolicy, Domain, MembershipRole, Role, TableKind } from '../db/schema';

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
		actor.roles.includes('reporter') && !actor.roles.includes('coordinator') && actor.memberships.length === 0
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

/** The actor's active membership of a table, if any. */
export function activeMembership(actor: Actor, tableId: number): ActorMembership | undefined {
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

/** Ending a membership: the admin, or the chair of that table (§3.4). */
export function mayEndMembership(actor: Actor, tableId: number): boolean {
	return mayAdminister(actor) || mayConfirmMembers(actor, tableId);
}

/** Admin and auditor accounts hold no table memberships (§3.4). */
export function mayHoldMembership(roles: readonly Role[]): boolean {
	return rolesAreCompatible(roles) && !roles.includes('admin') && !roles.includes('auditor');
}

/** A chair may not end their own membership (the table would lose its chair); the admin may end any. */
export function mayEndThisMembership(actor: Actor, memberUserId: number): boolean {
	return mayAdminister(actor) || memberUserId !== actor.id;
}
