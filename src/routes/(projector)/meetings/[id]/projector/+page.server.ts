import { getDb } from '$lib/server/db';
import * as meetings from '$lib/server/meetings';
import { idParam, requirePage, translate } from '$lib/server/guard';
import { m } from '$lib/paraglide/messages.js';
import type { PageServerLoad } from './$types';

/**
 * The projector view: the current item's shared content only. Whose laptop is connected does not
 * matter: no compartment is ever sent to this page.
 */
export const load: PageServerLoad = (event) => {
	const actor = requirePage(event, 'meetings');
	const meetingId = idParam(event, event.params.id, 'meeting');
	const db = getDb();
	try {
		const view = meetings.get(db, actor, meetingId, event.locals.now, event.locals.clientAddress);
		return {
			meeting: { id: view.meeting.id, tableName: view.meeting.tableName, status: view.meeting.status, startsAt: view.meeting.startsAt },
			items: view.agenda.map((item) => ({
				id: item.id,
				label: item.kind === 'general' ? (item.title ?? '') : item.case ? `${item.case.reference} – ${item.case.subjectLabel}` : m.agenda_hidden_case(),
				plannedMinutes: item.plannedMinutes,
				compartments: ['shared' as const]
			}))
		};
	} catch (e) {
		translate(event, e, 'meeting', meetingId);
	}
};
