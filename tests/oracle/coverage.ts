/**
 * Coverage of the policy by the matrix: every export of src/lib/server/policy (functions, and data
 * such as PAGES) must be listed by a matrix section (matrix.ts) and have been compared at least
 * MIN_ROWS times when the sections ran. A new export without rows fails the suite with a message
 * that says where to add them.
 */
import { SECTIONS } from './matrix';

export const MIN_ROWS = 8;

/** Problems with the matrix's coverage of a module's exports (empty when complete). */
export function coverageProblems(
	module: Record<string, unknown>,
	counts: ReadonlyMap<string, number>
): string[] {
	const listed = new Map<string, string>();
	for (const s of SECTIONS) for (const name of s.covers) listed.set(name, s.name);
	const problems: string[] = [];
	for (const name of Object.keys(module).sort()) {
		const kind = typeof module[name] === 'function' ? 'function' : 'data';
		const section = listed.get(name);
		if (!section) {
			problems.push(
				`policy export ${name} (${kind}) has no matrix rows: add an oracle rule for it in tests/oracle/ (quoting DESIGN.md, or saying which issue or behaviour it follows) and compare it in a section of tests/oracle/matrix.ts`
			);
			continue;
		}
		const n = counts.get(name) ?? 0;
		if (n < MIN_ROWS)
			problems.push(
				`policy export ${name} is listed by matrix section "${section}" but ran only ${n} comparisons (at least ${MIN_ROWS})`
			);
	}
	for (const [name, section] of listed)
		if (!(name in module))
			problems.push(`matrix section "${section}" covers ${name}, which the policy no longer exports`);
	return problems;
}
