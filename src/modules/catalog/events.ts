import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';
import { recordEvent } from '../webhooks/service';

/** What integrators hear about a product; they read the rest through the API. */
export interface ProductEventSubject {
  id: string;
  slug: string;
  name: string;
  status: string;
}

/**
 * Records `product.created`/`product.updated`/`product.deleted` for outbound webhooks in the
 * change's transaction (a variant change is a `product.updated` of its product).
 */
export async function announceProduct(
  ctx: AppContext,
  tx: Tx,
  type: 'product.created' | 'product.updated' | 'product.deleted',
  product: ProductEventSubject,
): Promise<void> {
  const { id, slug, name, status } = product;
  await recordEvent(ctx, tx, type, { id, slug, name, status });
}
