/**
 * Reach and compartments of a case, managing it, its people and tables, the start page —
 * DESIGN.md §3.1, §3.2, §3.4 and the issues, as the oracle reads them. Written from the text.
 */
import type { Compartment, Role } from './design';
import type { Case, CaseRef, Person, Table } from './facts';
import { activeMemberships, isGuardian, sitsAt, worksOnCases } from './people';

export interface Reach {
	/** Every compartment the person reads; `shared` whenever they reach the case. */
	compartments: Set<Compartment>;
	/** The case's tables they reach it through, in the case's order. */
	via: number[];
	/** Owner, case lead or process lead. */
	personal: boolean;
	/** Invited as case participant (and the invitation has not ended). */
	participant: boolean;
}

/**
 * §3.1 "A user reaches a case through each table it is on where they are an active member, through
 * an invitation as case participant, or as its owner, case lead or process lead. A case they do not
 * reach does not exist for them" (null). §3.2 "Each table has a compartment policy: which
 * compartments each domain sees for cases at that table … `shared` is seen by everyone who reaches
 * the case. A user sees the union over the ways they reach the case; participants and owners see
 * `shared` plus their own domain's compartment." (Case leads and process leads reach the case as the
 * owner does, so they see what owners see.) §3.4 guardians see no case content: no reach. §3.7 an
 * ended participation counts no more.
 */
export function reach(p: Person, c: CaseRef): Reach | null {
	// Facts are never changed once made, so the answer is kept per person and case (speed only).
	let byCase = memo.get(p);
	if (!byCase) memo.set(p, (byCase = new WeakMap()));
	if (byCase.has(c)) return byCase.get(c)!;
	const r = reachOnce(p, c);
	byCase.set(c, r);
	return r;
}
const memo = new WeakMap<Person, WeakMap<CaseRef, Reach | null>>();

function reachOnce(p: Person, c: CaseRef): Reach | null {
	if (isGuardian(p)) return null;
	const compartments = new Set<Compartment>();
	const via: number[] = [];
	for (const t of c.tables) {
		const m = sitsAt(p, t.id);
		if (!m) continue;
		via.push(t.id);
		compartments.add('shared');
		// The table's own policy counts (issue 4: "Compartment policy per table editable by the admin").
		for (const comp of m.table.sees[p.domain]) compartments.add(comp);
	}
	const personal = [c.ownerId, c.caseLeadId, c.processLeadId].includes(p.id);
	const participant = c.participants.some((x) => x.userId === p.id && !x.ended);
	if (personal || participant) {
		compartments.add('shared');
		compartments.add(p.domain);
	}
	return compartments.size === 0 ? null : { compartments, via, personal, participant };
}

/** §3.2: reading one compartment. */
export function reads(p: Person, c: CaseRef, comp: Compartment): boolean {
	return reach(p, c)?.compartments.has(comp) ?? false;
}

/**
 * Writing one compartment. DESIGN.md states no rule for writing; the oracle follows issue 4 ("Bad
 * input: … writing a compartment the user does not see through a crafted form post" — so one writes
 * only what one reads), §3.7 ("a case closes, open collaboration connections are closed or made
 * read-only"), issue 5 ("Read-only connections where the policy allows reading only (e.g. a closed
 * case)") and issue 6 ("an action plan that its participants shape together"; "closed cases show a
 * read-only plan"): whoever reads a compartment of an open case writes it.
 */
export function writes(p: Person, c: CaseRef, comp: Compartment): boolean {
	return !c.closed && reads(p, c, comp);
}

/**
 * Managing a case (status, leads, tables, participants, consent, deadlines). Not stated in the
 * design (issue 13 lists "who may … manage a case" as a rule without giving it; §1 coordinator:
 * "create and own cases; prepare agendas; assign actions — on the cases they reach"); follows
 * src/lib/server/policy/cases.ts `mayManageCase`: the owner and the leads, and coordinators or
 * chairs who reach the case through one of its tables; closing does not take it away (reopening).
 */
