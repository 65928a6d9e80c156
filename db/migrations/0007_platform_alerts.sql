CREATE TABLE `alert_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`alert_id` integer NOT NULL,
	`channel` text NOT NULL,
	`target` text NOT NULL,
	`status` text NOT NULL,
	`error` text DEFAULT '' NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`alert_id`) REFERENCES `alerts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "alert_deliveries_channel_ck" CHECK("channel" IN ('wecom', 'dingtalk', 'smtp')),
	CONSTRAINT "alert_deliveries_status_ck" CHECK("status" IN ('sent', 'failed'))
) STRICT;
--> statement-breakpoint
CREATE INDEX `alert_deliveries_alert_idx` ON `alert_deliveries` (`alert_id`);--> statement-breakpoint
CREATE TABLE `alert_reads` (
	`alert_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`read_at` text NOT NULL,
	PRIMARY KEY(`alert_id`, `user_id`),
	FOREIGN KEY (`alert_id`) REFERENCES `alerts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`severity` text DEFAULT 'warning' NOT NULL,
	`unit_id` integer,
	`permission` text NOT NULL,
	`title` text NOT NULL,
	`action` text DEFAULT '' NOT NULL,
	`link` text DEFAULT '' NOT NULL,
	`data` text DEFAULT '{}' NOT NULL,
	`raised_at` text NOT NULL,
	`resolved_at` text,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "alerts_kind_ck" CHECK("kind" IN ('licence_expiry', 'batch_expiry', 'payable_due', 'payable_overdue', 'vbp_behind', 'discrepancy_open')),
	CONSTRAINT "alerts_severity_ck" CHECK("severity" IN ('info', 'warning', 'critical')),
	CONSTRAINT "alerts_data_ck" CHECK(json_valid("data"))
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_key_uq` ON `alerts` (`key`);--> statement-breakpoint
CREATE INDEX `alerts_open_idx` ON `alerts` (`resolved_at`,`permission`);--> statement-breakpoint
CREATE INDEX `alerts_unit_idx` ON `alerts` (`unit_id`);--> statement-breakpoint
CREATE TABLE `platform_exchanges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`profile` text NOT NULL,
	`exchange` text NOT NULL,
	`file_name` text DEFAULT '' NOT NULL,
	`row_count` integer NOT NULL,
	`summary` text DEFAULT '{}' NOT NULL,
	`at` text NOT NULL,
	`actor_name` text NOT NULL,
	`actor_user_id` integer,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "platform_exchanges_exchange_ck" CHECK("exchange" IN ('catalogue_in', 'orders_out', 'order_feedback_in', 'shipments_in', 'receipt_confirmations_out', 'returns_out', 'settlements_in', 'settlements_out')),
	CONSTRAINT "platform_exchanges_summary_ck" CHECK(json_valid("summary"))
) STRICT;
--> statement-breakpoint
CREATE INDEX `platform_exchanges_profile_idx` ON `platform_exchanges` (`profile`,`exchange`,`id`);--> statement-breakpoint
CREATE TABLE `platform_shipment_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`profile` text NOT NULL,
	`shp_id` text NOT NULL,
	`shp_code` text DEFAULT '' NOT NULL,
	`order_line_id` integer,
	`receipt_line_id` integer,
	`item_id` integer NOT NULL,
	`supplier_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	`platform_quantity` integer NOT NULL,
	`price_micro` integer NOT NULL,
	`amount_micro` integer NOT NULL,
	`batch_no` text NOT NULL,
	`expiry` text NOT NULL,
	`invoice_code` text DEFAULT '' NOT NULL,
	`invoice_no` text DEFAULT '' NOT NULL,
	`exchange_id` integer,
	`imported_at` text NOT NULL,
	`imported_by` text NOT NULL,
	FOREIGN KEY (`order_line_id`) REFERENCES `purchase_order_lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`receipt_line_id`) REFERENCES `receipt_lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `formulary_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`exchange_id`) REFERENCES `platform_exchanges`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "platform_shipment_lines_quantity_ck" CHECK("quantity" > 0 AND "platform_quantity" > 0),
	CONSTRAINT "platform_shipment_lines_price_ck" CHECK("price_micro" >= 0),
	CONSTRAINT "platform_shipment_lines_expiry_ck" CHECK("expiry" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `platform_shipment_lines_shp_uq` ON `platform_shipment_lines` (`profile`,`shp_id`);--> statement-breakpoint
CREATE INDEX `platform_shipment_lines_order_line_idx` ON `platform_shipment_lines` (`order_line_id`);--> statement-breakpoint
CREATE INDEX `platform_shipment_lines_receipt_line_idx` ON `platform_shipment_lines` (`receipt_line_id`);--> statement-breakpoint
-- The platform exchange log and alert deliveries are append-only (hand-written: drizzle-kit cannot express triggers).
CREATE TRIGGER `platform_exchanges_no_update` BEFORE UPDATE ON `platform_exchanges`
BEGIN SELECT RAISE(ABORT, 'platform_exchanges rows are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `platform_exchanges_no_delete` BEFORE DELETE ON `platform_exchanges`
BEGIN SELECT RAISE(ABORT, 'platform_exchanges rows are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `alert_deliveries_no_update` BEFORE UPDATE ON `alert_deliveries`
BEGIN SELECT RAISE(ABORT, 'alert_deliveries rows are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `alert_deliveries_no_delete` BEFORE DELETE ON `alert_deliveries`
BEGIN SELECT RAISE(ABORT, 'alert_deliveries rows are append-only'); END;
