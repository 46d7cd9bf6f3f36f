/**
 * The policy matrix can fail: faults planted in a copy of the policy (src/ is never touched) — one
 * rule altered in a wrapped module, or a faulty loader contract — each make the matrix report
 * mismatches, and only for the rule that was altered. And the coverage test refuses an export
 * without rows.
 */
import { describe, expect, it } from 'vitest';

import * as policy from '../../src/lib/server/policy';
import type { Actor, CaseFacts } from '../../src/lib/server/policy';
import { coverageProblems } from '../oracle/coverage';
import {
	SECTIONS,
	comparisonCounts,
	contractActor,
	contractCase,
	mismatchCounts,
	runMatrix,
	sectionsCovering,
	type Options,
	type PolicyModule
} from '../oracle/matrix';
import { PEOPLE } from '../oracle/scenarios';
import type { CaseRef, Person } from '../oracle/facts';

/** Every third person scenario: enough to catch each fault below, in a fraction of the time. */
const SOME_PEOPLE = PEOPLE.filter((_, i) => i % 3 === 0);

/** The real policy with one export replaced. */
function planted<K extends keyof PolicyModule>(name: K, fault: PolicyModule[K]): PolicyModule {
	return { ...policy, [name]: fault };
}

function mismatchesOf(p: PolicyModule, sections: string[], opts: Options = {}) {
	return mismatchCounts(runMatrix(p, { people: SOME_PEOPLE, sections, ...opts }));
}

const notGuardian = (a: Actor): Actor => ({
	...a,
	roles: a.roles.filter((r) => r !== 'admin' && r !== 'auditor')
});

/** Faults in one rule: the matrix must report that export, and no other. */
const RULE_FAULTS: Array<{ rule: string; name: keyof PolicyModule; module: PolicyModule }> = [
	{
		rule: 'a compartment leak: whoever reaches a case reads every compartment',
		name: 'mayReadCompartment',
		module: planted('mayReadCompartment', (a, c) => policy.caseAccess(a, c) !== null)
	},
	{
		rule: 'a compartment leak at the table: item notes bounded by the case only, not by the table’s policy',
		name: 'seesAtItem',
		module: planted(
			'seesAtItem',
			(a, tableId, item, comp) =>
				policy.maySeeTableContent(a, tableId) &&
				(item.caseId === null || (item.case !== null && policy.mayReadCompartment(a, item.case, comp)))
		)
	},
	{
		rule: 'a guardian seeing content: case reach without the guardians’ rule',
		name: 'caseAccess',
		module: planted('caseAccess', (a, c) => policy.caseAccess(notGuardian(a), c))
	},
	{
		rule: 'a guardian seeing content: a decision seen by whoever holds a membership row',
		name: 'maySeeDecision',
		module: planted('maySeeDecision', (a, d) => a.memberships.some((ms) => ms.tableId === d.tableId))
	},
	{
		rule: 'a cited decision visible off its table: anyone at any table sees it',
		name: 'maySeeCitedDecision',
		module: planted('maySeeCitedDecision', (a) => !policy.isGuardian(a) && a.memberships.length > 0)
	},
	{
		rule: 'a timeline mention shown: an entry naming an unreached case shown in full',
		name: 'timelineEntryView',
		module: planted('timelineEntryView', (a, access, entry) =>
			entry.mention.kind === 'case' && access.compartments.has(entry.compartment)
				? 'full'
				: policy.timelineEntryView(a, access, entry)
		)
	},
	{
		rule: 'a timeline mention half-hidden: an entry naming an unreached case shown without its reference',
		name: 'timelineEntryView',
		module: planted('timelineEntryView', (a, access, entry) => {
			const view = policy.timelineEntryView(a, access, entry);
			return view === 'hidden' && entry.mention.kind === 'case' && access.compartments.has(entry.compartment)
				? 'without_reference'
				: view;
		})
	},
	{
		rule: 'planning by a plain member',
		name: 'mayPlan',
		module: planted(
			'mayPlan',
			(a, tableId) => !policy.isGuardian(a) && policy.activeMembership(a, tableId) !== undefined
		)
	},
	{
		rule: 'a draft meeting shown to every member',
		name: 'maySeeMeeting',
		module: planted('maySeeMeeting', (a, m) => policy.maySeeTableContent(a, m.tableId))
	},
	{
		rule: 'an RIEC route seen through the Zorgtafel',
		name: 'routeTables',
		module: planted('routeTables', (e, tables) =>
			e.target === 'riec'
				? tables.filter((t) => t.kind !== 'zvh').map((t) => t.id)
				: policy.routeTables(e, tables)
		)
	},
	{
		rule: 'a closed case writable',
		name: 'mayWriteCompartment',
		module: planted('mayWriteCompartment', (a, c, comp) => policy.mayReadCompartment(a, c, comp))
	},
	{
		rule: 'notes editable after the minutes were approved',
		name: 'itemDocAccess',
		module: planted('itemDocAccess', (a, m, item, comp) => {
			const got = policy.itemDocAccess(a, m, item, comp);
			return m.status === 'minutes_approved' && got === 'read' ? 'write' : got;
		})
	},
	{
		rule: 'a reporter seeing someone else’s signal',
		name: 'signalView',
		module: planted(
			'signalView',
			(a, s) => policy.signalView(a, s) ?? (a.roles.includes('reporter') ? 'own' : null)
		)
	},
	{
		rule: 'a step taken by a plain member of the route',
		name: 'mayStepEscalation',
		module: planted(
			'mayStepEscalation',
			(a, e, to) =>
				policy.mayStepEscalation(a, e, to) ||
				(!policy.isGuardian(a) && a.memberships.some((ms) => ms.tableKind === 'zvh'))
		)
	},
	{
		rule: 'the admin page for everyone who works on cases',
		name: 'mayUsePage',
		module: planted(
			'mayUsePage',
			(a, page) => policy.mayUsePage(a, page) || (page === 'admin' && a.memberships.length > 0)
		)
	},
	{
		rule: 'the action board for every member',
		name: 'mayUseBoard',
		module: planted(
			'mayUseBoard',
			(a) => !policy.isGuardian(a) && (a.roles.includes('coordinator') || a.memberships.length > 0)
		)
	}
];

