-- Stock moves from catalog's variants/products to inventory-owned tables (only inventory writes
-- stock and units sold). Existing figures are copied before the old columns go.
CREATE TABLE "product_sales" (
	"product_id" uuid PRIMARY KEY NOT NULL,
	"units_sold" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "product_sales_units_check" CHECK ("product_sales"."units_sold" >= 0)
);
--> statement-breakpoint
CREATE TABLE "stock_levels" (
	"variant_id" uuid PRIMARY KEY NOT NULL,
	"product_id" uuid NOT NULL,
	"sku" varchar(64) NOT NULL,
	"stock" integer DEFAULT 0 NOT NULL,
	"low_stock_threshold" integer DEFAULT 5 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_levels_stock_check" CHECK ("stock_levels"."stock" >= 0),
	CONSTRAINT "stock_levels_threshold_check" CHECK ("stock_levels"."low_stock_threshold" >= 0)
);
--> statement-breakpoint
ALTER TABLE "variants" DROP CONSTRAINT "variants_stock_check";--> statement-breakpoint
ALTER TABLE "variants" DROP CONSTRAINT "variants_threshold_check";--> statement-breakpoint
DROP INDEX "products_status_sales_idx";--> statement-breakpoint
DROP INDEX "variants_low_stock_idx";--> statement-breakpoint
ALTER TABLE "product_sales" ADD CONSTRAINT "product_sales_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_levels" ADD CONSTRAINT "stock_levels_variant_id_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."variants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_levels" ADD CONSTRAINT "stock_levels_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stock_levels_product_idx" ON "stock_levels" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "stock_levels_low_idx" ON "stock_levels" USING btree ("stock") WHERE "stock_levels"."stock" <= "stock_levels"."low_stock_threshold";--> statement-breakpoint
INSERT INTO "stock_levels" ("variant_id", "product_id", "sku", "stock", "low_stock_threshold", "updated_at")
  SELECT "id", "product_id", "sku", "stock", "low_stock_threshold", "updated_at" FROM "variants";--> statement-breakpoint
INSERT INTO "product_sales" ("product_id", "units_sold")
  SELECT "id", "sales_count" FROM "products" WHERE "sales_count" > 0;--> statement-breakpoint
ALTER TABLE "products" DROP COLUMN "sales_count";--> statement-breakpoint
ALTER TABLE "variants" DROP COLUMN "stock";--> statement-breakpoint
ALTER TABLE "variants" DROP COLUMN "low_stock_threshold";