/**
 * Collaboration document names (DESIGN.md §4), shared by server and browser:
 * `case:<caseId>:plan` (shared plan), `case:<caseId>:zorg`, `case:<caseId>:veiligheid`;
 * meetings: `meeting:<meetingId>` and `meeting:<meetingId>:item:<itemId>:<compartment>`.
 */
export type CaseDocCompartment = 'plan' | 'zorg' | 'veiligheid';
export type ItemCompartment = 'shared' | 'zorg' | 'veiligheid';

export type DocName =
	| { kind: 'case'; caseId: number; part: CaseDocCompartment; compartment: 'shared' | 'zorg' | 'veiligheid' }
	| { kind: 'meeting'; meetingId: number }
	| { kind: 'meeting-item'; meetingId: number; itemId: number; compartment: ItemCompartment };

const ID = '([1-9][0-9]{0,11})';
const CASE = new RegExp(`^case:${ID}:(plan|zorg|veiligheid)$`);
const MEETING = new RegExp(`^meeting:${ID}$`);
const ITEM = new RegExp(`^meeting:${ID}:item:${ID}:(shared|zorg|veiligheid)$`);

/** Parses a document name; null for anything malformed. */
export function parseDocName(name: string): DocName | null {
	if (typeof name !== 'string' || name.length > 80) return null;
	let match = CASE.exec(name);
	if (match) {
		const part = match[2] as CaseDocCompartment;
		return { kind: 'case', caseId: Number(match[1]), part, compartment: part === 'plan' ? 'shared' : part };
	}
	match = MEETING.exec(name);
	if (match) return { kind: 'meeting', meetingId: Number(match[1]) };
	match = ITEM.exec(name);
	if (match)
		return {
			kind: 'meeting-item',
			meetingId: Number(match[1]),
			itemId: Number(match[2]),
			compartment: match[3] as ItemCompartment
		};
	return null;
}

export const caseDocName = (caseId: number, part: CaseDocCompartment) => `case:${caseId}:${part}`;

/** The plan document that holds a compartment's actions (`shared` lives in `case:<id>:plan`). */
export const planDocName = (caseId: number, compartment: ItemCompartment) =>
	caseDocName(caseId, compartment === 'shared' ? 'plan' : compartment);
