/**
 * The policy matrix: every export of src/lib/server/policy against the oracle (this folder), over
 * the generated scenarios (scenarios.ts). The policy is a parameter — the real module, or in the
 * self-tests a copy with one rule planted wrong — and so is the loader contract (`toActor`, what
 * actors.load hands the policy: the active memberships only).
 *
 * Each section names the exports it covers; every comparison is counted per export, so the
 * coverage test (coverage.ts) can refuse an export without rows. A mismatch that is a reported
 * finding (findings.ts) is counted there, not hidden: the finding's test asserts it still occurs.
 *
 * Longer than ~400 lines on purpose: it is a flat list of comparisons, one section per policy
 * file, read side by side with the oracle's files; splitting it would only scatter the list.
 */
import type * as PolicyModuleNs from '../../src/lib/server/policy';
import type {
	Actor,
	AgendaItemFacts,
	CaseAccess,
	CaseFacts,
	MeetingFacts,
	SignalFacts,
	TimelineMention
} from '../../src/lib/server/policy';
import * as o from './index';
import type { AgendaItem, CaseRef, Mention, Person, Signal, Table } from './facts';
import {
	ALL_ROLE_SUBSETS,
	BASE_SIGNALS,
	CASES,
	CORE_PEOPLE,
	DECISIONS,
	ESCALATED_CASE,
	ME,
	MENTIONED_CASES,
	OTHER,
	PEOPLE,
	ROUTES,
	SIGNALS,
	TABLES,
	TABLE_SETS,
	TABLE_SUBSETS,
	TIMELINE_CASES,
	docItemsAt,
	itemsAt,
	tableById,
	type Scenario
} from './scenarios';
import { FINDINGS, type Finding } from './findings';

export type PolicyModule = typeof PolicyModuleNs;

// ---------------------------------------------------------------------------------------------
// The loader contract: the facts the domain hands the policy

/** What actors.load gives the policy: the user with their active (chair-confirmed, not ended) memberships. */
export function contractActor(p: Person): Actor {
	return {
		id: p.id,
		roles: [...p.roles],
		domain: p.domain,
		municipality: p.municipality,
		memberships: o.activeMemberships(p).map((m) => ({
			tableId: m.table.id,
			tableKind: m.table.kind,
			role: m.role,
			policy: m.table.sees
		}))
	};
}

/** What cases.factsOf gives the policy: the case's tables, its active participants, owner and leads, closed. */
export function contractCase(c: CaseRef): CaseFacts {
	return {
		tableIds: c.tables.map((t) => t.id),
		participantIds: c.participants.filter((x) => !x.ended).map((x) => x.userId),
		ownerId: c.ownerId,
		caseLeadId: c.caseLeadId,
		processLeadId: c.processLeadId,
		closed: c.closed
	};
}

function itemFacts(
	item: AgendaItem,
	caseId: number | null,
	caseOf: (c: CaseRef) => CaseFacts
): AgendaItemFacts {
	if (item.kind === 'general') return { caseId: null, case: null };
	return { caseId, case: item.case === null ? null : caseOf(item.case) };
}

function signalFacts(s: Signal): SignalFacts {
	return { reporterUserId: s.reporterUserId, municipality: s.municipality };
}

function mentionFacts(m: Mention, caseOf: (c: CaseRef) => CaseFacts): TimelineMention {
	switch (m.kind) {
		case 'case':
			return { kind: 'case', case: m.case === null ? null : caseOf(m.case) };
		case 'signal':
			return { kind: 'signal', signal: m.signal === null ? null : signalFacts(m.signal) };
		default:
			return m;
	}
}

// ---------------------------------------------------------------------------------------------
// Recording

export interface Options {
	/** The sections to run (by name); all by default. */
	sections?: string[];
	/** The people to run over instead of the generated ones (a self-test passes fewer). */
	people?: readonly Scenario[];
	/** The loader contract for people (actors.load); a self-test passes a faulty one. */
	toActor?: (p: Person) => Actor;
	/** The loader contract for cases (cases.factsOf); a self-test passes a faulty one. */
	toCase?: (c: CaseRef) => CaseFacts;
}

