/**
 * Demo plans: notes and actions in the collaboration documents of some demo cases, in several
 * states, some overdue. Written as Yjs snapshots and projected like any other change.
 */
import * as Y from 'yjs';
import type { DbOrTx } from './db';
import { collabSnapshot } from './db/schema';
import { actionsOf, notesOf, pushAction, type ActionStatus, type ActionValue } from '../collab/schema';
import * as actions from './actions';
import { caseDocName, type CaseDocCompartment } from '../collab/names';

interface DemoAction {
	/** The demo meeting (key) this action came from, for the review of earlier meetings. */
	origin?: string;
	title: string;
	owner: string | null;
	dueInDays: number | null;
	status: ActionStatus;
	reason?: string;
}

export interface DemoPlan {
	caseKey: string;
	part: CaseDocCompartment;
	notes: string[];
	actions: DemoAction[];
}

export const PLANS: DemoPlan[] = [
	{
		caseKey: 'anna',
		part: 'plan',
		notes: [
			'Afgesproken in de Zorgtafel: eerst veiligheid en opvang, daarna de aangifte.',
			'Volgende bespreking: over twee weken.'
		],
		actions: [
			{
				title: 'Verlenging COSM-opvang aanvragen',
				owner: 'coordinator.zorg',
				dueInDays: 5,
				status: 'in_progress'
			},
			{
				title: 'Intakegesprek met advocaat plannen',
				owner: 'zorg',
				dueInDays: -3,
				status: 'open',
				origin: 'zorgtafel-past'
			},
			{
				title: 'Terugkoppeling aangifte aan de Zorgtafel',
				owner: 'veiligheid',
				dueInDays: 10,
				status: 'open'
			},
			{ title: 'Tolk regelen voor het eerste gesprek', owner: 'zorg', dueInDays: -20, status: 'done' }
		]
	},
	{
		caseKey: 'anna',
		part: 'zorg',
		notes: ['Traumabehandeling start na de intake bij de GGZ.'],
		actions: [
			{
				title: 'Verwijzing GGZ versturen',
				owner: 'zorg',
				dueInDays: -1,
				status: 'open',
				origin: 'zorgtafel-past'
			},
			{ title: 'Medische check bij de huisarts', owner: 'coordinator.zorg', dueInDays: -10, status: 'done' }
		]
	},
	{
		caseKey: 'anna',
		part: 'veiligheid',
		notes: ['Onderzoek loopt; geen informatie delen met de verdachte partij.'],
		actions: [
			{ title: 'Risicotaxatie woonadres opvang', owner: 'veiligheid', dueInDays: 3, status: 'in_progress' }
		]
	},
	{
		caseKey: 'bogdan',
		part: 'plan',
		notes: ['Werkgever wordt parallel aangepakt in de daderzaak.'],
		actions: [
			{
				title: 'Woning via de Wmo regelen',
				owner: 'coordinator.zorg',
				dueInDays: -7,
				status: 'open',
				origin: 'zorgtafel-past'
			},
			{ title: 'Loonvordering met vakbond bespreken', owner: 'zorg', dueInDays: 14, status: 'open' },
			{
				title: 'Gesprek met de oud-werkgever',
				owner: 'coordinator.zorg',
				dueInDays: -30,
				status: 'not_possible',
				reason: 'Werkgever is onvindbaar; bedrijf is uitgeschreven.'
			}
		]
	},
	{
		caseKey: 'salon',
		part: 'plan',
		notes: ['AVO adviseert een integrale controle en sluiting bij bevestiging van de bevindingen.'],
		actions: [
			{
				title: 'Integrale controle met NLA en politie',
				owner: 'veiligheid',
				dueInDays: -2,
				status: 'in_progress'
			},
			{
				title: 'Voornemen tot sluiting opstellen',
				owner: 'coordinator.veiligheid',
				dueInDays: 7,
				status: 'open'
			}
		]
	},
	{
		caseKey: 'salon',
		part: 'veiligheid',
		notes: ['Financieel onderzoek naar de eigenaar: resultaten verwacht binnen vier weken.'],
		actions: [
			{
				title: 'Bibob-advies opvragen',
				owner: 'coordinator.veiligheid',
				dueInDays: -5,
				status: 'open',
				origin: 'avo-past'
			},
			{
				title: 'Huisvesting werknemers controleren (Bouwbesluit art. 7.18)',
				owner: 'veiligheid',
				dueInDays: 2,
				status: 'open'
			}
		]
	},
	{
		caseKey: 'farah',
		part: 'plan',
		notes: ['Procesregie bij het ZVH; veiligheidsplan en opvang gaan samen.'],
		actions: [
			{
				title: 'Veiligheidsplan afstemmen met politie',
				owner: 'coordinator.veiligheid',
				dueInDays: 4,
				status: 'open'
			},
			{ title: 'Schuldhulp aanmelden', owner: 'coordinator.zorg', dueInDays: -4, status: 'open' }
		]
	}
];

function isoIn(now: Date, days: number): string {
	return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Writes the demo plans for the cases in `caseIds` (keys as in the case seed). */
export function seedPlans(
	db: DbOrTx,
	caseIds: Map<string, number>,
	users: Record<string, number>,
	meetingIds: Map<string, number>,
	now: Date
): void {
	for (const plan of PLANS) {
		const caseId = caseIds.get(plan.caseKey);
		if (caseId === undefined) continue;
		const doc = new Y.Doc();
		const compartment = plan.part === 'plan' ? 'shared' : plan.part;
		doc.transact(() => {
			const notes = notesOf(doc);
			for (const text of plan.notes) {
				const paragraph = new Y.XmlElement('paragraph');
				paragraph.insert(0, [new Y.XmlText(text)]);
				notes.push([paragraph]);
			}
			for (const a of plan.actions) {
				const value: ActionValue = {
					id: crypto.randomUUID(),
					title: a.title,
					ownerId: a.owner ? users[a.owner] : null,
					dueDate: a.dueInDays === null ? null : isoIn(now, a.dueInDays),
					status: a.status,
					reason: a.reason ?? null,
					originKind: a.origin ? 'meeting' : null,
					originId: a.origin ? (meetingIds.get(a.origin) ?? null) : null,
					createdAt: now.getTime() - 7 * 86_400_000,
					createdBy: users['coordinator.zorg']
				};
				pushAction(doc, value);
			}
		});
		actions.reconcile(db, { caseId, compartment }, actionsOf(doc), {
			userId: users['coordinator.zorg'],
			now,
			server: true
		});
		db.insert(collabSnapshot)
			.values({
				document: caseDocName(caseId, plan.part),
				state: Buffer.from(Y.encodeStateAsUpdate(doc)),
				upto: 0,
				updatedAt: now
			})
			.run();
		doc.destroy();
	}
}
