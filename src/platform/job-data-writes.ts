/**
 * Data replacements (JobQueue.replaceData) made by the jobs of a running batch, held until the
 * batch's handlers are done and then written in one statement, before pg-boss completes or fails
 * the batch: a batch of ten mails costs one UPDATE, not ten.
 */
export class JobDataWrites {
  /** Each job of a running batch → its batch's held writes. */
  private readonly batchOf = new Map<string, Map<string, object>>();

  /** The batch of these jobs is starting; returns where their writes are held. */
  begin(jobIds: string[]): Map<string, object> {
    const writes = new Map<string, object>();
    for (const id of jobIds) this.batchOf.set(id, writes);
    return writes;
  }

  /** Holds `data` for the job's batch; false when the job is not in a running batch. */
  hold(jobId: string, data: object): boolean {
    const writes = this.batchOf.get(jobId);
    if (!writes) return false;
    writes.set(jobId, data);
    return true;
  }

  end(jobIds: string[]): void {
    for (const id of jobIds) this.batchOf.delete(id);
  }
}

export const REPLACE_JOB_DATA = `UPDATE pgboss.job j SET data = v.data
  FROM unnest($2::uuid[], $3::jsonb[]) AS v(id, data)
  WHERE j.name = $1 AND j.id = v.id`;
