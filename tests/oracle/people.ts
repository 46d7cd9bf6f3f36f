/**
 * People, guardians, pages, administration, audit, tables and memberships — DESIGN.md §1, §3.4,
 * §5 and the issues, as the oracle reads them. Written from the text, not from src/.
 */
import { DEFAULT_SEES, type Page, type Role, type TableKind } from './design';
import type { Membership, Person } from './facts';

/** §3.2 defaults, as a table's policy (design.ts holds the quote). */
export function defaultSees(kind: TableKind) {
	return DEFAULT_SEES[kind];
}

/** §1 admin: "no case content, no table memberships"; auditor: "no case content"; §3.4 "No content for the guardians". */
export function isGuardian(p: { roles: readonly Role[] }): boolean {
	return p.roles.includes('admin') || p.roles.includes('auditor');
}

/**
 * §2 Table: "members (active only after the chair confirms them)"; §3.4 "a new membership is active
 * only after the table's chair confirms it"; §3.7 an ended membership counts no more. These are the
 * memberships that count — a fact, for everyone (the guardians' rule is applied by each permission).
 */
export function activeMemberships(p: Person): Membership[] {
	return p.memberships.filter((m) => m.state === 'active');
}

/** The person's active membership of a table, if any (a fact). */
export function activeAt(p: Person, tableId: number): Membership | undefined {
	return activeMemberships(p).find((m) => m.table.id === tableId);
}

/**
 * §3.3 "… belong to a table and are seen only through that table" by its active members (§3.4);
 * §3.4 "admin accounts hold no table memberships" and guardians never see content — so a guardian
 * sits at no table, even if a membership row says otherwise (issue 2: "now or later").
 */
export function sitsAt(p: Person, tableId: number): Membership | undefined {
	return isGuardian(p) ? undefined : activeAt(p, tableId);
}

/** The tables the person sits at (active memberships; none for guardians). */
export function tablesSatAt(p: Person): number[] {
	return isGuardian(p) ? [] : activeMemberships(p).map((m) => m.table.id);
}

/**
 * Which role sets a user may hold. §1 admin: "no case content, no table memberships", auditor: "no
 * case content", coordinator: "create and own cases" — so a guardian cannot also be a coordinator.
 * That a guardian combines with no role at all (not with reporter, not with the other guardian) is
 * not stated in the design; follows src/lib/server/policy/actor.ts `rolesAreCompatible` ("Roles that
 * may not be combined with any other role") and the people admin's behaviour.
 */
export function rolesCompatible(roles: readonly Role[]): boolean {
	return !isGuardian({ roles }) || roles.length === 1;
}

/**
 * §3.4 "admin accounts hold no table memberships"; an auditor "no case content" (§1), and a
 * membership gives table content (§3.3) — so an auditor holds none either.
 */
export function mayHoldMembership(roles: readonly Role[]): boolean {
	return !roles.includes('admin') && !roles.includes('auditor');
}

/**
 * §1 reporter: "submit a signal; see the status of their own signals and the feedback written to
 * them; nothing else"; §3.4 "Reporters see only their own signals". A reporter with nothing that
 * gives more: no coordinator role, no active membership (pending ones do not count).
 */
export function isReporterOnly(p: Person): boolean {
	return (
		p.roles.includes('reporter') && !p.roles.includes('coordinator') && activeMemberships(p).length === 0
	);
}

/**
 * Whoever works on cases: not a guardian (§3.4), not a reporter only (§1 "nothing else"). That
 * includes a user without roles or tables, who may be invited as case participant (§1: "that case,
 * as §3 allows").
 */
export function worksOnCases(p: Person): boolean {
	return !isGuardian(p) && !isReporterOnly(p);
}

/**
 * Whether a top-level page is for this person at all (§5 "A page a role may not use answers 404").
 * - home: issue 2 "a start page per role".
 * - signals: §1 reporter "submit a signal; see … their own signals", coordinator "the signal inbox
 *   of their municipality".
 * - cases, actions: everyone who works on cases (§1 case participant: "that case"; §5 "/actions (my actions)").
 * - meetings, decisions, escalations, tables: who sits at a table (§1 table roles "participants of
 *   a … case meeting"; §2 a decision "is visible to that table", an escalation "to the tables on
 *   its route"; issue 4 "the table page shows its policy to its members") and coordinators (§1
 *   "prepare agendas"; issue 9 "Chairs and coordinators must see at a glance where every
 *   escalation stands"). Issue 7 calls `/decisions` the page "for chairs (above all the
 *   Stuurtafel's)"; members see the same decisions through their table (§2), so the oracle gives
 *   the page to every member. That a coordinator without any table has the decisions and tables
 *   pages (empty) is not stated in the design; follows src/lib/server/policy/actor.ts `mayUsePage`.
 * - reports: not stated in the design (§5 lists `/reports` without its audience); follows
 *   src/lib/server/policy/actor.ts `mayUsePage` (coordinators and chairs, as the README's "evaluation
 *   figures").
 * - admin: §5 "`/admin` (admin only)"; audit: §5 "`/audit` (auditor only)".
 */
export function usesPage(p: Person, page: Page): boolean {
	const coordinator = p.roles.includes('coordinator');
	const member = activeMemberships(p).length > 0;
	switch (page) {
		case 'home':
			return true;
		case 'signals':
			return !isGuardian(p) && (p.roles.includes('reporter') || coordinator);
		case 'cases':
		case 'actions':
			return worksOnCases(p);
		case 'meetings':
		case 'decisions':
		case 'escalations':
		case 'tables':
			return worksOnCases(p) && (coordinator || member);
		case 'reports':
			return worksOnCases(p) && (coordinator || activeMemberships(p).some((m) => m.role === 'chair'));
		case 'admin':
			return p.roles.includes('admin');
		case 'audit':
			return p.roles.includes('auditor');
	}
}

/** §1 admin (beheerder): "users, organisations, tables"; issue 2: memberships "managed by the `admin` role under `/admin`". */
export function administers(p: Person): boolean {
	return p.roles.includes('admin');
}

/** §1 auditor: "the access log and retention status"; issue 2: "The `auditor` role reads it under `/audit` … and nothing else." */
export function readsAuditLog(p: Person): boolean {
	return p.roles.includes('auditor');
}

/** Issue 4 "the table page shows its policy to its members"; issue 2 "the chair sees pending members on the table page". */
export function viewsTable(p: Person, tableId: number): boolean {
	return sitsAt(p, tableId) !== undefined;
}

/** §1 chair: "confirm new members"; §3.4 "a new membership is active only after the table's chair confirms it". */
export function confirmsMembers(p: Person, tableId: number): boolean {
	return sitsAt(p, tableId)?.role === 'chair';
}

/**
 * Ending a membership: the admin (issue 2: memberships are "managed by the `admin` role"). That the
 * table's chair may end one too is not stated in the design; follows src/lib/server/policy/actor.ts
 * `mayEndMembership` ("the admin, or the chair of that table").
 */
export function endsMembership(p: Person, tableId: number): boolean {
	return administers(p) || confirmsMembers(p, tableId);
}

/**
 * The further check for ending one particular membership: not stated in the design; follows
 * src/lib/server/policy/actor.ts `mayEndThisMembership` ("A chair may not end their own
 * membership …; the admin may end any").
 */
export function endsThisMembership(p: Person, memberUserId: number): boolean {
	return administers(p) || memberUserId !== p.id;
}
