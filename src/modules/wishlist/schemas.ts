import { z } from 'zod';
import { paginationQuery } from '../../platform/pagination';
import { productListItemSchema } from '../catalog/schemas';

export const addToWishlistBody = z.strictObject({ productId: z.uuid() });
export const wishlistQuery = paginationQuery;
export const productIdParam = z.object({ productId: z.uuid() });

export const wishlistItemSchema = z
  .object({ productId: z.string(), addedAt: z.string(), product: productListItemSchema })
  .meta({ id: 'WishlistItem' });
