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
