CREATE TABLE `audit_log` (
	`seq` integer PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`user_id` integer,
	`username` text NOT NULL,
	`unit_id` integer,
	`operation` text NOT NULL,
	`target` text NOT NULL,
	`summary` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
) STRICT;
--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_operation_idx` ON `audit_log` (`operation`);--> statement-breakpoint
CREATE TABLE `community` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`institution_code` text NOT NULL,
	`bank_name` text NOT NULL,
	`bank_account_name` text NOT NULL,
	`bank_account_no` text NOT NULL,
	`lead_unit_id` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
) STRICT;
--> statement-breakpoint
CREATE TABLE `dictionary_entries` (
	`code` text PRIMARY KEY NOT NULL,
	`source` text DEFAULT '' NOT NULL,
	`registered_name` text DEFAULT '' NOT NULL,
	`trade_name` text DEFAULT '' NOT NULL,
	`registered_dosage_form` text DEFAULT '' NOT NULL,
	`dosage_form` text DEFAULT '' NOT NULL,
	`registered_spec` text DEFAULT '' NOT NULL,
	`spec` text DEFAULT '' NOT NULL,
	`pack_material` text DEFAULT '' NOT NULL,
	`min_pack_quantity` text DEFAULT '' NOT NULL,
	`base_unit` text DEFAULT '' NOT NULL,
	`pack_unit` text DEFAULT '' NOT NULL,
	`company` text DEFAULT '' NOT NULL,
	`repackager` text DEFAULT '' NOT NULL,
	`manufacturer` text DEFAULT '' NOT NULL,
	`approval_no` text DEFAULT '' NOT NULL,
	`former_approval_no` text DEFAULT '' NOT NULL,
	`standard_code` text DEFAULT '' NOT NULL,
	`holder` text DEFAULT '' NOT NULL,
	`market_status` text DEFAULT '' NOT NULL,
	`insurance_name` text DEFAULT '' NOT NULL,
	`insurance_class` text DEFAULT '' NOT NULL,
	`insurance_dosage_form` text DEFAULT '' NOT NULL,
	`serial_no` text DEFAULT '' NOT NULL,
	`remark` text DEFAULT '' NOT NULL,
	`former_code` text DEFAULT '' NOT NULL,
	`present` integer DEFAULT 1 NOT NULL,
	`edition` text NOT NULL,
	`updated_at` text NOT NULL
) STRICT;
--> statement-breakpoint
CREATE INDEX `dictionary_entries_standard_code_idx` ON `dictionary_entries` (`standard_code`);--> statement-breakpoint
CREATE INDEX `dictionary_entries_approval_no_idx` ON `dictionary_entries` (`approval_no`);--> statement-breakpoint
CREATE TABLE `dictionary_imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`edition` text NOT NULL,
	`filename` text NOT NULL,
	`imported_at` text NOT NULL,
	`imported_by` text NOT NULL,
	`added` integer NOT NULL,
	`changed` integer NOT NULL,
	`unchanged` integer NOT NULL,
	`gone` integer NOT NULL
) STRICT;
--> statement-breakpoint
CREATE TABLE `formulary_change_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`kind` text NOT NULL,
	`item_id` integer,
	`proposal` text,
	`reason` text NOT NULL,
	`status` text NOT NULL,
	`proposed_by` integer NOT NULL,
	`proposer_unit_id` integer NOT NULL,
	`proposed_at` text NOT NULL,
	`resolution_no` text,
	`resolution_date` text,
	`decided_by` integer,
	`decided_at` text,
	`decision_note` text DEFAULT '' NOT NULL,
	`applied_version` integer,
	FOREIGN KEY (`item_id`) REFERENCES `formulary_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`proposed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`proposer_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `formulary_change_requests_number_uq` ON `formulary_change_requests` (`number`);--> statement-breakpoint
