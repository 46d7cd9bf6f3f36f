/**
 * Demo escalations: both routes in several states, some past their feedback norm.
 */
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from './db';
import { caseTable, decision, escalation, escalationStep } from './db/schema';
import type { EscalationState, Target } from '../domain/escalations';

interface DemoEscalation {
	caseKey: string;
	target: Target;
	from?: string;
	by: string;
	/** Steps as [state, days ago, decision text fragment?]. */
	steps: Array<[EscalationState, number, string?]>;
	open: boolean;
}

const ESCALATIONS: DemoEscalation[] = [
	{
		caseKey: 'salon',
		target: 'riec',
		by: 'coordinator.veiligheid',
		open: true,
		steps: [
			['proposed', 30],
			['on_avo_agenda', 25],
			['avo_advice', 21, 'Advies aan de Stuurtafel'],
			['accepted', 7, 'Aangenomen als RIEC-casus'],
			['riec_in_progress', 5]
		]
	},
	{ caseKey: 'pimp', target: 'riec', by: 'coordinator.veiligheid', open: true, steps: [['proposed', 20]] },
	{
		caseKey: 'horeca',
		target: 'riec',
		by: 'coordinator.veiligheid',
		open: true,
		steps: [
			['proposed', 45],
			['on_avo_agenda', 40]
		]
	},
	{
		caseKey: 'kwekerij',
		target: 'riec',
		by: 'voorzitter.stuurtafel',
		open: false,
		steps: [
			['proposed', 60],
			['on_avo_agenda', 55],
			['avo_advice', 50],
			['declined', 45]
		]
	},
	{
		caseKey: 'chloe',
		target: 'zvh',
		from: 'zorgtafel',
		by: 'coordinator.zorg',
		open: true,
		steps: [
			['proposed', 25],
			['submitted', 22],
			['triage', 20]
		]
	},
	{
		caseKey: 'bogdan',
		target: 'zvh',
		from: 'zorgtafel',
		by: 'coordinator.zorg',
		open: false,
		steps: [
			['proposed', 50],
			['submitted', 48],
			['triage', 45],
			['de_escalated', 40]
		]
	}
];

const NOTES: Partial<Record<EscalationState, string>> = {
	proposed: 'Meerdere signalen en partners betrokken: integrale aanpak nodig.',
	declined: 'Onvoldoende aanknopingspunten voor een integrale aanpak; politie handelt strafrechtelijk af.',
	de_escalated: 'Zorg loopt via de reguliere route; geen escalatie meer nodig.'
};

export function seedEscalations(
	db: DbOrTx,
	caseIds: Map<string, number>,
	users: Record<string, number>,
	tables: Record<string, number>,
	now: Date
): void {
	const day = 86_400_000;
	for (const d of ESCALATIONS) {
		const caseId = caseIds.get(d.caseKey);
		if (caseId === undefined) continue;
		const [last] = d.steps.slice(-1);
		const opened = new Date(now.getTime() - d.steps[0][1] * day);
		const id = db
			.insert(escalation)
			.values({
				caseId,
				target: d.target,
				state: last[0],
				stateSince: new Date(now.getTime() - last[1] * day),
				fromTableId: d.from ? tables[d.from] : null,
				openedBy: users[d.by],
				openedAt: opened,
				closedAt: d.open ? null : new Date(now.getTime() - last[1] * day)
			})
			.returning({ id: escalation.id })
			.get().id;
		let previous: EscalationState | null = null;
		for (const [state, daysAgo, decisionText] of d.steps) {
			const linked = decisionText
				? db
						.select({ id: decision.id, text: decision.text })
						.from(decision)
						.where(eq(decision.caseId, caseId))
						.all()
						.find((x) => x.text.startsWith(decisionText))
				: undefined;
			db.insert(escalationStep)
				.values({
					escalationId: id,
					fromState: previous,
					toState: state,
					byUserId: users[d.by],
					at: new Date(now.getTime() - daysAgo * day),
					note: NOTES[state] ?? null,
					decisionId: linked?.id ?? null
				})
				.run();
			previous = state;
		}
		if (d.target === 'zvh' && d.open && d.steps.some(([s]) => s === 'submitted')) {
			const on = db
				.select()
				.from(caseTable)
				.where(and(eq(caseTable.caseId, caseId), eq(caseTable.tableId, tables['zvh'])))
				.get();
			if (!on)
				db.insert(caseTable)
					.values({
						caseId,
						tableId: tables['zvh'],
						addedAt: new Date(now.getTime() - 22 * day),
						addedBy: users[d.by]
					})
					.run();
		}
	}
}
