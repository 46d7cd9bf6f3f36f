import { getDb, type Db } from '$lib/server/db';
import * as meetings from '$lib/server/meetings';
import { startAppCollab } from '$lib/server/collab';
import { attempt, idParam, requirePage, translate, type SignedIn } from '$lib/server/guard';
import { formObject } from '$lib/server/validation';
import { ValidationError } from '$lib/server/errors';
import { caseDocName } from '$lib/collab/names';
import * as cases from '$lib/server/cases';
import * as plans from '$lib/server/actions';
import { m } from '$lib/paraglide/messages.js';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { utcToAmsterdamInput } from '$lib/dates';

export const load: PageServerLoad = (event) => {
	const actor = requirePage(event, 'meetings');
	const meetingId = idParam(event, event.params.id, 'meeting');
	const db = getDb();
	try {
		const view = meetings.get(db, actor, meetingId, event.locals.now, event.locals.clientAddress);
		const planning = view.may.plan && view.meeting.status !== 'closed' && view.meeting.status !== 'minutes_approved';
		const running = view.meeting.status === 'in_progress';
		const notes = running ? meetings.noteCompartments(db, actor, meetingId) : new Map<number, Array<'shared' | 'zorg' | 'veiligheid'>>();
		return {
			live: running
				? view.agenda.map((item, i) => ({
						id: item.id,
						label: item.kind === 'general' ? (item.title ?? '') : item.case ? `${item.case.reference} – ${item.case.subjectLabel}` : m.agenda_hidden_case(),
						plannedMinutes: item.plannedMinutes,
						position: i + 1,
						compartments: notes.get(item.id) ?? [],
						caseId: item.case?.id ?? null,
						// Plans of the item's case the actor may write, for actions made in the meeting.
						writable: item.case ? [...(cases.reachOrNull(db, actor, item.case.id)?.access.compartments ?? [])] : [],
						owners: item.case ? plans.possibleOwners(db, item.case.id, 'shared') : []
					}))
				: [],
			attendance: (running || view.meeting.status === 'closed') && view.may.decide ? meetings.attendanceOf(db, meetingId, view.meeting.tableId) : [],
			toApprove: running && view.may.decide ? meetings.minutesToApprove(db, actor, meetingId) : null,
			me: { name: actor.name },
			view,
			members: view.may.plan || view.may.decide ? meetings.tableMembers(db, view.meeting.tableId) : [],
			caseChoices: planning ? meetings.casesForAgenda(db, actor, meetingId) : [],
			startsAtInput: utcToAmsterdamInput(view.meeting.startsAt),
			isPast: view.meeting.startsAt.getTime() <= event.locals.now.getTime()
		};
	} catch (e) {
		translate(event, e, 'meeting', meetingId);
	}
};

type Work = (db: Db, actor: SignedIn, meetingId: number, values: Record<string, unknown>, now: Date, client: string) => unknown;

/** One form on the meeting page: the guard first, then the domain call. */
function action(name: string, work: Work) {
	return async (event: RequestEvent) => {
		const actor = requirePage(event, 'meetings');
		const meetingId = idParam(event, event.params.id, 'meeting');
		const values = formObject(await event.request.formData());
		return attempt(event, values, async () => {
			await work(getDb(), actor, meetingId, values, event.locals.now, event.locals.clientAddress);
			return { done: name };
		});
	};
}

export const actions: Actions = {
	reschedule: action('reschedule', meetings.reschedule),
	advance: action('advance', meetings.advance),
	addCase: action('addCase', meetings.addCaseItem),
	addGeneral: action('addGeneral', meetings.addGeneralItem),
	updateItem: action('updateItem', meetings.updateItem),
	moveItem: action('moveItem', meetings.moveItem),
	removeItem: action('removeItem', meetings.removeItem),
	decision: action('decision', meetings.recordDecision),
	decisionStatus: action('decisionStatus', (db, actor, _meetingId, values, now, client) => meetings.setDecisionStatus(db, actor, values, now, client)),
	attendance: action('attendance', meetings.recordAttendance),
	approveMinutes: action('approveMinutes', (db, actor, meetingId, _values, now, client) => meetings.approveMinutes(db, actor, meetingId, now, client)),
	/** An action made at an agenda item goes straight into the case's plan, with the meeting as origin. */
	createAction: action('createAction', async (db, actor, meetingId, values, now) => {
		const input = meetings.actionFromItem(db, actor, meetingId, values);
		if (input.ownerId !== null && !plans.ownerCheck(db, input.caseId, input.compartment)(input.ownerId)) {
			throw new ValidationError(m.err_action_owner(), { ownerId: m.err_action_owner() });
		}
		await startAppCollab().addAction(
			caseDocName(input.caseId, input.compartment === 'shared' ? 'plan' : input.compartment),
			{
				id: crypto.randomUUID(),
				title: input.title,
				ownerId: input.ownerId,
				dueDate: input.dueDate,
				status: 'open',
				reason: null,
				originKind: 'meeting',
				originId: meetingId,
				createdAt: now.getTime(),
				createdBy: actor.id
			},
			actor.id
		);
	}),
	/** A review conclusion about an earlier action goes into its plan document, for everyone to see. */
	review: action('review', async (db, actor, meetingId, values, now, client) => {
		const change = meetings.concludeReview(db, actor, meetingId, values, now, client);
		if (change) {
			const docName = caseDocName(change.caseId, change.compartment === 'shared' ? 'plan' : (change.compartment as 'zorg' | 'veiligheid'));
			await startAppCollab().changeAction(docName, change.actionId, { status: change.status, reason: change.reason }, actor.id);
		}
	})
};
