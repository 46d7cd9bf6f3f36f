/**
 * Server-side guard of the actions inside plan documents (DESIGN.md §4): after every transaction
 * that touches the `actions` array it validates each action, repairs invalid values in a server
 * transaction of its own, projects the result into SQL and writes the change to the case
 * timeline, attributed to the person behind the connection. It runs synchronously inside the
 * update, so the projection is in place before the change is acknowledged.
 */
import type { Extension, afterLoadDocumentPayload } from '@hocuspocus/server';
import * as Y from 'yjs';
import type { Db } from '../db';
import * as actions from '../actions';
import { actionsOf, writeValue } from '../../collab/schema';
import { parseDocName } from '../../collab/names';
import type { CollabContext } from './access';

/** The origin of the server's own repairs, so they are not validated again. */
export const REPAIR = { source: 'local', context: { repair: true } } as const;

/** The user behind a transaction: a client connection, or a server change made for someone. */
function userOf(origin: unknown): { userId: number | null; server: boolean } {
	const o = origin as {
		source?: string;
		connection?: { context?: CollabContext };
		context?: { userId?: number };
	} | null;
	if (o?.source === 'connection') return { userId: o.connection?.context?.userId ?? null, server: false };
	if (o?.source === 'local') return { userId: o.context?.userId ?? null, server: true };
	return { userId: null, server: true };
}

export class ActionsExtension implements Extension {
	constructor(
		private readonly db: Db,
		private readonly onError: (e: unknown) => void = (e) =>
			console.error('[acties]', e instanceof Error ? e.message : e)
	) {}

	async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload): Promise<void> {
		const doc = parseDocName(documentName);
		if (doc?.kind !== 'case') return;
		const list = actionsOf(document);
		document.on('afterTransaction', (tr: Y.Transaction) => {
			if (tr.origin === REPAIR) return;
			const touched = [...tr.changed.keys()].some((type) => type === list || type.parent === list);
			if (!touched) return;
			try {
				const { userId, server } = userOf(tr.origin);
				const result = actions.reconcile(this.db, doc, list, { userId, now: new Date(), server });
				// Anything in the list that is not an action (a crafted update) is removed.
				const junk = list
					.toArray()
					.map((item, index) => (item instanceof Y.Map ? -1 : index))
					.filter((index) => index >= 0);
				if (result.repairs.length === 0 && junk.length === 0) return;
				document.transact(() => {
					for (const { index, value } of result.repairs) {
						const map = list.get(index);
						if (map instanceof Y.Map) writeValue(map, value);
					}
					for (const index of junk.reverse()) list.delete(index, 1);
				}, REPAIR);
			} catch (e) {
				// Never throw from a Yjs event handler: the document would stop emitting updates.
				this.onError(e);
			}
		});
	}
}
