-- Hardening (issue 6): CHECK constraints on enumerated columns, flags and amounts (tables rebuilt, data kept);
-- item_prices keep the pack factor they were quoted in; change requests record the item version they were
-- based on and may be proposed by the system; batch change request rows; hub_settings; the packs-in-use trigger.
-- Written by hand from drizzle-kit's output (its PRAGMA foreign_keys lines are no-ops inside the runner's
-- transaction, so db/migrate.ts turns foreign keys off around each migration and runs foreign_key_check).
-- Rebuilt tables lose their triggers: item_prices' are re-created at the end. audit_log is not rebuilt.
CREATE TABLE `hub_settings` (
	`name` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text NOT NULL
) STRICT;
--> statement-breakpoint
CREATE TABLE `__new_formulary_change_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`kind` text NOT NULL,
	`item_id` integer,
	`proposal` text,
	`reason` text NOT NULL,
	`status` text NOT NULL,
	`proposed_by` integer,
	`proposer_unit_id` integer NOT NULL,
	`proposed_at` text NOT NULL,
	`resolution_no` text,
	`resolution_date` text,
	`decided_by` integer,
	`decided_at` text,
	`decision_note` text DEFAULT '' NOT NULL,
	`applied_version` integer,
	`base_version` integer,
	`proposed_by_system` text,
	FOREIGN KEY (`item_id`) REFERENCES `formulary_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`proposed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`proposer_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "formulary_change_requests_kind_ck" CHECK("kind" IN ('add', 'change', 'suspend', 'resume', 'retire', 'levels', 'batch')),
	CONSTRAINT "formulary_change_requests_status_ck" CHECK("status" IN ('submitted', 'approved', 'rejected', 'withdrawn')),
	CONSTRAINT "formulary_change_requests_proposer_ck" CHECK("proposed_by" IS NOT NULL OR "proposed_by_system" IS NOT NULL)
) STRICT;
--> statement-breakpoint
INSERT INTO `__new_formulary_change_requests`("id", "number", "kind", "item_id", "proposal", "reason", "status", "proposed_by", "proposer_unit_id", "proposed_at", "resolution_no", "resolution_date", "decided_by", "decided_at", "decision_note", "applied_version", "base_version", "proposed_by_system")
SELECT r."id", r."number", r."kind", r."item_id", r."proposal", r."reason", r."status", r."proposed_by", r."proposer_unit_id", r."proposed_at", r."resolution_no", r."resolution_date", r."decided_by", r."decided_at", r."decision_note", r."applied_version",
  -- The item's version when the request was proposed: its latest snapshot from a version made before then.
  CASE WHEN r."kind" = 'add' OR r."item_id" IS NULL THEN NULL ELSE (
    SELECT max(h."version") FROM `formulary_item_history` h JOIN `formulary_versions` v ON v."version" = h."version"
    WHERE h."item_id" = r."item_id" AND v."created_at" <= r."proposed_at") END,
  NULL
