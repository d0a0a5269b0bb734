import { readdirSync, readFileSync } from 'node:fs';

/** The nice value of each thread of this process (Linux: field 19 of /proc/self/task/<tid>/stat). */
export function threadNiceValues(): number[] {
  return readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return [Number(fields[16])];
    } catch {
      return []; // the thread ended meanwhile
    }
  });
}
