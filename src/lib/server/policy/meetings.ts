/** Meetings: planning, deciding, agenda items, notes and live documents (DESIGN.md §3.3). Part of the one access policy. */
export {};
