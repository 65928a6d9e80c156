CREATE TABLE `purchase_order_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`line_no` integer NOT NULL,
	`item_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	`price_micro` integer NOT NULL,
	`pack_unit` text NOT NULL,
	`pack_factor` integer NOT NULL,
	`vbp` integer DEFAULT 0 NOT NULL,
	`ceiling_micro` integer,
	`price_reason` text DEFAULT '' NOT NULL,
	`platform_product_id` text DEFAULT '' NOT NULL,
	`supplier_platform_code` text DEFAULT '' NOT NULL,
	`platform_quantity` integer,
	`hospital_line_id` text NOT NULL,
	`memo` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `formulary_items`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "purchase_order_lines_quantity_ck" CHECK("quantity" > 0),
	CONSTRAINT "purchase_order_lines_price_ck" CHECK("price_micro" >= 0),
	CONSTRAINT "purchase_order_lines_factor_ck" CHECK("pack_factor" > 0),
	CONSTRAINT "purchase_order_lines_vbp_ck" CHECK("vbp" IN (0, 1))
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `purchase_order_lines_line_uq` ON `purchase_order_lines` (`document_id`,`line_no`);--> statement-breakpoint
CREATE UNIQUE INDEX `purchase_order_lines_hospital_line_uq` ON `purchase_order_lines` (`hospital_line_id`);--> statement-breakpoint
CREATE INDEX `purchase_order_lines_item_idx` ON `purchase_order_lines` (`item_id`);--> statement-breakpoint
CREATE TABLE `purchase_order_platform_feedback` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_line_id` integer NOT NULL,
	`order_code` text DEFAULT '' NOT NULL,
	`platform_line_id` text DEFAULT '' NOT NULL,
	`line_state` text DEFAULT '' NOT NULL,
	`recorded_at` text NOT NULL,
	`recorded_by` text NOT NULL,
	FOREIGN KEY (`order_line_id`) REFERENCES `purchase_order_lines`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `purchase_order_platform_feedback_line_idx` ON `purchase_order_platform_feedback` (`order_line_id`,`id`);--> statement-breakpoint
CREATE TABLE `purchase_orders` (
	`document_id` integer PRIMARY KEY NOT NULL,
	`supplier_id` integer NOT NULL,
	`store_id` integer NOT NULL,
	`channel` text DEFAULT 'platform' NOT NULL,
	`channel_reason` text DEFAULT '' NOT NULL,
	`platform_profile` text DEFAULT '' NOT NULL,
	`expected_on` text,
	`note` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "purchase_orders_channel_ck" CHECK("channel" IN ('platform', 'offline', 'emergency'))
) STRICT;
--> statement-breakpoint
CREATE INDEX `purchase_orders_supplier_idx` ON `purchase_orders` (`supplier_id`);--> statement-breakpoint
CREATE INDEX `purchase_orders_store_idx` ON `purchase_orders` (`store_id`);--> statement-breakpoint
CREATE TABLE `receipt_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`line_no` integer NOT NULL,
	`order_line_id` integer,
	`item_id` integer NOT NULL,
	`batch_no` text NOT NULL,
	`production_date` text,
	`expiry` text NOT NULL,
	`arrived_quantity` integer NOT NULL,
	`accepted_quantity` integer NOT NULL,
	`rejected_quantity` integer DEFAULT 0 NOT NULL,
	`reject_reason` text DEFAULT '' NOT NULL,
	`price_micro` integer NOT NULL,
	`pack_unit` text NOT NULL,
	`pack_factor` integer NOT NULL,
	`delivery_note_no` text DEFAULT '' NOT NULL,
	`distributor_invoice_no` text DEFAULT '' NOT NULL,
	`manufacturer_invoice_no` text DEFAULT '' NOT NULL,
	`trace_codes` text DEFAULT '[]' NOT NULL,
	`arrival_temp_tenths` integer,
	`conclusion` text DEFAULT 'accepted' NOT NULL,
	`short_expiry_reason` text DEFAULT '' NOT NULL,
	`inspector_name` text DEFAULT '' NOT NULL,
	`inspector_user_id` integer,
	`second_inspector_name` text DEFAULT '' NOT NULL,
	`second_inspector_user_id` integer,
	`batch_id` integer,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_line_id`) REFERENCES `purchase_order_lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `formulary_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`inspector_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`second_inspector_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`batch_id`) REFERENCES `stock_batches`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "receipt_lines_quantities_ck" CHECK("accepted_quantity" >= 0 AND "rejected_quantity" >= 0 AND "arrived_quantity" = "accepted_quantity" + "rejected_quantity" AND "arrived_quantity" > 0),
	CONSTRAINT "receipt_lines_price_ck" CHECK("price_micro" >= 0),
	CONSTRAINT "receipt_lines_factor_ck" CHECK("pack_factor" > 0),
	CONSTRAINT "receipt_lines_conclusion_ck" CHECK("conclusion" IN ('accepted', 'partial', 'rejected')),
	CONSTRAINT "receipt_lines_trace_codes_ck" CHECK(json_valid("trace_codes") AND json_type("trace_codes") = 'array'),
	CONSTRAINT "receipt_lines_expiry_ck" CHECK("expiry" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `receipt_lines_line_uq` ON `receipt_lines` (`document_id`,`line_no`);--> statement-breakpoint
CREATE INDEX `receipt_lines_order_line_idx` ON `receipt_lines` (`order_line_id`);--> statement-breakpoint
CREATE INDEX `receipt_lines_item_idx` ON `receipt_lines` (`item_id`);--> statement-breakpoint
CREATE TABLE `receipts` (
	`document_id` integer PRIMARY KEY NOT NULL,
	`supplier_id` integer NOT NULL,
	`store_id` integer NOT NULL,
	`order_id` integer,
	`unplanned_reason` text DEFAULT '' NOT NULL,
	`arrived_on` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "receipts_planned_ck" CHECK("order_id" IS NOT NULL OR length("unplanned_reason") > 0)
) STRICT;
--> statement-breakpoint
CREATE INDEX `receipts_order_idx` ON `receipts` (`order_id`);--> statement-breakpoint
CREATE INDEX `receipts_store_idx` ON `receipts` (`store_id`);--> statement-breakpoint
CREATE INDEX `receipts_supplier_idx` ON `receipts` (`supplier_id`);--> statement-breakpoint
CREATE TABLE `stock_adjustment_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`line_no` integer NOT NULL,
	`item_id` integer NOT NULL,
	`batch_id` integer,
	`batch_no` text DEFAULT '' NOT NULL,
	`expiry` text,
	`cost_micro` integer,
	`quantity` integer NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `formulary_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`batch_id`) REFERENCES `stock_batches`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "stock_adjustment_lines_quantity_ck" CHECK("quantity" > 0),
	CONSTRAINT "stock_adjustment_lines_batch_ck" CHECK("batch_id" IS NOT NULL OR (length("batch_no") > 0 AND "expiry" IS NOT NULL AND "cost_micro" IS NOT NULL))
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `stock_adjustment_lines_line_uq` ON `stock_adjustment_lines` (`document_id`,`line_no`);--> statement-breakpoint
CREATE TABLE `stock_adjustments` (
	`document_id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`store_id` integer NOT NULL,
	`supplier_id` integer,
	`reason` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "stock_adjustments_kind_ck" CHECK("kind" IN ('return', 'loss', 'other_in', 'other_out')),
	CONSTRAINT "stock_adjustments_return_ck" CHECK(("kind" = 'return') = ("supplier_id" IS NOT NULL)),
	CONSTRAINT "stock_adjustments_reason_ck" CHECK(length("reason") > 0)
) STRICT;
--> statement-breakpoint
CREATE INDEX `stock_adjustments_store_idx` ON `stock_adjustments` (`store_id`);--> statement-breakpoint
CREATE TABLE `stock_balances` (
	`batch_id` integer NOT NULL,
	`location_id` integer NOT NULL,
	`item_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	`reserved` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`batch_id`, `location_id`),
	FOREIGN KEY (`batch_id`) REFERENCES `stock_batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `stock_locations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `formulary_items`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "stock_balances_quantity_ck" CHECK("quantity" >= 0),
	CONSTRAINT "stock_balances_reserved_ck" CHECK("reserved" >= 0 AND "reserved" <= "quantity")
) STRICT;
--> statement-breakpoint
CREATE INDEX `stock_balances_item_location_idx` ON `stock_balances` (`item_id`,`location_id`);--> statement-breakpoint
CREATE INDEX `stock_balances_location_idx` ON `stock_balances` (`location_id`,`item_id`);--> statement-breakpoint
CREATE TABLE `stock_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`batch_no` text NOT NULL,
	`production_date` text,
	`expiry` text NOT NULL,
	`cost_micro` integer NOT NULL,
	`cost_unit` text NOT NULL,
	`cost_pack_factor` integer NOT NULL,
	`supplier_id` integer,
	`status` text DEFAULT 'normal' NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `formulary_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "stock_batches_status_ck" CHECK("status" IN ('normal', 'on_hold', 'recalled')),
	CONSTRAINT "stock_batches_cost_ck" CHECK("cost_micro" >= 0),
	CONSTRAINT "stock_batches_factor_ck" CHECK("cost_pack_factor" > 0),
	CONSTRAINT "stock_batches_expiry_ck" CHECK("expiry" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	CONSTRAINT "stock_batches_batch_no_ck" CHECK(length("batch_no") > 0)
) STRICT;
--> statement-breakpoint
CREATE INDEX `stock_batches_item_batch_idx` ON `stock_batches` (`item_id`,`batch_no`);--> statement-breakpoint
CREATE INDEX `stock_batches_expiry_idx` ON `stock_batches` (`expiry`);--> statement-breakpoint
CREATE TABLE `stock_locations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`store_id` integer,
	`unit_id` integer NOT NULL,
	`name` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "stock_locations_kind_ck" CHECK("kind" IN ('store', 'transit')),
	CONSTRAINT "stock_locations_store_ck" CHECK(("kind" = 'store') = ("store_id" IS NOT NULL))
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `stock_locations_store_uq` ON `stock_locations` (`store_id`);--> statement-breakpoint
CREATE INDEX `stock_locations_unit_idx` ON `stock_locations` (`unit_id`);--> statement-breakpoint
CREATE TABLE `stock_moves` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`batch_id` integer NOT NULL,
	`from_location_id` integer,
	`to_location_id` integer,
	`quantity` integer NOT NULL,
	`change_type` text NOT NULL,
	`document_id` integer NOT NULL,
	`document_line_id` integer,
	`reverses_move_id` integer,
	`at` text NOT NULL,
	`actor_name` text NOT NULL,
	`actor_user_id` integer,
	FOREIGN KEY (`item_id`) REFERENCES `formulary_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`batch_id`) REFERENCES `stock_batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`from_location_id`) REFERENCES `stock_locations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_location_id`) REFERENCES `stock_locations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reverses_move_id`) REFERENCES `stock_moves`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "stock_moves_quantity_ck" CHECK("quantity" <> 0),
	CONSTRAINT "stock_moves_change_type_ck" CHECK("change_type" IN ('101', '102', '103', '104', '105', '106', '107', '108', '109', '110', '111')),
	CONSTRAINT "stock_moves_locations_ck" CHECK(("from_location_id" IS NOT NULL OR "to_location_id" IS NOT NULL) AND "from_location_id" IS NOT "to_location_id")
) STRICT;
--> statement-breakpoint
CREATE INDEX `stock_moves_item_idx` ON `stock_moves` (`item_id`,`id`,`from_location_id`,`to_location_id`,`quantity`);--> statement-breakpoint
CREATE INDEX `stock_moves_from_idx` ON `stock_moves` (`from_location_id`,`item_id`,`id`,`to_location_id`,`quantity`);--> statement-breakpoint
CREATE INDEX `stock_moves_to_idx` ON `stock_moves` (`to_location_id`,`item_id`,`id`,`from_location_id`,`quantity`);--> statement-breakpoint
CREATE INDEX `stock_moves_batch_idx` ON `stock_moves` (`batch_id`);--> statement-breakpoint
CREATE INDEX `stock_moves_document_idx` ON `stock_moves` (`document_id`);--> statement-breakpoint
CREATE INDEX `stock_moves_type_at_idx` ON `stock_moves` (`change_type`,`at`);--> statement-breakpoint
CREATE UNIQUE INDEX `stock_moves_reverses_uq` ON `stock_moves` (`reverses_move_id`) WHERE reverses_move_id IS NOT NULL;--> statement-breakpoint
CREATE TABLE `supplier_platform_codes` (
	`supplier_id` integer NOT NULL,
	`profile` text NOT NULL,
	`code` text NOT NULL,
	PRIMARY KEY(`supplier_id`, `profile`),
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "supplier_platform_codes_code_ck" CHECK(length("code") > 0)
) STRICT;
--> statement-breakpoint
CREATE TABLE `supplier_qualifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`supplier_id` integer NOT NULL,
	`kind` text NOT NULL,
	`number` text NOT NULL,
	`expires_on` text,
	`note` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "supplier_qualifications_kind_ck" CHECK("kind" IN ('business_licence', 'drug_trade_licence', 'drug_production_licence', 'device_trade_licence', 'gsp', 'authorization')),
	CONSTRAINT "supplier_qualifications_expires_ck" CHECK("expires_on" IS NULL OR "expires_on" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `supplier_qualifications_kind_uq` ON `supplier_qualifications` (`supplier_id`,`kind`);--> statement-breakpoint
CREATE TABLE `suppliers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`uscc` text NOT NULL,
	`kind` text NOT NULL,
	`sme` integer DEFAULT 0 NOT NULL,
	`bank_name` text DEFAULT '' NOT NULL,
	`bank_account_name` text DEFAULT '' NOT NULL,
	`bank_account_no` text DEFAULT '' NOT NULL,
	`contact_name` text DEFAULT '' NOT NULL,
	`contact_phone` text DEFAULT '' NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`active` integer DEFAULT 1 NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	CONSTRAINT "suppliers_kind_ck" CHECK("kind" IN ('distributor', 'manufacturer')),
	CONSTRAINT "suppliers_sme_ck" CHECK("sme" IN (0, 1)),
	CONSTRAINT "suppliers_active_ck" CHECK("active" IN (0, 1)),
	CONSTRAINT "suppliers_version_ck" CHECK("version" >= 1)
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `suppliers_uscc_uq` ON `suppliers` (`uscc`);--> statement-breakpoint
CREATE TABLE `trace_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`item_id` integer NOT NULL,
	`batch_id` integer NOT NULL,
	`document_id` integer NOT NULL,
	`document_line_id` integer NOT NULL,
	`at` text NOT NULL,
	`reversed_document_id` integer,
	FOREIGN KEY (`item_id`) REFERENCES `formulary_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`batch_id`) REFERENCES `stock_batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reversed_document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "trace_codes_code_ck" CHECK(length("code") BETWEEN 8 AND 80)
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `trace_codes_code_uq` ON `trace_codes` (`code`) WHERE reversed_document_id IS NULL;--> statement-breakpoint
CREATE INDEX `trace_codes_batch_idx` ON `trace_codes` (`batch_id`);--> statement-breakpoint
CREATE INDEX `trace_codes_document_idx` ON `trace_codes` (`document_id`);--> statement-breakpoint
ALTER TABLE `formulary_items` ADD `trace_prefix` text DEFAULT '' NOT NULL CONSTRAINT "formulary_items_trace_prefix_ck" CHECK("trace_prefix" = '' OR (length("trace_prefix") = 7 AND "trace_prefix" NOT GLOB '*[^0-9]*'));--> statement-breakpoint
ALTER TABLE `formulary_items` ADD `trace_pack` text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Hand-written (drizzle-kit cannot express triggers). A location for every store, now and from now on.
INSERT INTO `stock_locations` (`kind`, `store_id`, `unit_id`, `name`, `created_at`)
  SELECT 'store', `id`, `unit_id`, `name`, `created_at` FROM `stores` ORDER BY `id`;--> statement-breakpoint
CREATE TRIGGER `stores_stock_location` AFTER INSERT ON `stores`
BEGIN INSERT INTO `stock_locations` (`kind`, `store_id`, `unit_id`, `name`, `created_at`) VALUES ('store', NEW.`id`, NEW.`unit_id`, NEW.`name`, NEW.`created_at`); END;--> statement-breakpoint
CREATE TRIGGER `stock_locations_no_delete` BEFORE DELETE ON `stock_locations`
BEGIN SELECT RAISE(ABORT, 'stock locations are never deleted'); END;--> statement-breakpoint
CREATE TRIGGER `stock_locations_keep_identity` BEFORE UPDATE ON `stock_locations`
WHEN NEW.`kind` IS NOT OLD.`kind` OR NEW.`store_id` IS NOT OLD.`store_id` OR NEW.`unit_id` IS NOT OLD.`unit_id`
BEGIN SELECT RAISE(ABORT, 'a stock location keeps its kind, store and unit'); END;--> statement-breakpoint
-- The ledger is append-only: corrections are reversing moves.
CREATE TRIGGER `stock_moves_no_update` BEFORE UPDATE ON `stock_moves`
BEGIN SELECT RAISE(ABORT, 'stock moves are append-only: post a reversing move'); END;--> statement-breakpoint
CREATE TRIGGER `stock_moves_no_delete` BEFORE DELETE ON `stock_moves`
BEGIN SELECT RAISE(ABORT, 'stock moves are append-only: post a reversing move'); END;--> statement-breakpoint
-- A batch is what was bought: only its status (正常 / 冻结 / 召回) changes.
CREATE TRIGGER `stock_batches_status_only` BEFORE UPDATE ON `stock_batches`
WHEN NEW.`id` IS NOT OLD.`id` OR NEW.`item_id` IS NOT OLD.`item_id` OR NEW.`batch_no` IS NOT OLD.`batch_no`
  OR NEW.`production_date` IS NOT OLD.`production_date` OR NEW.`expiry` IS NOT OLD.`expiry` OR NEW.`cost_micro` IS NOT OLD.`cost_micro`
  OR NEW.`cost_unit` IS NOT OLD.`cost_unit` OR NEW.`cost_pack_factor` IS NOT OLD.`cost_pack_factor` OR NEW.`supplier_id` IS NOT OLD.`supplier_id`
  OR NEW.`created_at` IS NOT OLD.`created_at`
BEGIN SELECT RAISE(ABORT, 'a stock batch changes only its status'); END;--> statement-breakpoint
CREATE TRIGGER `stock_batches_no_delete` BEFORE DELETE ON `stock_batches`
BEGIN SELECT RAISE(ABORT, 'stock batches are never deleted'); END;--> statement-breakpoint
-- A received trace code stays; only the reversal of its receipt releases it, once.
CREATE TRIGGER `trace_codes_release_only` BEFORE UPDATE ON `trace_codes`
WHEN OLD.`reversed_document_id` IS NOT NULL OR NEW.`reversed_document_id` IS NULL OR NEW.`id` IS NOT OLD.`id` OR NEW.`code` IS NOT OLD.`code`
  OR NEW.`item_id` IS NOT OLD.`item_id` OR NEW.`batch_id` IS NOT OLD.`batch_id` OR NEW.`document_id` IS NOT OLD.`document_id`
  OR NEW.`document_line_id` IS NOT OLD.`document_line_id` OR NEW.`at` IS NOT OLD.`at`
BEGIN SELECT RAISE(ABORT, 'a received trace code is only released by the reversal of its receipt'); END;--> statement-breakpoint
CREATE TRIGGER `trace_codes_no_delete` BEFORE DELETE ON `trace_codes`
BEGIN SELECT RAISE(ABORT, 'trace codes are never deleted'); END;--> statement-breakpoint
-- Suppliers and their records are never deleted.
CREATE TRIGGER `suppliers_no_delete` BEFORE DELETE ON `suppliers`
BEGIN SELECT RAISE(ABORT, 'suppliers are never deleted: deactivate instead'); END;--> statement-breakpoint
CREATE TRIGGER `purchase_order_platform_feedback_no_update` BEFORE UPDATE ON `purchase_order_platform_feedback`
BEGIN SELECT RAISE(ABORT, 'platform feedback is append-only'); END;--> statement-breakpoint
CREATE TRIGGER `purchase_order_platform_feedback_no_delete` BEFORE DELETE ON `purchase_order_platform_feedback`
BEGIN SELECT RAISE(ABORT, 'platform feedback is append-only'); END;--> statement-breakpoint
-- Each document type's own tables are immutable once its document is posted (core/documents/immutability.ts).
CREATE TRIGGER `purchase_orders_posted_no_insert` BEFORE INSERT ON `purchase_orders` WHEN (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its purchase_orders rows cannot change'); END;--> statement-breakpoint
CREATE TRIGGER `purchase_orders_posted_no_update` BEFORE UPDATE ON `purchase_orders` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1 OR (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its purchase_orders rows cannot change'); END;--> statement-breakpoint
CREATE TRIGGER `purchase_orders_posted_no_delete` BEFORE DELETE ON `purchase_orders` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its purchase_orders rows cannot change'); END;--> statement-breakpoint
CREATE TRIGGER `purchase_order_lines_posted_no_insert` BEFORE INSERT ON `purchase_order_lines` WHEN (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its purchase_order_lines rows cannot change'); END;--> statement-breakpoint
CREATE TRIGGER `purchase_order_lines_posted_no_update` BEFORE UPDATE ON `purchase_order_lines` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1 OR (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its purchase_order_lines rows cannot change'); END;--> statement-breakpoint
CREATE TRIGGER `purchase_order_lines_posted_no_delete` BEFORE DELETE ON `purchase_order_lines` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its purchase_order_lines rows cannot change'); END;--> statement-breakpoint
CREATE TRIGGER `receipts_posted_no_insert` BEFORE INSERT ON `receipts` WHEN (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its receipts rows cannot change'); END;--> statement-breakpoint
CREATE TRIGGER `receipts_posted_no_update` BEFORE UPDATE ON `receipts` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1 OR (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its receipts rows cannot change'); END;--> statement-breakpoint
CREATE TRIGGER `receipts_posted_no_delete` BEFORE DELETE ON `receipts` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its receipts rows cannot change'); END;--> statement-breakpoint
CREATE TRIGGER `receipt_lines_posted_no_insert` BEFORE INSERT ON `receipt_lines` WHEN (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its receipt_lines rows cannot change'); END;--> statement-breakpoint
CREATE TRIGGER `receipt_lines_posted_no_update` BEFORE UPDATE ON `receipt_lines` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1 OR (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its receipt_lines rows cannot change'); END;--> statement-breakpoint
CREATE TRIGGER `receipt_lines_posted_no_delete` BEFORE DELETE ON `receipt_lines` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its receipt_lines rows cannot change'); END;--> statement-breakpoint
CREATE TRIGGER `stock_adjustments_posted_no_insert` BEFORE INSERT ON `stock_adjustments` WHEN (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its stock_adjustments rows cannot change'); END;--> statement-breakpoint
CREATE TRIGGER `stock_adjustments_posted_no_update` BEFORE UPDATE ON `stock_adjustments` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1 OR (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its stock_adjustments rows cannot change'); END;--> statement-breakpoint
CREATE TRIGGER `stock_adjustments_posted_no_delete` BEFORE DELETE ON `stock_adjustments` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its stock_adjustments rows cannot change'); END;--> statement-breakpoint
CREATE TRIGGER `stock_adjustment_lines_posted_no_insert` BEFORE INSERT ON `stock_adjustment_lines` WHEN (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its stock_adjustment_lines rows cannot change'); END;--> statement-breakpoint
CREATE TRIGGER `stock_adjustment_lines_posted_no_update` BEFORE UPDATE ON `stock_adjustment_lines` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1 OR (SELECT `posted` FROM `documents` WHERE `id` = NEW.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its stock_adjustment_lines rows cannot change'); END;--> statement-breakpoint
CREATE TRIGGER `stock_adjustment_lines_posted_no_delete` BEFORE DELETE ON `stock_adjustment_lines` WHEN (SELECT `posted` FROM `documents` WHERE `id` = OLD.`document_id`) = 1
BEGIN SELECT RAISE(ABORT, 'document is posted: its stock_adjustment_lines rows cannot change'); END;
--> statement-breakpoint
-- An item is in use — its base unit and pack factors fixed — once it has prices, order or receipt lines, or stock.
DROP TRIGGER `formulary_items_packs_in_use`;--> statement-breakpoint
CREATE TRIGGER `formulary_items_packs_in_use` BEFORE UPDATE OF `base_unit`, `packs` ON `formulary_items`
WHEN (NEW.`base_unit` IS NOT OLD.`base_unit`
    OR (SELECT json_group_array(f) FROM (SELECT json_extract(value, '$.factor') AS f FROM json_each(NEW.`packs`) ORDER BY key))
       IS NOT (SELECT json_group_array(f) FROM (SELECT json_extract(value, '$.factor') AS f FROM json_each(OLD.`packs`) ORDER BY key)))
  AND (EXISTS (SELECT 1 FROM `item_prices` WHERE `item_id` = OLD.`id`)
    OR EXISTS (SELECT 1 FROM `stock_batches` WHERE `item_id` = OLD.`id`)
    OR EXISTS (SELECT 1 FROM `purchase_order_lines` WHERE `item_id` = OLD.`id`)
    OR EXISTS (SELECT 1 FROM `receipt_lines` WHERE `item_id` = OLD.`id`)
    OR EXISTS (SELECT 1 FROM `stock_adjustment_lines` WHERE `item_id` = OLD.`id`))
BEGIN SELECT RAISE(ABORT, 'formulary item in use: its base unit and pack factors cannot change'); END;
--> statement-breakpoint
CREATE TABLE `receipt_line_invoices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`receipt_line_id` integer NOT NULL,
	`distributor_invoice_no` text DEFAULT '' NOT NULL,
	`manufacturer_invoice_no` text DEFAULT '' NOT NULL,
	`recorded_at` text NOT NULL,
	`recorded_by` text NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`receipt_line_id`) REFERENCES `receipt_lines`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "receipt_line_invoices_some_ck" CHECK(length("distributor_invoice_no") > 0 OR length("manufacturer_invoice_no") > 0)
) STRICT;
--> statement-breakpoint
CREATE INDEX `receipt_line_invoices_line_idx` ON `receipt_line_invoices` (`receipt_line_id`,`id`);--> statement-breakpoint
-- Invoice numbers recorded after acceptance are append-only, like the posted lines they complete.
CREATE TRIGGER `receipt_line_invoices_no_update` BEFORE UPDATE ON `receipt_line_invoices`
BEGIN SELECT RAISE(ABORT, 'receipt invoice numbers are append-only'); END;--> statement-breakpoint
CREATE TRIGGER `receipt_line_invoices_no_delete` BEFORE DELETE ON `receipt_line_invoices`
BEGIN SELECT RAISE(ABORT, 'receipt invoice numbers are append-only'); END;
