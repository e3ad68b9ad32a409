import { readFile, writeFile } from 'node:fs/promises';

/** Peak resident memory of a process in MB (Linux VmHWM), or undefined. */
export async function peakRssMb(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) return undefined;
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts a new peak: VmHWM drops to the current RSS (Linux clear_refs "5"). False where that is
 * not possible, and the peak then covers the process's whole life.
 */
export async function resetPeakRss(pid: number | undefined): Promise<boolean> {
  if (pid === undefined) return false;
  try {
    await writeFile(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
