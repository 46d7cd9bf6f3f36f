/** Actions: the coordinator board and who may own an action (DESIGN.md §3, §4). Part of the one access policy. */
export {};
