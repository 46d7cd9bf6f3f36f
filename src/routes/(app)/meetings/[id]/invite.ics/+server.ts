import { getDb } from '$lib/server/db';
import * as calendar from '$lib/server/calendar';
import { idParam, requireContext, translate } from '$lib/server/guard';
import { origin } from '$lib/server/config';
import type { RequestHandler } from './$types';

/** The meeting as a calendar invitation: table, time and place, no case content. */
export const GET: RequestHandler = (event) => {
	const ctx = requireContext(event, 'meetings', { kind: 'meeting', id: event.params.id });
	const meetingId = idParam(event, event.params.id, 'meeting');
	try {
		const body = calendar.invitation(getDb(), ctx, meetingId, origin());
		return new Response(body, {
			headers: {
				'content-type': 'text/calendar; charset=utf-8',
				'content-disposition': `attachment; filename="overleg-${meetingId}.ics"`
			}
		});
	} catch (e) {
		translate(event, e, 'meeting', meetingId);
	}
};
