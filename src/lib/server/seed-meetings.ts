/**
 * Demo meetings: past meetings of each table with decisions in several states (some overdue),
 * upcoming meetings with published agendas, and a Zorgtafel meeting today, ready to start live.
 */
import type { DbOrTx } from './db';
import { agendaItem, decision, meeting, type Decision } from './db/schema';
import type { MeetingStatus } from '../domain/meetings';

interface DemoItem {
	caseKey?: string;
	title?: string;
	presenter?: string;
	minutes: number;
}
interface DemoDecision {
	item: number;
	kind: Decision['kind'];
	text: string;
	owner?: string;
	followUpInDays?: number;
	status: Decision['status'];
	reason?: string;
}
interface DemoMeeting {
	key: string;
	table: string;
	/** Days from now; fractional for hours. */
	inDays: number;
	hour: number;
	status: MeetingStatus;
	place: string;
	video?: string;
	createdBy: string;
	items: DemoItem[];
	decisions?: DemoDecision[];
}

export const MEETINGS: DemoMeeting[] = [
	{
		key: 'zorgtafel-past-2',
		table: 'zorgtafel',
		inDays: -28,
		hour: 13,
		status: 'minutes_approved',
		place: 'Stadskantoor Dommelstroom, zaal 2.14',
		createdBy: 'coordinator.zorg',
		items: [
			{ caseKey: 'anna', presenter: 'coordinator.zorg', minutes: 20 },
			{ caseKey: 'closed', minutes: 10 }
		],
		decisions: [
			{
				item: 1,
				kind: 'close_case',
				text: 'Casus sluiten: nazorg is afgerond.',
				owner: 'coordinator.zorg',
				followUpInDays: -25,
				status: 'implemented'
			}
		]
	},
	{
		key: 'zorgtafel-past',
		table: 'zorgtafel',
		inDays: -14,
		hour: 13,
		status: 'closed',
		place: 'Stadskantoor Dommelstroom, zaal 2.14',
		createdBy: 'coordinator.zorg',
		items: [
			{ caseKey: 'anna', presenter: 'coordinator.zorg', minutes: 20 },
			{ caseKey: 'bogdan', presenter: 'zorg', minutes: 15 },
			{ title: 'Signalen van de afgelopen maand', presenter: 'coordinator.veiligheid', minutes: 10 }
		],
		decisions: [
			{
				item: 0,
				kind: 'start_care',
				text: 'Traject traumazorg starten via de GGZ.',
				owner: 'zorg',
				followUpInDays: -3,
				status: 'open'
			},
			{
				item: 1,
				kind: 'other',
				text: 'Huisvesting met voorrang via de Wmo regelen.',
				owner: 'coordinator.zorg',
				followUpInDays: 7,
				status: 'open'
			},
			{
				item: 2,
				kind: 'other',
				text: 'Signalen voortaan vóór het overleg rondsturen.',
				owner: 'coordinator.veiligheid',
				followUpInDays: -7,
				status: 'implemented'
			}
		]
	},
	{
		key: 'zorgtafel-today',
		table: 'zorgtafel',
		inDays: 0,
		hour: -1,
		status: 'published',
		place: 'Stadskantoor Dommelstroom, zaal 2.14',
		video: 'https://video.dommelstroom.example/zorgtafel',
		createdBy: 'coordinator.zorg',
		items: [
			{ caseKey: 'anna', presenter: 'coordinator.zorg', minutes: 15 },
			{ caseKey: 'jay', presenter: 'zorg', minutes: 15 },
			{ caseKey: 'chloe', presenter: 'coordinator.zorg', minutes: 15 },
			{ title: 'Rondvraag', minutes: 5 }
		]
	},
	{
		key: 'zorgtafel-next',
		table: 'zorgtafel',
		inDays: 14,
		hour: 13,
		status: 'published',
		place: 'Stadskantoor Dommelstroom, zaal 2.14',
		createdBy: 'coordinator.zorg',
		items: [
			{ caseKey: 'dmitri', presenter: 'coordinator.zorg', minutes: 15 },
			{ caseKey: 'eva', presenter: 'zorg', minutes: 15 },
			{ title: 'Evaluatie werkwijze Zorgtafel', presenter: 'voorzitter.zorgtafel', minutes: 20 }
		]
	},
	{
		key: 'avo-past',
		table: 'avo',
		inDays: -21,
		hour: 10,
		status: 'closed',
		place: 'Politiebureau Dommelstroom',
		createdBy: 'coordinator.veiligheid',
		items: [
			{ caseKey: 'salon', presenter: 'veiligheid', minutes: 20 },
			{ caseKey: 'horeca', presenter: 'coordinator.veiligheid', minutes: 15 }
		],
		decisions: [
			{
				item: 0,
				kind: 'escalate_riec',
				text: 'Advies aan de Stuurtafel: integraal aanpakken als RIEC-casus.',
				owner: 'coordinator.veiligheid',
				followUpInDays: -14,
				status: 'implemented'
			},
			{
				item: 1,
				kind: 'administrative_intervention',
				text: 'Bibob-toets starten bij de vergunningaanvraag.',
				owner: 'coordinator.veiligheid',
				followUpInDays: -2,
				status: 'open'
			}
		]
	},
	{
		key: 'avo-next',
		table: 'avo',
		inDays: 10,
		hour: 10,
		status: 'published',
		place: 'Politiebureau Dommelstroom',
		createdBy: 'coordinator.veiligheid',
		items: [
			{ caseKey: 'pimp', presenter: 'veiligheid', minutes: 15 },
			{ caseKey: 'jay-suspect', presenter: 'veiligheid', minutes: 20 }
		]
	},
	{
		key: 'stuurtafel-past',
		table: 'stuurtafel',
		inDays: -7,
		hour: 15,
		status: 'closed',
		place: 'Stadhuis Dommelstroom, burgemeesterskamer',
		createdBy: 'coordinator.veiligheid',
		items: [
			{ caseKey: 'salon', presenter: 'coordinator.veiligheid', minutes: 20 },
			{ caseKey: 'kwekerij', presenter: 'voorzitter.stuurtafel', minutes: 15 }
		],
		decisions: [
			{
				item: 0,
				kind: 'escalate_riec',
				text: 'Aangenomen als RIEC-casus; integrale aanpak met NLA en Belastingdienst.',
				owner: 'voorzitter.stuurtafel',
				followUpInDays: 21,
				status: 'open'
			},
			{
				item: 1,
				kind: 'administrative_intervention',
				text: 'Pand sluiten op grond van de Opiumwet (art. 13b).',
				owner: 'voorzitter.stuurtafel',
				followUpInDays: -1,
				status: 'open'
			},
			{
				item: 1,
				kind: 'other',
				text: 'Gesprek met de verhuurder van het pand.',
				owner: 'veiligheid',
				followUpInDays: -5,
				status: 'dropped',
				reason: 'Verhuurder is zelf verdachte; via het OM.'
			}
		]
	},
	{
		key: 'stuurtafel-next',
		table: 'stuurtafel',
		inDays: 21,
		hour: 15,
		status: 'draft',
		place: 'Stadhuis Dommelstroom, burgemeesterskamer',
		createdBy: 'coordinator.veiligheid',
		items: [{ caseKey: 'jay-suspect', minutes: 20 }]
	},
	{
		key: 'zvh-past',
		table: 'zvh',
		inDays: -10,
		hour: 9,
		status: 'closed',
		place: 'Zorg- en Veiligheidshuis Dommelstroom',
		createdBy: 'procesregisseur.zvh',
		items: [{ caseKey: 'farah', presenter: 'procesregisseur.zvh', minutes: 30 }],
		decisions: [
			{
				item: 0,
				kind: 'start_care',
				text: 'Anonieme opvang buiten de regio en schuldhulp.',
				owner: 'coordinator.zorg',
				followUpInDays: -3,
				status: 'implemented'
			},
			{
				item: 0,
				kind: 'other',
				text: 'Veiligheidsplan met de politie opstellen.',
				owner: 'coordinator.veiligheid',
				followUpInDays: 4,
				status: 'open'
			}
		]
	}
];