export function manages(p: Person, c: CaseRef): boolean {
	const r = reach(p, c);
	if (!r) return false;
	if (r.personal) return true;
	return r.via.some((t) => p.roles.includes('coordinator') || sitsAt(p, t)?.role === 'chair');
}

/** §1 coordinator: "create and own cases"; issue 4 "A coordinator converts a signal into one or more cases, or creates a case directly". */
export function createsCases(p: Person): boolean {
	return !isGuardian(p) && p.roles.includes('coordinator');
}

/** §3.1 "lists and searches omit it"; §3.5 the policy "gives the scope for list queries" — a list holds exactly the cases one reaches. */
export function listsCase(p: Person, c: CaseRef): boolean {
	return reach(p, c) !== null;
}

/** §3.3 "Agenda items, meeting notes, decisions and escalation details belong to a table and are seen only through that table." */
export function seesTableContent(p: Person, tableId: number): boolean {
	return sitsAt(p, tableId) !== undefined;
}

/**
 * Who may hold a case role (owner, leads) or be invited: issue 4 "Bad input: … a participant from
 * a deactivated account"; §3.4 the guardians see no case content. When both reasons apply the
 * design names no order: either answer is right.
 */
export function caseRoleReasons(person: { active: boolean; roles: readonly Role[] }): Set<string> {
	const reasons = new Set<string>();
	if (!person.active) reasons.add('inactive');
	if (isGuardian(person)) reasons.add('guardian');
	if (reasons.size === 0) reasons.add('eligible');
	return reasons;
}

/**
 * Which tables a person may put a case on. Not stated in the design; follows
 * src/lib/server/policy/cases.ts `mayPutCaseOnTable` (coordinators on any table, others on the
 * tables they sit at; never the guardians, §3.4).
 */
export function putsCaseOnTable(p: Person, tableId: number): boolean {
	if (isGuardian(p)) return false;
	return p.roles.includes('coordinator') || sitsAt(p, tableId) !== undefined;
}

/**
 * The tables a case manager may escalate the case from: §2 a ZVH route runs through "the ZVH table
 * and the table that escalated" — so not the ZVH itself. That it must be one of the case's tables
 * the manager sits at is not stated in the design; follows src/lib/server/policy/cases.ts
 * `escalationSourceTables`.
 */
export function escalationSources(p: Person, c: Case): number[] {
	if (!manages(p, c)) return [];
	return c.tables.filter((t: Table) => t.kind !== 'zvh' && sitsAt(p, t.id) !== undefined).map((t) => t.id);
}

export interface Sections {
	deadlines: boolean;
	waitingForPlan: boolean;
	pipeline: boolean;
	pipelineTableIds: number[];
	interventions: boolean;
	withoutOwnerOrPlan: boolean;
}

/**
 * The start page's case sections. Issue 4: "Start pages per role: a zorg participant sees
 * deadlines, shelter and cases waiting for a plan; a veiligheid participant sees the AVO/Stuurtafel
 * pipeline and administrative interventions; a coordinator sees the signal inbox and cases without
 * owner or plan", and "cases within 14 days of a deadline are flagged on lists and start pages"
 * (deadlines are `shared`, §2, so for everyone who works on cases). Guardians (§3.4) and reporters
 * only (§1 "nothing else") get no case section. Interventions are `veiligheid` content (§2) that a
 * zorg member of the ZVH reads too (§3.2), so the section is for everyone who works on cases and
 * each case in it is filtered by its compartment; the pipeline counts the perpetrator cases of the
 * AVO and Stuurtafel the person sits at.
 */
export function sections(p: Person): Sections {
	const pipelineTableIds = isGuardian(p)
		? []
		: activeMemberships(p)
				.filter((m) => m.table.kind === 'avo' || m.table.kind === 'stuurtafel')
				.map((m) => m.table.id);
	const works = worksOnCases(p);
	return {
		deadlines: works,
		waitingForPlan: works && p.domain === 'zorg',
		pipeline: works && p.domain === 'veiligheid' && pipelineTableIds.length > 0,
		pipelineTableIds,
		interventions: works,
		withoutOwnerOrPlan: works && p.roles.includes('coordinator')
	};
}
