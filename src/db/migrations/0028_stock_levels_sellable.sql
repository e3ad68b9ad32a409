ALTER TABLE "stock_levels" ADD COLUMN "sellable" boolean DEFAULT true NOT NULL;--> statement-breakpoint
-- The variant's active, kept by the catalog's variant writes from now on (inventory/tables.ts).
UPDATE "stock_levels" sl SET "sellable" = false FROM "variants" v WHERE v.id = sl.variant_id AND NOT v.active;--> statement-breakpoint
CREATE INDEX "stock_levels_in_stock_idx" ON "stock_levels" USING btree ("product_id") WHERE "stock_levels"."stock" > 0 AND "stock_levels"."sellable";
