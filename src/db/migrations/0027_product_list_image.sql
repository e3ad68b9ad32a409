ALTER TABLE "products" ADD COLUMN "list_image_json" text[];--> statement-breakpoint
-- The gallery's first image (by position, then created_at and id, the order of
-- product_images_product_order_idx) as the product list's JSON (catalog/product-page.ts), cut in
-- four where the storage's URL prefix goes: the list joins the parts with the prefix, JSON-escaped
-- (array_to_string). Strings are escaped by to_json, as the list escaped them when it read the
-- image per row; an image with an empty key is shown as none (null), as before.
CREATE OR REPLACE FUNCTION catalog_refresh_list_image(product uuid) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  -- The writers of one gallery take turns on the product's row. The UPDATE is a statement of its
  -- own, so its snapshot is taken once the lock is held: it sees the images of every writer that
  -- held the lock before (each one refreshed after its own writes and kept the lock to its commit).
  PERFORM 1 FROM products WHERE id = product FOR UPDATE;
  UPDATE products p SET list_image_json = (
    SELECT CASE WHEN f.complete THEN ARRAY[
      '{"id":"' || f.id || '","url":"',
      substr(f.o, 2, length(f.o) - 2) || '","thumbnails":{"small":"',
      substr(f.s, 2, length(f.s) - 2) || '","medium":"',
      substr(f.m, 2, length(f.m) - 2) || '"}}'] END
    FROM (
      SELECT i.id, to_json(i.original_key::text)::text AS o, to_json(i.small_key::text)::text AS s,
        to_json(i.medium_key::text)::text AS m,
        i.original_key <> '' AND i.small_key <> '' AND i.medium_key <> '' AS complete
      FROM product_images i WHERE i.product_id = product
      ORDER BY i.position, i.created_at, i.id LIMIT 1) f)
  WHERE p.id = product;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION catalog_product_images_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM catalog_refresh_list_image(OLD.product_id);
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.product_id IS DISTINCT FROM OLD.product_id) THEN
    PERFORM catalog_refresh_list_image(NEW.product_id);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER product_images_list_image AFTER INSERT OR UPDATE OR DELETE ON product_images
FOR EACH ROW EXECUTE FUNCTION catalog_product_images_changed();--> statement-breakpoint
-- Every product with a gallery, once.
SELECT catalog_refresh_list_image(pid) FROM (SELECT DISTINCT product_id AS pid FROM product_images) g;
