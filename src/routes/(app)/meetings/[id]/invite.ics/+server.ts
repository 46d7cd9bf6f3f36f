import { getDb } from '$lib/server/db';
import * as meetings from '$lib/server/meetings';
import * as calendar from '$lib/server/calendar';
import * as audit from '$lib/server/audit';
import { idParam, requirePage, translate } from '$lib/server/guard';
import { origin } from '$lib/server/config';
import type { RequestHandler } from './$types';

/** The meeting as a calendar invitation: table, time and place, no case content. */
export const GET: RequestHandler = (event) => {
	const actor = requirePage(event, 'meetings');
	const meetingId = idParam(event, event.params.id, 'meeting');
	const db = getDb();
	try {
		const row = meetings.visible(db, actor, meetingId);
		audit.record(db, { userId: actor.id, action: 'export', objectType: 'meeting', objectId: meetingId, clientAddress: event.locals.clientAddress, detail: 'uitnodiging' }, event.locals.now);
		return new Response(calendar.ics([row], event.locals.now, origin(), row.tableName), {
			headers: { 'content-type': 'text/calendar; charset=utf-8', 'content-disposition': `attachment; filename="overleg-${meetingId}.ics"` }
		});
	} catch (e) {
		translate(event, e, 'meeting', meetingId);
	}
};
