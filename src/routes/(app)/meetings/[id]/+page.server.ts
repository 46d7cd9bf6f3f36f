import { getDb, type Tx } from '$lib/server/db';
import * as meetings from '$lib/server/meetings';
import * as decisions from '$lib/server/decisions';
import * as plans from '$lib/server/actions';
import { documentWriter } from '$lib/server/collab/writer';
import { idParam, perform, performAsync, requireContext, translate } from '$lib/server/guard';
import { formObject } from '$lib/server/validation';
import { m } from '$lib/paraglide/messages.js';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { utcToAmsterdamInput } from '$lib/dates';

export const load: PageServerLoad = (event) => {
	const ctx = requireContext(event, 'meetings', { kind: 'meeting', id: event.params.id });
	const meetingId = idParam(event, event.params.id, 'meeting');
	const db = getDb();
	try {
		const view = meetings.get(db, ctx, meetingId);
		const planning =
			view.may.plan && view.meeting.status !== 'closed' && view.meeting.status !== 'minutes_approved';
		const running = view.meeting.status === 'in_progress';
		const notes = running
			? meetings.noteCompartments(db, ctx.actor, meetingId)
			: new Map<number, Array<'shared' | 'zorg' | 'veiligheid'>>();
		return {
			live: running
				? view.agenda.map((item, i) => ({
						id: item.id,
						label:
							item.kind === 'general'
								? (item.title ?? '')
								: item.case
									? `${item.case.reference} – ${item.case.subjectLabel}`
									: m.agenda_hidden_case(),
						plannedMinutes: item.plannedMinutes,
						position: i + 1,
						compartments: notes.get(item.id) ?? [],
						caseId: item.case?.id ?? null,
						// Plans of the item's case the actor may write, for actions made in the meeting.
						writable: item.case ? meetings.writablePlans(db, ctx.actor, item.case.id) : [],
						owners: item.case ? plans.possibleOwners(db, item.case.id, 'shared') : []
					}))
				: [],
			attendance:
				(running || view.meeting.status === 'closed') && view.may.decide
					? meetings.attendanceOf(db, meetingId, view.meeting.tableId)
					: [],
			toApprove: running && view.may.decide ? meetings.minutesToApprove(db, ctx, meetingId) : null,
			me: { name: ctx.actor.name },
			view,
			members: view.may.plan || view.may.decide ? meetings.tableMembers(db, view.meeting.tableId) : [],
			caseChoices: planning ? meetings.casesForAgenda(db, ctx, meetingId) : [],
			startsAtInput: utcToAmsterdamInput(view.meeting.startsAt),
			isPast: view.meeting.startsAt.getTime() <= event.locals.now.getTime()
		};
	} catch (e) {
		translate(event, e, 'meeting', meetingId);
	}
};

type Ctx = ReturnType<typeof requireContext>;
type Work = (tx: Tx, ctx: Ctx, meetingId: number, values: Record<string, unknown>) => unknown;

/** One form on the meeting page: the guard first, then the domain call in one transaction. */
function action(name: string, work: Work) {
	return async (event: RequestEvent) => {
		const ctx = requireContext(event, 'meetings', { kind: 'meeting', id: event.params.id });
		const meetingId = idParam(event, event.params.id, 'meeting');
		const values = formObject(await event.request.formData());
		return perform(event, name, values, (tx) => {
			work(tx, ctx, meetingId, values);
			return { done: name };
		});
	};
}

export const actions = {
	reschedule: action('reschedule', (tx, ctx, id, values) => meetings.reschedule(tx, ctx, id, values)),
	advance: action('advance', (tx, ctx, id, values) => meetings.advance(tx, ctx, id, values)),
	addCase: action('addCase', (tx, ctx, id, values) => meetings.addCaseItem(tx, ctx, id, values)),
	addGeneral: action('addGeneral', (tx, ctx, id, values) => meetings.addGeneralItem(tx, ctx, id, values)),
	updateItem: action('updateItem', (tx, ctx, id, values) => meetings.updateItem(tx, ctx, id, values)),
	moveItem: action('moveItem', (tx, ctx, id, values) => meetings.moveItem(tx, ctx, id, values)),
	removeItem: action('removeItem', (tx, ctx, id, values) => meetings.removeItem(tx, ctx, id, values)),
	decision: action('decision', (tx, ctx, id, values) => decisions.recordDecision(tx, ctx, id, values)),
	decisionStatus: action('decisionStatus', (tx, ctx, _id, values) =>
		decisions.setDecisionStatus(tx, ctx, values)
	),
	attendance: action('attendance', (tx, ctx, id, values) => meetings.recordAttendance(tx, ctx, id, values)),
	approveMinutes: action('approveMinutes', (tx, ctx, id) => meetings.approveMinutes(tx, ctx, id)),
	/** An action made at an agenda item goes straight into the case's plan, with the meeting as origin. */
	createAction: async (event) => {
		const ctx = requireContext(event, 'meetings', { kind: 'meeting', id: event.params.id });
		const meetingId = idParam(event, event.params.id, 'meeting');
		const values = formObject(await event.request.formData());
		return performAsync(event, 'createAction', values, async () => {
			const db = getDb();
			const input = meetings.actionFromItem(db, ctx, meetingId, values);
			await plans.addFromMeeting(db, ctx, documentWriter(), meetingId, input);
			return { done: 'createAction' };
		});
	},
	/** A review conclusion: the meeting's record in one transaction, then the action's plan document, for everyone to see. */
	review: async (event) => {
		const ctx = requireContext(event, 'meetings', { kind: 'meeting', id: event.params.id });
		const meetingId = idParam(event, event.params.id, 'meeting');
		const values = formObject(await event.request.formData());
		return performAsync(event, 'review', values, async () => {
			const db = getDb();
			const conclusion = meetings.concludeReview(db, ctx, meetingId, values);
			await plans.concludeFromReview(db, ctx, documentWriter(), conclusion);
			return { done: 'review' };
		});
	}
} satisfies Actions;
