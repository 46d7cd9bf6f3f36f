import { getDb } from '$lib/server/db';
import * as cases from '$lib/server/cases';
import * as tables from '$lib/server/tables';
import * as plans from '$lib/server/actions';
import * as escalations from '$lib/server/escalations';
import { caseDocName } from '$lib/collab/names';
import { attempt, idParam, requirePage, translate, type SignedIn } from '$lib/server/guard';
import { formObject } from '$lib/server/validation';
import type { Db } from '$lib/server/db';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { dutchDate } from '$lib/dates';

export const load: PageServerLoad = (event) => {
	const actor = requirePage(event, 'cases');
	const caseId = idParam(event, event.params.id, 'case');
	const db = getDb();
	try {
		const view = cases.get(db, actor, caseId, event.locals.now, event.locals.clientAddress);
		const projected = plans.forCase(db, actor, caseId, event.locals.now);
		return {
			view,
			plans: view.compartments.map((compartment) => ({
				compartment,
				docName: caseDocName(caseId, compartment === 'shared' ? 'plan' : compartment),
				owners: plans.possibleOwners(db, caseId, compartment),
				initial: projected
					.filter((a) => a.compartment === compartment)
					.map((a) => ({ id: a.id, title: a.title, ownerId: a.ownerId, dueDate: a.dueDate, status: a.status, reason: a.reason, originKind: a.originKind }))
			})),
			today: dutchDate(event.locals.now),
			escalations: escalations.forCase(db, actor, caseId, event.locals.now),
			escalateFrom: view.may.manage
				? view.tables.filter((t) => t.kind !== 'zvh' && actor.memberships.some((ms) => ms.tableId === t.id)).map((t) => ({ id: t.id, name: t.name }))
				: [],
			me: { id: actor.id, name: actor.name },
			// Choices for the management forms, only for those who may manage.
			people: view.may.manage ? cases.eligiblePeople(db) : [],
			tableChoices: view.may.manage
				? (actor.roles.includes('coordinator') ? tables.list(db) : tables.listForActor(db, actor))
						.filter((t) => !view.tables.some((x) => x.id === t.id))
						.map((t) => ({ id: t.id, name: t.name }))
				: [],
			created: event.url.searchParams.has('nieuw')
		};
	} catch (e) {
		translate(event, e, 'case', caseId);
	}
};

type Work = (db: Db, actor: SignedIn, caseId: number, values: Record<string, unknown>, now: Date, client: string) => void;

/** One form on the case page: the guard first, then the domain call with the posted values. */
function action(name: string, work: Work) {
	return async (event: RequestEvent) => {
		const actor = requirePage(event, 'cases');
		const caseId = idParam(event, event.params.id, 'case');
		const values = formObject(await event.request.formData());
		return attempt(event, values, () => {
			work(getDb(), actor, caseId, values, event.locals.now, event.locals.clientAddress);
			return { done: name };
		});
	};
}

export const actions: Actions = {
	status: action('status', cases.setStatus),
	phase: action('phase', cases.setPhase),
	leads: action('leads', cases.setLeads),
	deadlines: action('deadlines', cases.setDeadlines),
	subject: action('subject', cases.updateSubject),
	addTable: action('addTable', cases.addTable),
	removeTable: action('removeTable', cases.removeTable),
	addParticipant: action('addParticipant', cases.addParticipant),
	endParticipant: action('endParticipant', cases.endParticipant),
	link: action('link', cases.link),
	zorg: action('zorg', cases.updateZorg),
	consent: action('consent', cases.updateConsent),
	veiligheid: action('veiligheid', cases.updateVeiligheid),
	intervention: action('intervention', cases.addIntervention),
	interventionStatus: action('interventionStatus', cases.setInterventionStatus),
	escalate: action('escalate', (db, actor, caseId, values, now, client) => escalations.propose(db, actor, caseId, values, now, client))
};