describe('planted faults in one rule are caught, and only that rule mismatches', () => {
	it.each(RULE_FAULTS.map((f) => [f.rule, f] as const))('%s', (_rule, f) => {
		const counts = mismatchesOf(f.module, sectionsCovering(f.name));
		expect(counts.get(f.name) ?? 0, `${f.name} should mismatch`).toBeGreaterThan(0);
		expect([...counts.keys()]).toEqual([f.name]);
	});

	it('the real policy, run the same way, has no mismatches', () => {
		const names = [...new Set(RULE_FAULTS.flatMap((f) => sectionsCovering(f.name)))];
		expect([...mismatchesOf(policy, names).keys()]).toEqual([]);
	});
});

describe('planted faults in the loader contract are caught', () => {
	it('a pending membership counting', () => {
		const withPending = (p: Person): Actor => {
			const a = contractActor(p);
			const pending = p.memberships.filter((m) => m.state === 'pending');
			return {
				...a,
				memberships: [
					...a.memberships,
					...pending.map((m) => ({
						tableId: m.table.id,
						tableKind: m.table.kind,
						role: m.role,
						policy: m.table.sees
					}))
				]
			};
		};
		const counts = mismatchesOf(
			policy,
			[
				'people, pages, administration and tables',
				'cases: reach, compartments, managing, list scope, escalating'
			],
			{ toActor: withPending }
		);
		for (const name of [
			'maySeeTableContent',
			'mayPlan',
			'mayConfirmMembers',
			'caseAccess',
			'mayReadCompartment',
			'caseScope'
		])
			expect(counts.get(name) ?? 0, name).toBeGreaterThan(0);
	});

	it('an ended membership counting', () => {
		const withEnded = (p: Person): Actor => ({
			...contractActor(p),
			memberships: p.memberships
				.filter((m) => m.state !== 'pending')
				.map((m) => ({ tableId: m.table.id, tableKind: m.table.kind, role: m.role, policy: m.table.sees }))
		});
		const counts = mismatchesOf(policy, ['people, pages, administration and tables'], { toActor: withEnded });
		expect(counts.get('maySeeTableContent') ?? 0).toBeGreaterThan(0);
		expect(counts.get('mayDecide') ?? 0).toBeGreaterThan(0);
	});

	it('an ended participation counting', () => {
		const withEnded = (c: CaseRef): CaseFacts => ({
			...contractCase(c),
			participantIds: c.participants.map((x) => x.userId)
		});
		const counts = mismatchesOf(
			policy,
			['timeline entries', 'cases: reach, compartments, managing, list scope, escalating'],
			{ toCase: withEnded }
		);
		expect(counts.get('caseAccess') ?? 0).toBeGreaterThan(0);
		expect(counts.get('timelineEntryView') ?? 0).toBeGreaterThan(0);
	});
});

describe('the coverage test refuses what the matrix does not cover', () => {
	const counts = new Map(SECTIONS.flatMap((s) => s.covers).map((name): [string, number] => [name, 100]));

	it('is content with the real policy and full counts', () => {
		expect(coverageProblems(policy, counts)).toEqual([]);
	});

	it('a new function export without rows', () => {
		const problems = coverageProblems({ ...policy, mayDoSomethingNew: () => true }, counts);
		expect(problems).toHaveLength(1);
		expect(problems[0]).toMatch(/policy export mayDoSomethingNew \(function\) has no matrix rows/);
	});

	it('a new data export without rows', () => {
		expect(coverageProblems({ ...policy, NEW_LIMITS: [1, 2] }, counts)).toEqual([
			expect.stringMatching(/policy export NEW_LIMITS \(data\) has no matrix rows/)
		]);
	});

	it('an export whose section ran too few comparisons', () => {
		const fewer = new Map(counts);
		fewer.set('mayPlan', 3);
		fewer.delete('liveDocAccess');
		const problems = coverageProblems(policy, fewer);
		expect(problems).toEqual([
			expect.stringMatching(/liveDocAccess is listed by matrix section .* ran only 0 comparisons/),
			expect.stringMatching(/mayPlan is listed by matrix section .* ran only 3 comparisons/)
		]);
	});

	it('a covered name the policy no longer exports', () => {
		const { mayPlan: _gone, ...rest } = policy;
		expect(coverageProblems(rest, counts)).toEqual([
			expect.stringMatching(/covers mayPlan, which the policy no longer exports/)
		]);
	});

	it('the real run’s counts are what the coverage test checks', () => {
		const real = comparisonCounts(
			runMatrix(policy, { people: SOME_PEOPLE.slice(0, 4), sections: ['design data and role sets'] })
		);
		expect(real.get('routeTables')).toBeGreaterThan(8);
	});
});