export interface SectionResult {
	section: string;
	/** Comparisons per export. */
	counts: Map<string, number>;
	/** Mismatches per export (not reported findings), with up to 12 samples each. */
	mismatches: Map<string, { n: number; samples: string[] }>;
	/** Mismatches that are reported findings, per finding id. */
	findings: Map<string, { n: number; samples: string[] }>;
}

const same = (a: unknown, b: unknown): boolean => {
	if (a === b) return true;
	if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
	if (a && b && typeof a === 'object' && typeof b === 'object') {
		const ka = Object.keys(a);
		const kb = Object.keys(b);
		return (
			ka.length === kb.length &&
			ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
		);
	}
	return false;
};
const sorted = <T>(xs: Iterable<T>): T[] => [...xs].sort();
const show = (x: unknown) => JSON.stringify(x instanceof Set ? [...x] : x);

class Recorder {
	readonly result: SectionResult;
	constructor(
		section: string,
		private readonly covers: ReadonlySet<string>
	) {
		this.result = { section, counts: new Map(), mismatches: new Map(), findings: new Map() };
	}

	/** One comparison: the policy's answer against the oracle's, for the scenario `what` describes. */
	check(
		exportName: string,
		got: unknown,
		want: unknown,
		what: () => string,
		p?: Person,
		args?: unknown
	): void {
		if (!this.covers.has(exportName))
			throw new Error(`matrix section ${this.result.section} compares ${exportName} without covering it`);
		this.result.counts.set(exportName, (this.result.counts.get(exportName) ?? 0) + 1);
		if (same(got, want)) return;
		const line = `${exportName}: ${what()} — policy ${show(got)}, oracle ${show(want)}`;
		const finding = p && FINDINGS.find((f: Finding) => f.exportName === exportName && f.when(p, args));
		const bucket = finding ? this.result.findings : this.result.mismatches;
		const key = finding ? finding.id : exportName;
		const entry = bucket.get(key) ?? { n: 0, samples: [] };
		entry.n++;
		if (entry.samples.length < 12) entry.samples.push(line);
		bucket.set(key, entry);
	}
}

/** What a section runs over: the people, and the facts the loaders hand the policy. */
interface Run {
	/** Every person scenario (`all`), or the core of them for the larger sections. */
	people: (which: 'all' | 'core') => readonly Scenario[];
	actorOf: (s: Scenario) => Actor;
	caseOf: (c: CaseRef) => CaseFacts;
}

interface Section {
	name: string;
	/** The policy exports (functions and data) this section compares. */
	covers: string[];
	run(policy: PolicyModule, r: Recorder, x: Run): void;
}

// ---------------------------------------------------------------------------------------------
// The sections

const items = new Map(TABLES.map((t) => [t.id, itemsAt(t)]));
const docItems = new Map(TABLES.map((t) => [t.id, docItemsAt(t)]));
const KIND_SETS: Array<Array<Table['kind']>> = [
	[],
	['zorgtafel'],
	['avo', 'stuurtafel'],
	['zvh'],
	['zorgtafel', 'avo', 'stuurtafel', 'zvh']
];
const ALL_TABLES_ROUTE = ROUTES.map((route) => ({ route, tables: [...o.routeTables(route, TABLES)] }));

