CREATE TABLE `escalation` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`target` text NOT NULL,
	`state` text NOT NULL,
	`state_since` integer NOT NULL,
	`from_table_id` integer,
	`opened_by` integer NOT NULL,
	`opened_at` integer NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`case_id`) REFERENCES `case_file`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`from_table_id`) REFERENCES `deliberation_table`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`opened_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `escalation_case_idx` ON `escalation` (`case_id`);--> statement-breakpoint
CREATE INDEX `escalation_state_idx` ON `escalation` (`target`,`state`);--> statement-breakpoint
CREATE TABLE `escalation_step` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`escalation_id` integer NOT NULL,
	`from_state` text,
	`to_state` text NOT NULL,
	`by_user_id` integer,
	`at` integer NOT NULL,
	`note` text,
	`decision_id` integer,
	FOREIGN KEY (`escalation_id`) REFERENCES `escalation`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by_user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decision_id`) REFERENCES `decision`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `escalation_step_idx` ON `escalation_step` (`escalation_id`,`at`);