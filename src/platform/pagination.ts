import { z } from 'zod';

/** `?page=&limit=` for every list: page ≥ 1, limit 1..100 (default 20). Out of range is a 400. */
export const paginationQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export type Pagination = z.output<typeof paginationQuery>;

export const sortOrderQuery = z.enum(['asc', 'desc']).default('desc');

export interface PageMeta {
  page: number;
  limit: number;
  total: number;
  totalPages: number;
}

export const pageMetaSchema = z.object({
  page: z.number().int(),
  limit: z.number().int(),
  total: z.number().int(),
  totalPages: z.number().int(),
});

export function offsetOf({ page, limit }: Pagination): number {
  return (page - 1) * limit;
}

export function pageMeta({ page, limit }: Pagination, total: number): PageMeta {
  return { page, limit, total, totalPages: Math.ceil(total / limit) };
}