export const SECTIONS: Section[] = [
	{
		name: 'design data and role sets',
		covers: [
			'defaultCompartmentPolicy',
			'PAGES',
			'rolesAreCompatible',
			'mayHoldMembership',
			'caseRoleEligibility',
			'routeTables'
		],
		run(policy, r) {
			for (const kind of o.TABLE_KINDS)
				for (const domain of o.DOMAINS)
					r.check(
						'defaultCompartmentPolicy',
						sorted(policy.defaultCompartmentPolicy(kind)[domain]),
						sorted(o.defaultSees(kind)[domain]),
						() => `${kind}, ${domain}`
					);
			const pages = new Set<string>(policy.PAGES);
			r.check('PAGES', pages.size, policy.PAGES.length, () => 'no page twice');
			for (const page of o.PAGES) r.check('PAGES', pages.has(page), true, () => `the design's page ${page}`);
			for (const page of policy.PAGES)
				r.check(
					'PAGES',
					(o.PAGES as readonly string[]).includes(page),
					true,
					() => `the policy's page ${page} is one of the design's`
				);
			for (const roles of ALL_ROLE_SUBSETS) {
				r.check(
					'rolesAreCompatible',
					policy.rolesAreCompatible(roles),
					o.rolesCompatible(roles),
					() => `[${roles.join('+')}]`
				);
				r.check(
					'mayHoldMembership',
					policy.mayHoldMembership(roles),
					o.mayHoldMembership(roles),
					() => `[${roles.join('+')}]`
				);
				for (const active of [true, false]) {
					const got = policy.caseRoleEligibility({ active, roles });
					const reasons = o.caseRoleReasons({ active, roles });
					r.check(
						'caseRoleEligibility',
						reasons.has(got) ? 'right' : got,
						'right',
						() =>
							`[${roles.join('+')}] ${active ? 'active' : 'inactive'} (oracle: ${[...reasons].join(' or ')})`
					);
				}
			}
			for (const tables of TABLE_SUBSETS)
				for (const route of ROUTES) {
					const facts = tables.map((t) => ({ id: t.id, kind: t.kind }));
					r.check(
						'routeTables',
						sorted(policy.routeTables(route, facts)),
						sorted(o.routeTables(route, tables)),
						() => `${route.target} from ${route.fromTableId} over tables ${tables.map((t) => t.id).join(',')}`
					);
				}
		}
	},
	{
		name: 'people, pages, administration and tables',
		covers: [
			'isGuardian',
			'isReporterOnly',
			'mayUsePage',
			'navigation',
			'mayAdminister',
			'mayReadAuditLog',
			'activeMembership',
			'mayViewTable',
			'mayConfirmMembers',
			'mayEndMembership',
			'mayEndThisMembership',
			'mayCreateCase',
			'maySeeTableContent',
			'mayPutCaseOnTable',
			'startSections',
			'mayUseBoard',
			'tableIdsOfKind',
			'mayProposeRiec',
			'maySeeCitedDecision',
			'citableDecisionTables',
			'mayPlan',
			'mayDecide',
			'meetingScope',
			'decisionScope',
			'maySeeDecision',
			'mayChangeDecision'
		],
		run(policy, r, x) {
			for (const s of x.people('all')) {
				const { person: p } = s;
				const a = x.actorOf(s);
				const who = () => s.label;
				r.check('isGuardian', policy.isGuardian(a), o.isGuardian(p), who, p);
				r.check('isReporterOnly', policy.isReporterOnly(a), o.isReporterOnly(p), who, p);
				for (const page of o.PAGES)
					r.check(
						'mayUsePage',
						policy.mayUsePage(a, page),
						o.usesPage(p, page),
						() => `${s.label}, page ${page}`,
						p,
						page
					);
				const nav = policy.navigation(a);
				r.check('navigation', sorted(nav), sorted(o.PAGES.filter((page) => o.usesPage(p, page))), who, p);
				const inDesignOrder = nav.filter((x) => o.DESIGN_PAGE_ORDER.includes(x));
				r.check(
					'navigation',
					inDesignOrder,
					o.DESIGN_PAGE_ORDER.filter((x) => inDesignOrder.includes(x)),
					() => `${s.label}: §5's order`,
					p
				);
				r.check('mayAdminister', policy.mayAdminister(a), o.administers(p), who, p);
				r.check('mayReadAuditLog', policy.mayReadAuditLog(a), o.readsAuditLog(p), who, p);
				r.check('mayCreateCase', policy.mayCreateCase(a), o.createsCases(p), who, p);
				r.check('mayUseBoard', policy.mayUseBoard(a), o.usesBoard(p), who, p);
				r.check('mayProposeRiec', policy.mayProposeRiec(a), o.proposesRiec(p), who, p);
				r.check('meetingScope', sorted(policy.meetingScope(a)), sorted(o.meetingTables(p)), who, p);
				r.check(
					'decisionScope',
					sorted(policy.decisionScope(a)),
					sorted(o.decisionTables(p)),
					() => `${s.label}, all tables`,
					p
				);
				const sections = policy.startSections(a);
				const want = o.sections(p);
				for (const key of [
					'deadlines',
					'waitingForPlan',
					'pipeline',
					'interventions',
					'withoutOwnerOrPlan'
				] as const)
					r.check('startSections', sections[key], want[key], () => `${s.label}, section ${key}`, p, key);
				if (want.pipeline)
					r.check(
						'startSections',
						sorted(sections.pipelineTableIds),
						sorted(want.pipelineTableIds),
						() => `${s.label}, pipeline tables`,
						p,
						'pipelineTableIds'
					);
				for (const userId of [ME, OTHER])
					r.check(
						'mayEndThisMembership',
						policy.mayEndThisMembership(a, userId),
						o.endsThisMembership(p, userId),
						() => `${s.label}, membership of ${userId === ME ? 'me' : 'someone else'}`,
						p
					);
				for (const kinds of KIND_SETS)
					r.check(
						'tableIdsOfKind',
						sorted(policy.tableIdsOfKind(a, kinds)),
						sorted(o.tablesOfKind(p, kinds)),
						() => `${s.label}, kinds ${kinds.join(',')}`,
						p
					);
				for (const { route, tables } of ALL_TABLES_ROUTE)
					r.check(
						'citableDecisionTables',
						sorted(policy.citableDecisionTables(a, tables)),
						sorted(o.citableTables(p, tables)),
						() => `${s.label}, ${route.target} route from ${route.fromTableId}`,
						p
					);
				for (const t of TABLES) {
					const at = () => `${s.label}, at table #${t.id} ${t.kind}`;
					const ms = policy.activeMembership(a, t.id);
					const oms = o.activeAt(p, t.id);
					r.check(
						'activeMembership',
						ms ? [ms.tableId, ms.role] : null,
						oms ? [oms.table.id, oms.role] : null,
						at,
						p
					);
					r.check('mayViewTable', policy.mayViewTable(a, t.id), o.viewsTable(p, t.id), at, p);
					r.check('mayConfirmMembers', policy.mayConfirmMembers(a, t.id), o.confirmsMembers(p, t.id), at, p);
					r.check('mayEndMembership', policy.mayEndMembership(a, t.id), o.endsMembership(p, t.id), at, p);
					r.check(
						'maySeeTableContent',
						policy.maySeeTableContent(a, t.id),
						o.seesTableContent(p, t.id),
						at,
						p
					);
					r.check('mayPutCaseOnTable', policy.mayPutCaseOnTable(a, t.id), o.putsCaseOnTable(p, t.id), at, p);
					r.check(
						'maySeeCitedDecision',
						policy.maySeeCitedDecision(a, t.id),
						o.seesCitedDecision(p, t.id),
						at,
						p
					);
					r.check('mayPlan', policy.mayPlan(a, t.id), o.plans(p, t.id), at, p);
					r.check('mayDecide', policy.mayDecide(a, t.id), o.decides(p, t.id), at, p);
					r.check(
						'decisionScope',
						sorted(policy.decisionScope(a, t.id)),
						sorted(o.decisionTables(p, t.id)),
						at,
						p
					);
					r.check(
						'maySeeDecision',
						policy.maySeeDecision(a, { tableId: t.id }),
						o.seesDecision(p, { tableId: t.id }),
						at,
						p
					);
					r.check(
						'mayChangeDecision',
						policy.mayChangeDecision(a, { tableId: t.id }),
						o.changesDecision(p, { tableId: t.id }),
						at,
						p
					);
				}
			}
		}
	},
	{
		name: 'cases: reach, compartments, managing, list scope, escalating',
		covers: [
			'caseAccess',
			'mayReadCompartment',
			'mayWriteCompartment',
			'mayManageCase',
			'caseScope',
			'escalationSourceTables',
			'defaultEscalatingTable',
			'mayEscalateFrom'
		],
		run(policy, r, x) {
			for (const s of x.people('core')) {
				const { person: p } = s;
				const a = x.actorOf(s);
				const scope = policy.caseScope(a);
				for (const cs of CASES) {
					const c = x.caseOf(cs.c);
					const what = () => `${s.label}; ${cs.label}`;
					const access = policy.caseAccess(a, c);
					const want = o.reach(p, cs.c);
					r.check(
						'caseAccess',
						access && [
							sorted(access.compartments),
							sorted(access.viaTables),
							access.personal,
							access.participant
						],
						want && [sorted(want.compartments), sorted(want.via), want.personal, want.participant],
						what,
						p
					);
					// The list query's candidates (cases/reach.ts scopeCondition): a case on one of the scope's
					// tables, or one the scope's user is owner, lead or active participant of; none at all for `none`.
					const inScope =
						!scope.none &&
						(c.tableIds.some((t) => scope.tableIds.includes(t)) ||
							[c.ownerId, c.caseLeadId, c.processLeadId, ...c.participantIds].includes(scope.userId));
					r.check('caseScope', inScope, o.listsCase(p, cs.c), what, p);
					r.check('mayManageCase', policy.mayManageCase(a, c), o.manages(p, cs.c), what, p);
					r.check(
						'escalationSourceTables',
						sorted(
							policy
								.escalationSourceTables(
									a,
									c,
									cs.c.tables.map((t) => ({ id: t.id, kind: t.kind }))
								)
								.map((t) => t.id)
						),
						sorted(o.escalationSources(p, cs.c)),
						what,
						p
					);
					if (want) {
						const via = want.via.map((id) => tableById.get(id)!);
						r.check(
							'defaultEscalatingTable',
							policy.defaultEscalatingTable(a, want.via),
							o.defaultEscalatingTable(via),
							what,
							p
						);
					}
					for (const comp of o.COMPARTMENTS) {
						const cwhat = () => `${s.label}; ${cs.label}; ${comp}`;
						r.check(
							'mayReadCompartment',
							policy.mayReadCompartment(a, c, comp),
							o.reads(p, cs.c, comp),
							cwhat,
							p
						);
						r.check(
							'mayWriteCompartment',
							policy.mayWriteCompartment(a, c, comp),
							o.writes(p, cs.c, comp),
							cwhat,
							p
						);
					}
				}
				for (const tables of TABLE_SETS) {
					const ids = tables.map((t) => t.id);
					for (const from of [null, ...TABLES.map((t) => t.id)])
						r.check(
							'mayEscalateFrom',
							policy.mayEscalateFrom(a, ids, from),
							o.escalatesFrom(p, ids, from),
							() => `${s.label}; case on ${ids.join(',') || 'no table'}, from ${from}`,
							p
						);
				}
			}
		}
	},
	{
		name: 'actions and the board',
		covers: ['mayOwnAction', 'seesAction', 'mayChangeAction', 'mayChangeOnBoard'],
		run(policy, r, x) {
			for (const cs of CASES)
				for (const comp of o.COMPARTMENTS)
					r.check(
						'mayOwnAction',
						policy.mayOwnAction(null, x.caseOf(cs.c), comp),
						o.ownsAction(null, cs.c, comp),
						() => `unknown or inactive owner, ${cs.label}, ${comp}`
					);
			for (const s of x.people('core')) {
				const { person: p } = s;
				const a = x.actorOf(s);
				for (const cs of CASES) {
					const c = x.caseOf(cs.c);
					for (const comp of o.COMPARTMENTS) {
						const what = () => `${s.label}; ${cs.label}; ${comp}`;
						r.check(
							'mayOwnAction',
							policy.mayOwnAction(a, c, comp),
							o.ownsAction(p, cs.c, comp),
							() => `owner ${what()}`,
							p
						);
						r.check('seesAction', policy.seesAction(a, c, comp), o.seesAction(p, cs.c, comp), what, p);
						r.check(
							'mayChangeAction',
							policy.mayChangeAction(a, c, comp),
							o.changesAction(p, cs.c, comp),
							what,
							p
						);
						r.check(
							'mayChangeOnBoard',
							policy.mayChangeOnBoard(a, c, comp),
							o.changesOnBoard(p, cs.c, comp),
							what,
							p
						);
					}
				}
			}
		}
	},
	{
		name: 'signals',
		covers: [
			'signalView',
			'maySubmitSignal',
			'signalInboxScope',
			'maySubmitOnBehalf',
			'mayWorkOnSignal',
			'mayLinkSignal',
			'mayConvertSignal'
		],
		run(policy, r, x) {
			for (const s of x.people('all')) {
				const { person: p } = s;
				const a = x.actorOf(s);
				const who = () => s.label;
				r.check('maySubmitSignal', policy.maySubmitSignal(a), o.submitsSignal(p), who, p);
				r.check(
					'signalInboxScope',
					sorted(policy.signalInboxScope(a)),
					sorted(o.inboxMunicipalities(p)),
					who,
					p
				);
				r.check('maySubmitOnBehalf', policy.maySubmitOnBehalf(a), o.submitsOnBehalf(p), who, p);
				for (const sig of BASE_SIGNALS) {
					const what = () => `${s.label}; signal ${JSON.stringify(sig)}`;
					r.check('signalView', policy.signalView(a, signalFacts(sig)), o.signalView(p, sig), what, p);
					r.check(
						'mayWorkOnSignal',
						policy.mayWorkOnSignal(a, signalFacts(sig)),
						o.worksOnSignal(p, sig),
						what,
						p
					);
				}
				for (const sig of SIGNALS) {
					const what = () => `${s.label}; signal ${JSON.stringify(sig)}`;
					r.check(
						'mayConvertSignal',
						policy.mayConvertSignal(a, {
							...signalFacts(sig),
							status: sig.status,
							anonymisedAt: sig.anonymised ? new Date(0) : null
						}),
						o.convertsSignal(p, sig),
						what,
						p
					);
				}
				for (const sig of BASE_SIGNALS)
					for (const earlier of BASE_SIGNALS)
						r.check(
							'mayLinkSignal',
							policy.mayLinkSignal(a, signalFacts(sig), signalFacts(earlier)),
							o.linksSignal(p, sig, earlier),
							() => `${s.label}; ${JSON.stringify(sig)} to ${JSON.stringify(earlier)}`,
							p
						);
			}
		}
	},
	{
		name: 'timeline entries',
		covers: ['timelineEntryView'],
		run(policy, r, x) {
			const mentions: Array<{ label: string; m: Mention }> = [
				{ label: 'no mention', m: { kind: 'none' } },
				{ label: 'a table', m: { kind: 'table' } },
				{ label: 'a case that no longer resolves', m: { kind: 'case', case: null } },
				...MENTIONED_CASES.map((cs) => ({
					label: `the other ${cs.label}`,
					m: { kind: 'case' as const, case: cs.c }
				})),
				{ label: 'a signal that no longer resolves', m: { kind: 'signal', signal: null } },
				...BASE_SIGNALS.map((sig) => ({
					label: `signal ${JSON.stringify(sig)}`,
					m: { kind: 'signal' as const, signal: sig }
				}))
			];
			for (const s of x.people('core')) {
				const { person: p } = s;
				const a = x.actorOf(s);
				for (const own of TIMELINE_CASES) {
					const reached = o.reach(p, own.c);
					if (!reached) continue;
					// The access to the entry's own case as the oracle has it, so only this rule is compared.
					const access: CaseAccess = {
						compartments: reached.compartments,
						viaTables: reached.via,
						personal: reached.personal,
						participant: reached.participant
					};
					for (const comp of o.COMPARTMENTS)
						for (const { label, m } of mentions)
							r.check(
								'timelineEntryView',
								policy.timelineEntryView(a, access, {
									compartment: comp,
									mention: mentionFacts(m, x.caseOf)
								}),
								o.entryView(p, reached, { compartment: comp, mention: m }),
								() => `${s.label}; timeline of the ${own.label}; ${comp} entry naming ${label}`,
								p,
								m
							);
				}
			}
		}
	},
	{
		name: 'meetings, agenda items, notes and documents',
		covers: [
			'maySeeMeeting',
			'mayAdvanceMeeting',
			'mayRecordAttendance',
			'mayApproveMinutes',
			'mayConcludeReview',
			'inCalendarFeed',
			'liveDocAccess',
			'mayPutOnAgenda',
			'showsItemCase',
			'seesAtItem',
			'itemCompartments',
			'mayAddActionAtItem',
			'mayCorrectMinutes',
			'itemDocAccess'
		],
		run(policy, r, x) {
			for (const s of x.people('core')) {
				const { person: p } = s;
				const a = x.actorOf(s);
				for (const t of TABLES) {
					for (const status of o.MEETING_STATUSES) {
						const mt = { table: t, status };
						const facts: MeetingFacts = { tableId: t.id, status };
						const what = () => `${s.label}; ${status} meeting of #${t.id} ${t.kind}`;
						r.check('maySeeMeeting', policy.maySeeMeeting(a, facts), o.seesMeeting(p, mt), what, p);
						for (const to of ['published', 'in_progress', 'closed'] as const)
							r.check(
								'mayAdvanceMeeting',
								policy.mayAdvanceMeeting(a, facts, to),
								o.advances(p, mt, to),
								() => `${what()} to ${to}`,
								p
							);
						r.check(
							'mayRecordAttendance',
							policy.mayRecordAttendance(a, facts),
							o.recordsAttendance(p, mt),
							what,
							p
						);
						r.check(
							'mayApproveMinutes',
							policy.mayApproveMinutes(a, facts),
							o.approvesMinutes(p, mt),
							what,
							p
						);
						r.check(
							'mayConcludeReview',
							policy.mayConcludeReview(a, facts),
							o.concludesReview(p, mt),
							what,
							p
						);
						r.check('inCalendarFeed', policy.inCalendarFeed(a, facts), o.inFeed(p, mt), what, p);
						r.check('liveDocAccess', policy.liveDocAccess(a, facts), o.liveDoc(p, mt), what, p);
						for (const it of docItems.get(t.id)!) {
							const itf = itemFacts(it.item, it.caseId, x.caseOf);
							for (const comp of o.COMPARTMENTS) {
								const iwhat = () => `${what()}; ${it.label}; ${comp}`;
								r.check(
									'mayCorrectMinutes',
									policy.mayCorrectMinutes(a, facts, itf, comp),
									o.correctsMinutes(p, mt, it.item, comp),
									iwhat,
									p
								);
								r.check(
									'itemDocAccess',
									policy.itemDocAccess(a, facts, itf, comp),
									o.itemDoc(p, mt, it.item, comp),
									iwhat,
									p
								);
							}
						}
					}
					for (const it of items.get(t.id)!) {
						const itf = itemFacts(it.item, it.caseId, x.caseOf);
						const what = () => `${s.label}; at #${t.id} ${t.kind}; ${it.label}`;
						r.check('showsItemCase', policy.showsItemCase(a, itf), o.showsItemCase(p, it.item), what, p);
						r.check(
							'itemCompartments',
							sorted(policy.itemCompartments(a, t.id, itf)),
							sorted(o.itemCompartments(p, t.id, it.item)),
							what,
							p
						);
						const c = it.item.kind === 'case' ? it.item.case : null;
						r.check(
							'mayPutOnAgenda',
							policy.mayPutOnAgenda(a, t.id, c && x.caseOf(c)),
							o.putsOnAgenda(p, t.id, c),
							what,
							p
						);
						for (const comp of o.COMPARTMENTS) {
							r.check(
								'seesAtItem',
								policy.seesAtItem(a, t.id, itf, comp),
								o.seesAtItem(p, t.id, it.item, comp),
								() => `${what()}; ${comp}`,
								p
							);
							r.check(
								'mayAddActionAtItem',
								policy.mayAddActionAtItem(a, itf, comp),
								o.addsActionAtItem(p, it.item, comp),
								() => `${what()}; ${comp}`,
								p
							);
						}
					}
				}
			}
		}
	},
	{
		name: 'escalations: seeing, stepping, citing',
		covers: ['maySeeEscalation', 'mayStepEscalation', 'mayCiteDecision'],
		run(policy, r, x) {
			for (const s of x.people('core')) {
				const { person: p } = s;
				const a = x.actorOf(s);
				for (const { route, tables } of ALL_TABLES_ROUTE) {
					const rw = () => `${s.label}; ${route.target} route from ${route.fromTableId}`;
					for (const reachesCase of [true, false])
						r.check(
							'maySeeEscalation',
							policy.maySeeEscalation(a, { routeTableIds: tables, reachesCase }),
							o.seesEscalation(p, new Set(tables), reachesCase),
							() => `${rw()}; ${reachesCase ? 'reaches' : 'does not reach'} the case`,
							p
						);
					for (const to of o.ROUTE_STATES[route.target].filter((x) => x !== 'proposed'))
						r.check(
							'mayStepEscalation',
							policy.mayStepEscalation(a, route, to),
							o.stepsEscalation(p, route, to),
							() => `${rw()}; step to ${to}`,
							p
						);
					for (const d of DECISIONS)
						r.check(
							'mayCiteDecision',
							policy.mayCiteDecision(a, d, { caseId: ESCALATED_CASE }, tables),
							o.citesDecision(p, d, ESCALATED_CASE, tables),
							() => `${rw()}; decision ${JSON.stringify(d ?? 'none')}`,
							p
						);
				}
			}
		}
	}
];