FROM `formulary_change_requests` r;
--> statement-breakpoint
DROP TABLE `formulary_change_requests`;
--> statement-breakpoint
ALTER TABLE `__new_formulary_change_requests` RENAME TO `formulary_change_requests`;
--> statement-breakpoint
CREATE UNIQUE INDEX `formulary_change_requests_number_uq` ON `formulary_change_requests` (`number`);
--> statement-breakpoint
CREATE INDEX `formulary_change_requests_status_idx` ON `formulary_change_requests` (`status`);
--> statement-breakpoint
CREATE TABLE `__new_item_prices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`kind` text NOT NULL,
	`price_micro` integer NOT NULL,
	`unit` text NOT NULL,
	`pack_factor` integer NOT NULL,
	`effective_from` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`recorded_at` text NOT NULL,
	`recorded_by` text NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `formulary_items`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "item_prices_kind_ck" CHECK("kind" IN ('listed', 'limit', 'negotiated', 'vbp')),
	CONSTRAINT "item_prices_price_micro_ck" CHECK("price_micro" >= 0),
	CONSTRAINT "item_prices_pack_factor_ck" CHECK("pack_factor" > 0)
) STRICT;
--> statement-breakpoint
INSERT INTO `__new_item_prices`("id", "item_id", "kind", "price_micro", "unit", "pack_factor", "effective_from", "note", "recorded_at", "recorded_by")
SELECT p."id", p."item_id", p."kind", p."price_micro", p."unit",
  CASE
    WHEN p."unit" = i."base_unit" THEN 1
    WHEN p."unit" = json_extract(i."packs", '$[0].unit') THEN json_extract(i."packs", '$[0].factor')
    WHEN p."unit" = json_extract(i."packs", '$[1].unit') THEN json_extract(i."packs", '$[0].factor') * json_extract(i."packs", '$[1].factor')
    WHEN p."unit" = json_extract(i."packs", '$[2].unit') THEN json_extract(i."packs", '$[0].factor') * json_extract(i."packs", '$[1].factor') * json_extract(i."packs", '$[2].factor')
    WHEN p."unit" = json_extract(i."packs", '$[3].unit') THEN json_extract(i."packs", '$[0].factor') * json_extract(i."packs", '$[1].factor') * json_extract(i."packs", '$[2].factor') * json_extract(i."packs", '$[3].factor')
  END,
  p."effective_from", p."note", p."recorded_at", p."recorded_by"
FROM `item_prices` p JOIN `formulary_items` i ON i."id" = p."item_id";
--> statement-breakpoint
DROP TABLE `item_prices`;
--> statement-breakpoint
ALTER TABLE `__new_item_prices` RENAME TO `item_prices`;
--> statement-breakpoint
CREATE INDEX `item_prices_item_kind_idx` ON `item_prices` (`item_id`,`kind`,`effective_from`);
--> statement-breakpoint
CREATE TABLE `__new_dictionary_entries` (
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
	`updated_at` text NOT NULL,
	CONSTRAINT "dictionary_entries_present_ck" CHECK("present" IN (0, 1))
) STRICT;
--> statement-breakpoint
INSERT INTO `__new_dictionary_entries`("code", "source", "registered_name", "trade_name", "registered_dosage_form", "dosage_form", "registered_spec", "spec", "pack_material", "min_pack_quantity", "base_unit", "pack_unit", "company", "repackager", "manufacturer", "approval_no", "former_approval_no", "standard_code", "holder", "market_status", "insurance_name", "insurance_class", "insurance_dosage_form", "serial_no", "remark", "former_code", "present", "edition", "updated_at") SELECT "code", "source", "registered_name", "trade_name", "registered_dosage_form", "dosage_form", "registered_spec", "spec", "pack_material", "min_pack_quantity", "base_unit", "pack_unit", "company", "repackager", "manufacturer", "approval_no", "former_approval_no", "standard_code", "holder", "market_status", "insurance_name", "insurance_class", "insurance_dosage_form", "serial_no", "remark", "former_code", "present", "edition", "updated_at" FROM `dictionary_entries`;
--> statement-breakpoint
DROP TABLE `dictionary_entries`;
--> statement-breakpoint
ALTER TABLE `__new_dictionary_entries` RENAME TO `dictionary_entries`;
--> statement-breakpoint
CREATE INDEX `dictionary_entries_standard_code_idx` ON `dictionary_entries` (`standard_code`);
--> statement-breakpoint
CREATE INDEX `dictionary_entries_approval_no_idx` ON `dictionary_entries` (`approval_no`);
--> statement-breakpoint
CREATE TABLE `__new_formulary_items` (
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
	FOREIGN KEY (`preparation_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "formulary_items_category_ck" CHECK("category" IN ('western', 'chinese_patent', 'herbal', 'consumable', 'reagent', 'preparation')),
	CONSTRAINT "formulary_items_insurance_class_ck" CHECK("insurance_class" IN ('', 'A', 'B', 'C')),
	CONSTRAINT "formulary_items_controlled_class_ck" CHECK("controlled_class" IN ('', 'narcotic', 'psychotropic1', 'psychotropic2', 'toxic', 'radioactive', 'precursor')),
	CONSTRAINT "formulary_items_antibacterial_tier_ck" CHECK("antibacterial_tier" IN ('', 'unrestricted', 'restricted', 'special')),
	CONSTRAINT "formulary_items_status_ck" CHECK("status" IN ('active', 'suspended', 'retired')),
	CONSTRAINT "formulary_items_essential_ck" CHECK("essential" IN (0, 1)),
	CONSTRAINT "formulary_items_high_alert_ck" CHECK("high_alert" IN (0, 1)),
	CONSTRAINT "formulary_items_cold_chain_ck" CHECK("cold_chain" IN (0, 1)),
	CONSTRAINT "formulary_items_high_value_ck" CHECK("high_value" IN (0, 1)),
	CONSTRAINT "formulary_items_level_county_ck" CHECK("level_county" IN (0, 1)),
	CONSTRAINT "formulary_items_level_township_ck" CHECK("level_township" IN (0, 1)),
	CONSTRAINT "formulary_items_level_village_ck" CHECK("level_village" IN (0, 1)),
	CONSTRAINT "formulary_items_version_ck" CHECK("version" >= 0),
	CONSTRAINT "formulary_items_packs_ck" CHECK(json_valid("packs") AND json_type("packs") = 'array')
) STRICT;
--> statement-breakpoint
INSERT INTO `__new_formulary_items`("id", "code", "insurance_code", "generic_name", "trade_name", "dosage_form", "spec", "pack_material", "manufacturer", "holder", "approval_no", "standard_code", "category", "base_unit", "packs", "purchase_unit", "issue_unit", "essential", "insurance_class", "high_alert", "controlled_class", "antibacterial_tier", "cold_chain", "storage_temp_min", "storage_temp_max", "high_value", "udi_di", "preparation_unit_id", "vbp", "level_county", "level_township", "level_village", "status", "pinyin_initials", "pinyin_full", "version", "created_at", "updated_at") SELECT "id", "code", "insurance_code", "generic_name", "trade_name", "dosage_form", "spec", "pack_material", "manufacturer", "holder", "approval_no", "standard_code", "category", "base_unit", "packs", "purchase_unit", "issue_unit", "essential", "insurance_class", "high_alert", "controlled_class", "antibacterial_tier", "cold_chain", "storage_temp_min", "storage_temp_max", "high_value", "udi_di", "preparation_unit_id", "vbp", "level_county", "level_township", "level_village", "status", "pinyin_initials", "pinyin_full", "version", "created_at", "updated_at" FROM `formulary_items`;
--> statement-breakpoint
DROP TABLE `formulary_items`;
--> statement-breakpoint
ALTER TABLE `__new_formulary_items` RENAME TO `formulary_items`;
--> statement-breakpoint
CREATE UNIQUE INDEX `formulary_items_code_uq` ON `formulary_items` (`code`);
--> statement-breakpoint
CREATE UNIQUE INDEX `formulary_items_insurance_code_uq` ON `formulary_items` (`insurance_code`) WHERE insurance_code <> '';
--> statement-breakpoint
CREATE INDEX `formulary_items_status_idx` ON `formulary_items` (`status`);
--> statement-breakpoint
CREATE TABLE `__new_stores` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`is_central` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "stores_is_central_ck" CHECK("is_central" IN (0, 1)),
	CONSTRAINT "stores_active_ck" CHECK("active" IN (0, 1))
) STRICT;
--> statement-breakpoint
INSERT INTO `__new_stores`("id", "unit_id", "code", "name", "is_central", "active", "created_at") SELECT "id", "unit_id", "code", "name", "is_central", "active", "created_at" FROM `stores`;
--> statement-breakpoint
DROP TABLE `stores`;
--> statement-breakpoint
ALTER TABLE `__new_stores` RENAME TO `stores`;
--> statement-breakpoint
CREATE UNIQUE INDEX `stores_code_uq` ON `stores` (`code`);
--> statement-breakpoint
CREATE INDEX `stores_unit_idx` ON `stores` (`unit_id`);
--> statement-breakpoint
CREATE TABLE `__new_units` (
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
	FOREIGN KEY (`parent_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "units_kind_ck" CHECK("kind" IN ('county_hospital', 'township_hospital', 'community_center', 'village_clinic')),
	CONSTRAINT "units_level_ck" CHECK("level" IN ('county', 'township', 'village')),
	CONSTRAINT "units_is_lead_ck" CHECK("is_lead" IN (0, 1)),
	CONSTRAINT "units_active_ck" CHECK("active" IN (0, 1))
) STRICT;
--> statement-breakpoint
INSERT INTO `__new_units`("id", "code", "name", "kind", "level", "parent_id", "uscc", "insurance_code", "address", "contact_name", "contact_phone", "is_lead", "active", "created_at", "updated_at") SELECT "id", "code", "name", "kind", "level", "parent_id", "uscc", "insurance_code", "address", "contact_name", "contact_phone", "is_lead", "active", "created_at", "updated_at" FROM `units`;
--> statement-breakpoint
DROP TABLE `units`;
--> statement-breakpoint
ALTER TABLE `__new_units` RENAME TO `units`;
--> statement-breakpoint
CREATE UNIQUE INDEX `units_code_uq` ON `units` (`code`);
--> statement-breakpoint
CREATE INDEX `units_parent_idx` ON `units` (`parent_id`);
--> statement-breakpoint
CREATE TABLE `__new_users` (
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
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "users_role_ck" CHECK("role" IN ('admin', 'pharmacy_officer', 'storekeeper', 'finance', 'member_pharmacist', 'auditor')),
	CONSTRAINT "users_must_change_password_ck" CHECK("must_change_password" IN (0, 1)),
	CONSTRAINT "users_failed_attempts_ck" CHECK("failed_attempts" >= 0),
	CONSTRAINT "users_active_ck" CHECK("active" IN (0, 1))
) STRICT;
--> statement-breakpoint
INSERT INTO `__new_users`("id", "username", "display_name", "role", "unit_id", "password_hash", "must_change_password", "failed_attempts", "locked_until", "active", "last_login_at", "created_at", "updated_at") SELECT "id", "username", "display_name", "role", "unit_id", "password_hash", "must_change_password", "failed_attempts", "locked_until", "active", "last_login_at", "created_at", "updated_at" FROM `users`;
--> statement-breakpoint
DROP TABLE `users`;
--> statement-breakpoint
ALTER TABLE `__new_users` RENAME TO `users`;
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_uq` ON `users` (`username`);
--> statement-breakpoint
CREATE TABLE `formulary_change_request_rows` (
	`request_id` integer NOT NULL,
	`line` integer NOT NULL,
	`kind` text NOT NULL,
	`item_id` integer,
	`proposal` text NOT NULL,
	`base_version` integer,
	`source_row` integer,
	PRIMARY KEY(`request_id`, `line`),
	FOREIGN KEY (`request_id`) REFERENCES `formulary_change_requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `formulary_items`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "formulary_change_request_rows_kind_ck" CHECK("kind" IN ('add', 'change')),
	CONSTRAINT "formulary_change_request_rows_line_ck" CHECK("line" > 0)
) STRICT;
--> statement-breakpoint
CREATE INDEX `formulary_change_request_rows_item_idx` ON `formulary_change_request_rows` (`item_id`);
--> statement-breakpoint
CREATE TRIGGER `item_prices_no_update` BEFORE UPDATE ON `item_prices` BEGIN SELECT RAISE(ABORT, 'item_prices is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `item_prices_no_delete` BEFORE DELETE ON `item_prices` BEGIN SELECT RAISE(ABORT, 'item_prices is append-only'); END;
--> statement-breakpoint
-- An item in use (it has prices; later: document lines and stock) keeps its base unit and pack factors:
-- a different pack is a new 品规. Pack names may still be corrected. Later migrations widen the EXISTS.
CREATE TRIGGER `formulary_items_packs_in_use` BEFORE UPDATE OF `base_unit`, `packs` ON `formulary_items`
WHEN (NEW.`base_unit` IS NOT OLD.`base_unit`
    OR (SELECT json_group_array(f) FROM (SELECT json_extract(value, '$.factor') AS f FROM json_each(NEW.`packs`) ORDER BY key))
       IS NOT (SELECT json_group_array(f) FROM (SELECT json_extract(value, '$.factor') AS f FROM json_each(OLD.`packs`) ORDER BY key)))
  AND EXISTS (SELECT 1 FROM `item_prices` WHERE `item_id` = OLD.`id`)
BEGIN SELECT RAISE(ABORT, 'formulary item in use: its base unit and pack factors cannot change'); END;
