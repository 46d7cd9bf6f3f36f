/**
 * A case's timeline entries — DESIGN.md §2, §3.1, §3.8 and issues 4 and 13, as the oracle reads
 * them. Written from the text.
 */
import type { Person, TimelineEntry } from './facts';
import type { Reach } from './cases';
import { reach } from './cases';
import { signalView } from './signals';

export type EntryView = 'full' | 'without_reference' | 'hidden';

/**
 * How one entry of a case's timeline shows to someone who reaches the case with `own`:
 * - §2 "every piece of case content belongs to one compartment": an entry of a compartment they do
 *   not read is hidden.
 * - §3.8 "a timeline entry that names another case" is a rule of the policy; issue 13 finding 1:
 *   "Gekoppeld aan casus – D-2026-…" must not reach those "who may not see that perpetrator case";
 *   §3.1 "A case they do not reach does not exist for them", and issue 4 "the case page says so only
 *   to users who reach both cases" — so the entry is hidden altogether (saying "linked to a case"
 *   without its reference would still say that a case exists). A reference that no longer resolves
 *   names a case nobody reaches: hidden.
 * - An entry naming the signal the case came from: the signal itself is for the coordinators of its
 *   municipality (§1, issue 3; its reporter sees status and feedback only, "never … case
 *   references"). That the entry then stays, without the signal's reference, is not stated in the
 *   design; follows src/lib/server/policy/cases.ts `timelineEntryView` ("the case came from a
 *   signal, which is no secret; which signal is").
 * - An entry naming a table (put on, taken off): the design names no rule beyond the entry's own
 *   compartment (§2 lists a case's "tables" among its facts); follows
 *   src/lib/server/policy/cases.ts `timelineEntryView` (the tables a case is on are shown to
 *   everyone who reaches it).
 */
export function entryView(p: Person, own: Reach, entry: TimelineEntry): EntryView {
	if (!own.compartments.has(entry.compartment)) return 'hidden';
	const m = entry.mention;
	switch (m.kind) {
		case 'case':
			return m.case !== null && reach(p, m.case) !== null ? 'full' : 'hidden';
		case 'signal':
			return m.signal !== null && signalView(p, m.signal) === 'full' ? 'full' : 'without_reference';
		case 'table':
		case 'none':
			return 'full';
	}
}