/** Writes the demo meetings; returns their ids by key. */
export function seedMeetings(
	db: DbOrTx,
	caseIds: Map<string, number>,
	users: Record<string, number>,
	tables: Record<string, number>,
	now: Date
): Map<string, number> {
	const ids = new Map<string, number>();
	for (const d of MEETINGS) {
		// A whole hour in Dutch (winter) time, or — for `hour: -1` — an hour from now.
		const start = new Date(now.getTime() + d.inDays * 86_400_000);
		if (d.hour >= 0) start.setUTCHours(d.hour - 1, 0, 0, 0);
		else start.setTime(now.getTime() + 3_600_000);
		const past = start.getTime() < now.getTime();
		const id = db
			.insert(meeting)
			.values({
				tableId: tables[d.table],
				startsAt: start,
				durationMinutes: 90,
				place: d.place,
				videoLink: d.video ?? null,
				status: d.status,
				publishedAt:
					d.status === 'draft' ? null : new Date(Math.min(start.getTime(), now.getTime()) - 3 * 86_400_000),
				startedAt: past && d.status !== 'published' ? start : null,
				closedAt:
					d.status === 'closed' || d.status === 'minutes_approved'
						? new Date(start.getTime() + 90 * 60_000)
						: null,
				approvedAt: d.status === 'minutes_approved' ? new Date(start.getTime() + 14 * 86_400_000) : null,
				createdBy: users[d.createdBy],
				createdAt: new Date(start.getTime() - 10 * 86_400_000)
			})
			.returning({ id: meeting.id })
			.get().id;
		ids.set(d.key, id);
		const itemIds = d.items.map(
			(item, position) =>
				db
					.insert(agendaItem)
					.values({
						meetingId: id,
						position,
						kind: item.caseKey ? 'case' : 'general',
						caseId: item.caseKey ? (caseIds.get(item.caseKey) ?? null) : null,
						title: item.title ?? null,
						presenterId: item.presenter ? users[item.presenter] : null,
						plannedMinutes: item.minutes,
						createdAt: new Date(start.getTime() - 7 * 86_400_000)
					})
					.returning({ id: agendaItem.id })
					.get().id
		);
		for (const dec of d.decisions ?? []) {
			const item = d.items[dec.item];
			db.insert(decision)
				.values({
					meetingId: id,
					agendaItemId: itemIds[dec.item],
					tableId: tables[d.table],
					caseId: item.caseKey ? (caseIds.get(item.caseKey) ?? null) : null,
					kind: dec.kind,
					text: dec.text,
					followUpOwnerId: dec.owner ? users[dec.owner] : null,
					followUpDate:
						dec.followUpInDays === undefined
							? null
							: new Date(now.getTime() + dec.followUpInDays * 86_400_000).toISOString().slice(0, 10),
					status: dec.status,
					statusReason: dec.reason ?? null,
					statusChangedAt: dec.status === 'open' ? null : now,
					createdBy: users[d.createdBy],
					createdAt: start
				})
				.run();
		}
	}
	return ids;
}
