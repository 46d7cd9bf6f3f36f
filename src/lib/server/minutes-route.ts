/**
 * Shared by the minutes page and its PDF: compose the minutes for the reader, with notes read
 * from the collaboration store (everything acknowledged is persisted there).
 */
import type { RequestEvent } from '@sveltejs/kit';
import { m } from '../paraglide/messages.js';
import { getDb } from './db';
import * as minutes from './minutes';
import * as meetings from './meetings';
import { startAppCollab } from './collab';
import { ConflictError } from './errors';
import type { SignedIn } from './guard';

export function minutesFor(event: Pick<RequestEvent, 'locals'>, actor: SignedIn, meetingId: number): minutes.Minutes {
	const db = getDb();
	const row = meetings.visible(db, actor, meetingId);
	if (row.status !== 'closed' && row.status !== 'minutes_approved') throw new ConflictError(m.minutes_not_yet());
	const store = startAppCollab().store;
	return minutes.compose(db, actor, meetingId, (name) => store.load(name).doc, event.locals.now, event.locals.clientAddress, m.agenda_hidden_case());
}
