import { idParam, requireContext, translate } from '$lib/server/guard';
import { minutesFor } from '$lib/server/minutes-route';
import { render } from '$lib/server/minutes-pdf';
import { compartmentLabel } from '$lib/labels';
import { attendanceLabel, decisionKindLabel, decisionStatusLabel } from '$lib/labels/meetings';
import { actionStatusLabel } from '$lib/labels/actions';
import { m } from '$lib/paraglide/messages.js';
import type { RequestHandler } from './$types';
import { formatDate, formatDateTime } from '$lib/dates';

/** The minutes as a PDF for this reader (only what they may see). */
export const GET: RequestHandler = async (event) => {
	const ctx = requireContext(event, 'meetings', { kind: 'meeting', id: event.params.id });
	const meetingId = idParam(event, event.params.id, 'meeting');
	try {
		// Noted as an export of the minutes, with the compartments it holds (written once the PDF is sent).
		const minutes = minutesFor(ctx, meetingId, 'export');
		const pdf = await render(minutes, ctx.actor.name, {
			compartment: compartmentLabel,
			attendance: (code) => (code ? attendanceLabel(code) : m.attendance_unknown()),
			decisionKind: decisionKindLabel,
			decisionStatus: decisionStatusLabel,
			actionStatus: actionStatusLabel,
			dateTime: formatDateTime,
			date: formatDate
		});
		return new Response(new Uint8Array(pdf), {
			headers: {
				'content-type': 'application/pdf',
				'content-disposition': `attachment; filename="verslag-overleg-${meetingId}.pdf"`
			}
		});
	} catch (e) {
		translate(event, e, 'meeting', meetingId);
	}
};
