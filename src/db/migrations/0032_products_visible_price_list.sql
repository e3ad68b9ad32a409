-- Written by hand (drizzle-kit has no INCLUDE; see catalog/tables.ts). A customer's price-ordered
-- page (catalog/product-page.ts) reads its rows and every column its items are made of from this
-- index alone, where it read the page's ids from products_visible_price_idx and then each row from
-- the table. The narrow products_visible_price_idx stays for the count, which would scan the wide
-- entries of this one. An entry stays well below btree's ~2.7 kB: names (120) and slugs (140) are
-- bounded, and image keys are made by the server.
CREATE INDEX "products_visible_price_list_idx" ON "products" USING btree ("price_min", "id")
  INCLUDE ("list_fields_json", "rating_average", "rating_count", "list_image_json")
  WHERE "products"."status" = 'ACTIVE' AND "products"."active_variants" > 0;
