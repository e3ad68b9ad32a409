import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { recordEvent } from '../webhooks/service';
import { INVENTORY_LOW_JOB, type InventoryLowEvent } from './alerts';
import type { AppliedStockChange, StockLine } from './service';

// Helpers of the stock writes (service.ts) and the checkout's reservation (reservations.ts).

/** An `inventory.low` job and webhook event for each change that took its variant to its threshold. */
export async function alertLowStock(
  ctx: AppContext,
  tx: Tx,
  applied: Array<Omit<AppliedStockChange, 'movement'>>,
): Promise<void> {
  for (const change of applied) {
    const before = change.stock - change.delta;
    if (before > change.lowStockThreshold && change.stock <= change.lowStockThreshold) {
      const event: InventoryLowEvent = {
        variantId: change.variantId,
        productId: change.productId,
        sku: change.sku,
        stock: change.stock,
        lowStockThreshold: change.lowStockThreshold,
      };
      await ctx.jobs.enqueue(INVENTORY_LOW_JOB, event, { tx });
      await recordEvent(ctx, tx, 'inventory.low', { ...event });
    }
  }
}

/** One line per variant (quantities added up); a quantity that is not a positive integer → 400. */
export function mergeLines(lines: StockLine[]): StockLine[] {
  const merged = new Map<string, number>();
  for (const line of lines) {
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0)
      throw new AppError(400, 'VALIDATION_ERROR', 'quantity must be a positive integer');
    merged.set(line.variantId, (merged.get(line.variantId) ?? 0) + line.quantity);
  }
  return [...merged].map(([variantId, quantity]) => ({ variantId, quantity }));
}
