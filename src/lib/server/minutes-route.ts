/**
 * Shared by the minutes page and its PDF: compose the minutes for the reader, with notes read
 * from the collaboration store (everything acknowledged is persisted there).
 */
import { m } from '../paraglide/messages.js';
import { getDb } from './db';
import * as minutes from './minutes';
import * as meetings from './meetings';
import { startAppCollab } from './collab';
import type { Ctx } from './context';
import { ConflictError } from './errors';

/** The minutes of a closed meeting for the reader of this request (noted as a view, or as an export for the PDF). */
export function minutesFor(ctx: Ctx, meetingId: number, as: 'view' | 'export' = 'view'): minutes.Minutes {
	const db = getDb();
	const row = meetings.visible(db, ctx, meetingId);
	if (row.status !== 'closed' && row.status !== 'minutes_approved')
		throw new ConflictError(m.minutes_not_yet());
	const store = startAppCollab().store;
	return minutes.compose(db, ctx, meetingId, (name) => store.load(name).doc, m.agenda_hidden_case(), as);
}
