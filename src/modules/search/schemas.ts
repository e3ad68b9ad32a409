import { z } from 'zod';

const synonymWord = z.string().trim().min(1).max(100);

export const synonymGroupsBody = z.strictObject({
  groups: z
    .array(z.array(synonymWord).min(2).max(20))
    .max(1000)
    .describe('Each group lists words (or short phrases) that mean the same to a shopper'),
});

export const synonymGroupsSchema = z
  .object({ groups: z.array(z.array(z.string())) })
  .meta({ id: 'SynonymGroups' });

export const suggestQuery = z.object({
  q: z.string().max(200).default('').describe('What the shopper has typed so far'),
  limit: z.coerce.number().int().min(1).max(20).default(5).describe('Per list, 1..20'),
});

const named = z.object({ id: z.uuid(), slug: z.string(), name: z.string() });

export const suggestionsSchema = z
  .object({
    products: z.array(
      z.object({
        id: z.uuid(),
        slug: z.string(),
        name: z.string(),
        image: z
          .object({
            id: z.uuid(),
            url: z.string(),
            thumbnails: z.object({ small: z.string(), medium: z.string() }),
          })
          .nullable(),
        priceMin: z.number().int(),
        currency: z.string(),
      }),
    ),
    categories: z.array(named),
    brands: z.array(named),
  })
  .meta({ id: 'SearchSuggestions' });
