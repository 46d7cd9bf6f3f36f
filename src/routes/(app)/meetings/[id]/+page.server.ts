import { getDb, type Db } from '$lib/server/db';
import * as meetings from '$lib/server/meetings';
import { startAppCollab } from '$lib/server/collab';
import { attempt, idParam, requirePage, translate, type SignedIn } from '$lib/server/guard';
import { formObject } from '$lib/server/validation';
import { caseDocName } from '$lib/collab/names';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = (event) => {
	const actor = requirePage(event, 'meetings');
	const meetingId = idParam(event, event.params.id, 'meeting');
	const db = getDb();
	try {
		const view = meetings.get(db, actor, meetingId, event.locals.now, event.locals.clientAddress);
		const planning = view.may.plan && view.meeting.status !== 'closed' && view.meeting.status !== 'minutes_approved';
		return {
			view,
			members: view.may.plan || view.may.decide ? meetings.tableMembers(db, view.meeting.tableId) : [],
			caseChoices: planning ? meetings.casesForAgenda(db, actor, meetingId) : [],
			startsAtInput: meetings.utcToAmsterdamInput(view.meeting.startsAt),
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
	/** A review conclusion about an earlier action goes into its plan document, for everyone to see. */
	review: action('review', async (db, actor, meetingId, values, now, client) => {
		const change = meetings.concludeReview(db, actor, meetingId, values, now, client);
		if (change) {
			const docName = caseDocName(change.caseId, change.compartment === 'shared' ? 'plan' : (change.compartment as 'zorg' | 'veiligheid'));
			await startAppCollab().changeAction(docName, change.actionId, { status: change.status, reason: change.reason }, actor.id);
		}
	})
};
