import { getDb, type Tx } from '$lib/server/db';
import * as cases from '$lib/server/cases';
import * as plans from '$lib/server/actions';
import * as escalations from '$lib/server/escalations';
import { caseDocName } from '$lib/collab/names';
import { idParam, perform, requireContext, translate } from '$lib/server/guard';
import type { Ctx } from '$lib/server/context';
import { formObject } from '$lib/server/validation';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { dutchDate } from '$lib/dates';

export const load: PageServerLoad = (event) => {
	const ctx = requireContext(event, 'cases', { kind: 'case', id: event.params.id });
	const caseId = idParam(event, event.params.id, 'case');
	const db = getDb();
	try {
		const view = cases.get(db, ctx, caseId);
		const projected = plans.forCase(db, ctx, caseId);
		const choices = cases.manageChoices(db, ctx, view);
		return {
			view,
			plans: view.compartments.map((compartment) => ({
				compartment,
				docName: caseDocName(caseId, compartment === 'shared' ? 'plan' : compartment),
				owners: plans.possibleOwners(db, caseId, compartment),
				initial: projected
					.filter((a) => a.compartment === compartment)
					.map((a) => ({
						id: a.id,
						title: a.title,
						ownerId: a.ownerId,
						dueDate: a.dueDate,
						status: a.status,
						reason: a.reason,
						originKind: a.originKind
					}))
			})),
			today: dutchDate(ctx.now),
			escalations: escalations.forCase(db, ctx, caseId),
			escalateFrom: choices.escalateFrom,
			me: { id: ctx.actor.id, name: ctx.actor.name },
			// Choices for the management forms, only for those who may manage.
			people: choices.people,
			tableChoices: choices.tableChoices,
			created: event.url.searchParams.has('nieuw')
		};
	} catch (e) {
		translate(event, e, 'case', caseId);
	}
};

type Work = (tx: Tx, ctx: Ctx, caseId: number, values: Record<string, unknown>) => unknown;

/** One form on the case page: the guard first, then the domain call in one transaction, named for its form. */
function action(form: string, work: Work) {
	return async (event: RequestEvent) => {
		const ctx = requireContext(event, 'cases', { kind: 'case', id: event.params.id });
		const caseId = idParam(event, event.params.id, 'case');
		const values = formObject(await event.request.formData());
		return perform(event, form, values, (tx) => {
			work(tx, ctx, caseId, values);
			return { done: form };
		});
	};
}

export const actions = {
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
	escalate: action('escalate', escalations.propose)
} satisfies Actions;