// ---------------------------------------------------------------------------------------------
// Running

/** Runs the sections (all, or those named) against a policy module. */
export function runMatrix(policy: PolicyModule, opts: Options = {}): SectionResult[] {
	const toActor = opts.toActor ?? contractActor;
	const toCase = opts.toCase ?? contractCase;
	const actors = new Map<Scenario, Actor>();
	const facts = new Map<CaseRef, CaseFacts>();
	const x: Run = {
		people: (which) => opts.people ?? (which === 'all' ? PEOPLE : CORE_PEOPLE),
		actorOf: (s) => {
			let a = actors.get(s);
			if (!a) actors.set(s, (a = toActor(s.person)));
			return a;
		},
		caseOf: (c) => {
			let f = facts.get(c);
			if (!f) facts.set(c, (f = toCase(c)));
			return f;
		}
	};
	return SECTIONS.filter((sec) => !opts.sections || opts.sections.includes(sec.name)).map((sec) => {
		const r = new Recorder(sec.name, new Set(sec.covers));
		sec.run(policy, r, x);
		return r.result;
	});
}

/** The sections that compare an export. */
export function sectionsCovering(exportName: string): string[] {
	return SECTIONS.filter((s) => s.covers.includes(exportName)).map((s) => s.name);
}

/** Mismatches (not reported findings) of some results, as lines, per export. */
export function mismatchLines(results: readonly SectionResult[]): string[] {
	return results.flatMap((res) =>
		[...res.mismatches].flatMap(([name, { n, samples }]) => [
			`${name}: ${n} mismatches (section ${res.section}), e.g.`,
			...samples.map((x) => `  ${x}`)
		])
	);
}

/** Mismatches per export, summed over results. */
export function mismatchCounts(results: readonly SectionResult[]): Map<string, number> {
	const out = new Map<string, number>();
	for (const res of results)
		for (const [name, { n }] of res.mismatches) out.set(name, (out.get(name) ?? 0) + n);
	return out;
}

/** Comparisons per export, summed over results. */
export function comparisonCounts(results: readonly SectionResult[]): Map<string, number> {
	const out = new Map<string, number>();
	for (const res of results) for (const [name, n] of res.counts) out.set(name, (out.get(name) ?? 0) + n);
	return out;
}
