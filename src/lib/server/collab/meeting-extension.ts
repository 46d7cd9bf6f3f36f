/**
 * Server-side guard of the live meeting documents: the live state (`meeting:<id>`, map `live`)
 * may only point at an item of this meeting, and changes to item notes after the meeting closed
 * are recorded as corrections to the minutes, attributed to their author.
 */
import type { Extension, afterLoadDocumentPayload } from '@hocuspocus/server';
import * as Y from 'yjs';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { agendaItem } from '../db/schema';
import * as meetings from '../meetings';
import { parseDocName } from '../../collab/names';
import type { CollabContext } from './access';

const REPAIR = { source: 'local', context: { repair: true } } as const;

function userOf(origin: unknown): number | null {
	const o = origin as { source?: string; connection?: { context?: CollabContext } } | null;
	return o?.source === 'connection' ? (o.connection?.context?.userId ?? null) : null;
}

export class MeetingExtension implements Extension {
	constructor(
		private readonly db: Db,
		private readonly onError: (e: unknown) => void = (e) =>
			console.error('[overleg]', e instanceof Error ? e.message : e)
	) {}

	async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload): Promise<void> {
		const doc = parseDocName(documentName);
		if (doc?.kind === 'meeting') {
			const live = document.getMap('live');
			let accepted = live.get('currentItemId') ?? null;
			document.on('afterTransaction', (tr: Y.Transaction) => {
				if (tr.origin === REPAIR || ![...tr.changed.keys()].some((type) => (type as unknown) === live))
					return;
				try {
					const current = live.get('currentItemId');
					const valid =
						current === null ||
						current === undefined ||
						(typeof current === 'number' &&
							!!this.db
								.select({ id: agendaItem.id })
								.from(agendaItem)
								.where(and(eq(agendaItem.id, current), eq(agendaItem.meetingId, doc.meetingId)))
								.get());
					if (valid) accepted = current ?? null;
					else document.transact(() => live.set('currentItemId', accepted), REPAIR);
				} catch (e) {
					this.onError(e);
				}
			});
		}
		if (doc?.kind === 'meeting-item') {
			document.on('update', (_update: Uint8Array, origin: unknown) => {
				if ((origin as { source?: string } | null)?.source !== 'connection') return;
				try {
					meetings.recordCorrection(
						this.db,
						doc.meetingId,
						doc.itemId,
						doc.compartment,
						userOf(origin),
						new Date()
					);
				} catch (e) {
					this.onError(e);
				}
			});
		}
	}
}
