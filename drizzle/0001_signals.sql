CREATE TABLE `signal` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reference` text NOT NULL,
	`received_at` integer NOT NULL,
	`observed_on` text,
	`source` text NOT NULL,
	`reporter_user_id` integer,
	`registered_by` integer NOT NULL,
	`external_reporter` text,
	`contact` text,
	`municipality` text NOT NULL,
	`description` text,
	`location_kind` text NOT NULL,
	`address` text,
	`forms` text NOT NULL,
	`indicators` text NOT NULL,
	`other_indicator` text,
	`urgency` text NOT NULL,
	`status` text DEFAULT 'received' NOT NULL,
	`settled_at` integer,
	`closed_reason` text,
	`related_signal_id` integer,
	`feedback` text,
	`feedback_sent_at` integer,
	`anonymised_at` integer,
	FOREIGN KEY (`reporter_user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`registered_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `signal_reference_unique` ON `signal` (`reference`);--> statement-breakpoint
CREATE INDEX `signal_municipality_idx` ON `signal` (`municipality`,`status`);--> statement-breakpoint
CREATE INDEX `signal_reporter_idx` ON `signal` (`reporter_user_id`);--> statement-breakpoint
CREATE INDEX `signal_settled_idx` ON `signal` (`settled_at`);--> statement-breakpoint
CREATE TABLE `signal_event` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`signal_id` integer NOT NULL,
	`at` integer NOT NULL,
	`user_id` integer,
	`kind` text NOT NULL,
	`detail` text,
	FOREIGN KEY (`signal_id`) REFERENCES `signal`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `signal_event_signal_idx` ON `signal_event` (`signal_id`,`at`);--> statement-breakpoint
CREATE TABLE `signal_forwarding` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`signal_id` integer NOT NULL,
	`partner` text NOT NULL,
	`forwarded_on` text NOT NULL,
	`reason` text,
	`by_user_id` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`signal_id`) REFERENCES `signal`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by_user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
