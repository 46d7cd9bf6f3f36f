/**
 * Where the policy disagrees with the oracle: findings, reported to the developers and kept here
 * so the matrix stays green while they stand. The oracle is not changed to match the code; each
 * finding names the export, the scenarios it concerns, the design's words and which side is
 * believed. tests/unit/policy-matrix.test.ts asserts each finding still occurs, so fixing the
 * policy makes the test say "remove the finding".
 */
import type { Person } from './facts';

export interface Finding {
	id: string;
	exportName: string;
	/** The scenarios the finding concerns (the person asking, and the rule's argument where it matters). */
	when(p: Person, args: unknown): boolean;
	/** What the design says, quoted. */
	design: string;
	/** Which side is believed, and why. */
	believe: string;
}

/**
 * None stand: the two the matrix found (start-page case sections for a reporter only; a guardian
 * with a membership row escalating from that table) were fixed in the policy.
 */
export const FINDINGS: Finding[] = [];
