/**
 * In-process notifications from the domain to the collaboration server, so that ending a
 * session, membership or case closes or downgrades live connections within seconds (DESIGN.md §3.7).
 */
import { EventEmitter } from 'node:events';

export interface CollabEventMap {
	'session-ended': [{ sessionId: string }];
	/** Anything that may change what a user reaches: membership, participation, deactivation. */
	'access-changed': [{ userId?: number; caseId?: number; tableId?: number; meetingId?: number }];
}

const holder = globalThis as typeof globalThis & { __ketentafelEvents?: EventEmitter<CollabEventMap> };

/** One emitter per process, kept on globalThis so dev reloads do not split listeners. */
export const collabEvents: EventEmitter<CollabEventMap> = (holder.__ketentafelEvents ??=
	new EventEmitter<CollabEventMap>());
collabEvents.setMaxListeners(50);
