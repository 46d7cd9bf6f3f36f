import { getDb } from '$lib/server/db';
import * as signals from '$lib/server/signals';
import * as cases from '$lib/server/cases';
import { mayCreateCase } from '$lib/server/policy';
import { attempt, idParam, requirePage, translate } from '$lib/server/guard';
import { formObject } from '$lib/server/validation';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { dutchDate } from '$lib/dates';

export const load: PageServerLoad = (event) => {
	const actor = requirePage(event, 'signals');
	const id = idParam(event, event.params.id, 'signal');
	const db = getDb();
	try {
		const result = signals.get(db, actor, id, event.locals.now, event.locals.clientAddress);
		if (result.view === 'own') return { view: 'own' as const, own: result };
		return {
			view: 'full' as const,
			full: result,
			candidates: signals.linkCandidates(db, actor, result.signal),
			cases: cases.fromSignal(db, actor, id),
			mayConvert: mayCreateCase(actor) && result.signal.status !== 'closed_no_action' && !result.signal.anonymisedAt,
			today: dutchDate(event.locals.now)
		};
	} catch (e) {
		translate(event, e, 'signal', id);
	}
};

/** One coordinator action on this signal: guard, parse, run, echo input on failure. */
async function act(event: RequestEvent, done: string, work: (values: Record<string, unknown>, id: number) => void) {
	const id = idParam(event, event.params.id, 'signal');
	const values = formObject(await event.request.formData());
	return attempt(event, values, () => {
		work(values, id);
		return { done };
	});
}

export const actions: Actions = {
	triage: async (event) => {
		const actor = requirePage(event, 'signals');
		return act(event, 'triage', (_v, id) => signals.startTriage(getDb(), actor, id, event.locals.now, event.locals.clientAddress));
	},
	note: async (event) => {
		const actor = requirePage(event, 'signals');
		return act(event, 'note', (v, id) => signals.addNote(getDb(), actor, id, v, event.locals.now, event.locals.clientAddress));
	},
	link: async (event) => {
		const actor = requirePage(event, 'signals');
		return act(event, 'link', (v, id) => signals.linkEarlier(getDb(), actor, id, v, event.locals.now, event.locals.clientAddress));
	},
	forward: async (event) => {
		const actor = requirePage(event, 'signals');
		return act(event, 'forward', (v, id) => signals.forward(getDb(), actor, id, v, event.locals.now, event.locals.clientAddress));
	},
	close: async (event) => {
		const actor = requirePage(event, 'signals');
		return act(event, 'close', (v, id) => signals.close(getDb(), actor, id, v, event.locals.now, event.locals.clientAddress));
	},
	feedback: async (event) => {
		const actor = requirePage(event, 'signals');
		return act(event, 'feedback', (v, id) => signals.saveFeedback(getDb(), actor, id, v, event.locals.now, event.locals.clientAddress));
	},
	sendFeedback: async (event) => {
		const actor = requirePage(event, 'signals');
		return act(event, 'sendFeedback', (_v, id) => signals.sendFeedback(getDb(), actor, id, event.locals.now, event.locals.clientAddress));
	}
};