CREATE INDEX `formulary_change_requests_status_idx` ON `formulary_change_requests` (`status`);--> statement-breakpoint
CREATE TABLE `formulary_item_history` (
	`item_id` integer NOT NULL,
	`version` integer NOT NULL,
	`snapshot` text NOT NULL,
	PRIMARY KEY(`item_id`, `version`),
	FOREIGN KEY (`item_id`) REFERENCES `formulary_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`version`) REFERENCES `formulary_versions`(`version`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `formulary_item_history_version_idx` ON `formulary_item_history` (`version`);--> statement-breakpoint
CREATE TABLE `formulary_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`insurance_code` text DEFAULT '' NOT NULL,
	`generic_name` text NOT NULL,
	`trade_name` text DEFAULT '' NOT NULL,
	`dosage_form` text DEFAULT '' NOT NULL,
	`spec` text NOT NULL,
	`pack_material` text DEFAULT '' NOT NULL,
	`manufacturer` text NOT NULL,
	`holder` text DEFAULT '' NOT NULL,
	`approval_no` text DEFAULT '' NOT NULL,
	`standard_code` text DEFAULT '' NOT NULL,
	`category` text NOT NULL,
	`base_unit` text NOT NULL,
	`packs` text DEFAULT '[]' NOT NULL,
	`purchase_unit` text NOT NULL,
	`issue_unit` text NOT NULL,
	`essential` integer DEFAULT 0 NOT NULL,
	`insurance_class` text DEFAULT '' NOT NULL,
	`high_alert` integer DEFAULT 0 NOT NULL,
	`controlled_class` text DEFAULT '' NOT NULL,
	`antibacterial_tier` text DEFAULT '' NOT NULL,
	`cold_chain` integer DEFAULT 0 NOT NULL,
	`storage_temp_min` integer,
	`storage_temp_max` integer,
	`high_value` integer DEFAULT 0 NOT NULL,
	`udi_di` text DEFAULT '' NOT NULL,
	`preparation_unit_id` integer,
	`vbp` text,
	`level_county` integer DEFAULT 1 NOT NULL,
	`level_township` integer DEFAULT 1 NOT NULL,
	`level_village` integer DEFAULT 0 NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`pinyin_initials` text DEFAULT '' NOT NULL,
	`pinyin_full` text DEFAULT '' NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`preparation_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `formulary_items_code_uq` ON `formulary_items` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `formulary_items_insurance_code_uq` ON `formulary_items` (`insurance_code`) WHERE insurance_code <> '';--> statement-breakpoint
CREATE INDEX `formulary_items_status_idx` ON `formulary_items` (`status`);--> statement-breakpoint
CREATE TABLE `formulary_versions` (
	`version` integer PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`note` text NOT NULL,
	`change_request_id` integer
) STRICT;
--> statement-breakpoint
CREATE TABLE `import_mappings` (
	`name` text PRIMARY KEY NOT NULL,
	`header_row` integer,
	`mapping` text NOT NULL,
	`updated_at` text NOT NULL
) STRICT;
--> statement-breakpoint
CREATE TABLE `import_uploads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`filename` text NOT NULL,
	`encoding` text NOT NULL,
	`sheets` text NOT NULL,
	`uploaded_by` integer NOT NULL,
	`uploaded_at` text NOT NULL,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE TABLE `item_platform_ids` (
	`item_id` integer NOT NULL,
	`profile` text NOT NULL,
	`product_id` text NOT NULL,
	`distributors` text DEFAULT '[]' NOT NULL,
	PRIMARY KEY(`item_id`, `profile`),
	FOREIGN KEY (`item_id`) REFERENCES `formulary_items`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE TABLE `item_prices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`kind` text NOT NULL,
	`price_micro` integer NOT NULL,
	`unit` text NOT NULL,
	`effective_from` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`recorded_at` text NOT NULL,
	`recorded_by` text NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `formulary_items`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `item_prices_item_kind_idx` ON `item_prices` (`item_id`,`kind`,`effective_from`);--> statement-breakpoint
CREATE TABLE `number_series` (
	`series` text NOT NULL,
	`year` integer NOT NULL,
	`last` integer NOT NULL,
	PRIMARY KEY(`series`, `year`)
) STRICT;
--> statement-breakpoint
CREATE TABLE `sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`client_address` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `stores` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`is_central` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `stores_code_uq` ON `stores` (`code`);--> statement-breakpoint
CREATE INDEX `stores_unit_idx` ON `stores` (`unit_id`);--> statement-breakpoint
CREATE TABLE `units` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`level` text NOT NULL,
	`parent_id` integer,
	`uscc` text DEFAULT '' NOT NULL,
	`insurance_code` text DEFAULT '' NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`contact_name` text DEFAULT '' NOT NULL,
	`contact_phone` text DEFAULT '' NOT NULL,
	`is_lead` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `units_code_uq` ON `units` (`code`);--> statement-breakpoint
CREATE INDEX `units_parent_idx` ON `units` (`parent_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`unit_id` integer NOT NULL,
	`password_hash` text NOT NULL,
	`must_change_password` integer DEFAULT 0 NOT NULL,
	`failed_attempts` integer DEFAULT 0 NOT NULL,
	`locked_until` text,
	`active` integer DEFAULT 1 NOT NULL,
	`last_login_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_uq` ON `users` (`username`);--> statement-breakpoint
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;--> statement-breakpoint
CREATE TRIGGER `item_prices_no_update` BEFORE UPDATE ON `item_prices` BEGIN SELECT RAISE(ABORT, 'item_prices is append-only'); END;--> statement-breakpoint
CREATE TRIGGER `item_prices_no_delete` BEFORE DELETE ON `item_prices` BEGIN SELECT RAISE(ABORT, 'item_prices is append-only'); END;
