DROP INDEX "stock_levels_in_stock_idx";--> statement-breakpoint
DROP INDEX "stock_levels_low_idx";--> statement-breakpoint
-- Written by hand (drizzle-kit has no table fillfactor): room on each page for a sale's HOT update.
-- Set before the generated columns, whose ADD COLUMN rewrites the table with it.
ALTER TABLE "stock_levels" SET (fillfactor = 80);--> statement-breakpoint
ALTER TABLE "stock_levels" ADD COLUMN "in_stock" boolean GENERATED ALWAYS AS (stock > 0 AND sellable) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "stock_levels" ADD COLUMN "low" boolean GENERATED ALWAYS AS (stock <= low_stock_threshold) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "stock_levels_in_stock_idx" ON "stock_levels" USING btree ("product_id") WHERE "stock_levels"."in_stock";--> statement-breakpoint
CREATE INDEX "stock_levels_low_idx" ON "stock_levels" USING btree ("variant_id") WHERE "stock_levels"."low";