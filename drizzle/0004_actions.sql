CREATE TABLE `case_action` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` integer NOT NULL,
	`compartment` text NOT NULL,
	`position` integer NOT NULL,
	`title` text NOT NULL,
	`owner_id` integer,
	`due_date` text,
	`status` text NOT NULL,
	`reason` text,
	`origin_kind` text,
	`origin_id` integer,
	`created_at` integer NOT NULL,
	`created_by` integer,
	`updated_at` integer NOT NULL,
	`updated_by` integer,
	`removed_at` integer,
	FOREIGN KEY (`case_id`) REFERENCES `case_file`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_action_owner_idx` ON `case_action` (`owner_id`,`status`);--> statement-breakpoint
CREATE INDEX `case_action_case_idx` ON `case_action` (`case_id`,`compartment`);