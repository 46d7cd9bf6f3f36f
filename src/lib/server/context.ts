/**
 * The request context every domain function takes instead of a growing argument tail: who asks,
 * the request's one clock, where from, and the setting the access happens in (the purpose: the
 * case, meeting or table page, an export). It also carries the request's view ledger.
 *
 * Why a ledger: "every view of case content is in the access log" must not depend on each page
 * remembering a log call. A domain read that returns case content notes what it returned (object
 * and compartments) in the ledger; the access-log handle (`hooks/access-log.ts`) writes the notes
 * in one transaction before the response leaves, one row per object with every compartment it
 * contained. Changes are logged inside their own transaction instead (`audit.changed`).
 */
import type { Actor } from './policy';
import type { AccessAction } from './db/schema';

/** Where an access happens; stored with every log row it causes (`case:12`, `meeting:4`, `page:home`). */
export interface Purpose {
	kind: 'page' | 'case' | 'meeting' | 'table' | 'signal' | 'escalation' | 'export' | 'collab' | 'job';
	id?: string | number | null;
}

export function purposeText(p: Purpose | null): string | null {
	if (!p) return null;
	return p.id === undefined || p.id === null ? p.kind : `${p.kind}:${p.id}`;
}

/** One noted view: an object (or a list, objectId null) and the compartments it showed. */
export interface ViewNote {
	action: Extract<AccessAction, 'view' | 'search' | 'export'>;
	objectType: string;
	objectId?: string | number | null;
	compartments?: readonly string[];
	detail?: string | null;
}

/** The views of one request, merged per object so one page view is one row. */
export class ViewLedger {
	readonly #notes = new Map<string, { note: ViewNote; compartments: Set<string> }>();

	note(note: ViewNote): void {
		const key = `${note.action}|${note.objectType}|${note.objectId ?? ''}|${note.detail ?? ''}`;
		const entry = this.#notes.get(key) ?? { note, compartments: new Set<string>() };
		for (const c of note.compartments ?? []) entry.compartments.add(c);
		this.#notes.set(key, entry);
	}

	get size(): number {
		return this.#notes.size;
	}

	/** The merged notes, emptying the ledger (so a second flush writes nothing twice). */
	drain(): Array<ViewNote & { compartments: string[] }> {
		const out = [...this.#notes.values()].map(({ note, compartments }) => ({
			...note,
			compartments: [...compartments].sort(compartmentOrder)
		}));
		this.#notes.clear();
		return out;
	}
}

const ORDER = ['shared', 'zorg', 'veiligheid'];
function compartmentOrder(a: string, b: string): number {
	return ORDER.indexOf(a) - ORDER.indexOf(b);
}

/** What every domain function receives. */
export interface Ctx {
	readonly actor: Actor;
	readonly now: Date;
	readonly clientAddress: string | null;
	readonly purpose: Purpose | null;
	readonly views: ViewLedger;
}

/** A context for a request, a job, the collaboration server or a test. */
export function createContext(init: {
	actor: Actor;
	now: Date;
	clientAddress?: string | null;
	purpose?: Purpose | null;
}): Ctx {
	return {
		actor: init.actor,
		now: init.now,
		clientAddress: init.clientAddress ?? null,
		purpose: init.purpose ?? null,
		views: new ViewLedger()
	};
}

/** The same request with another purpose (a page that shows a case inside a meeting, say). */
export function withPurpose(ctx: Ctx, purpose: Purpose): Ctx {
	return { ...ctx, purpose };
}
