/** Escalations: route tables, seeing and stepping, decisions cited by a step (DESIGN.md §3.3). Part of the one access policy. */
export {};
