/**
 * The production `DocumentWriter`: server-side changes to collaboration documents go through the
 * app's collaboration server (its direct connection), so the ActionsExtension validates and
 * projects them and everyone with the document open sees them at once. Created in this one place;
 * routes pass it to domain functions (`actions.markDone(db, ctx, documentWriter(), raw)`) and never
 * call the collaboration server themselves.
 */
import type { DocumentWriter } from '../actions/changes';
import { startAppCollab } from './index';

/** The app's document writer. */
export function documentWriter(): DocumentWriter {
	return { change: (documentName, userId, work) => startAppCollab().change(documentName, userId, work) };
}
