import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * Checks the write-ahead log (`jobs.sqlite-wal`) before SQLite opens it. SQLite replays the log's frames up to the
 * first one that fails its checks, and silently ignores everything after it: a log damaged in the middle loses
 * every transaction committed after the damage, without an error. Reading the log first tells a damaged log from
 * the ones a crash legitimately leaves behind.
 *
 * The format (sqlite.org/fileformat2.html, "The WAL File Format"): a 32-byte header (magic 0x377f0682 or
 * 0x377f0683, format 3007000, page size, checkpoint sequence, two salts, a checksum of the first 24 bytes), then
 * frames of a 24-byte header (page number, database size in pages for a commit frame and 0 otherwise, the two
 * salts, a checksum) and one page. Each checksum is cumulative: it covers the log header and every frame before,
 * the frame's first 8 header bytes and its page. A frame is valid when it carries the header's salts, a page
 * number and the checksum computed that way; SQLite uses the valid frames from the start up to the last commit
 * frame among them.
 *
 * What a crash leaves, and is not damage:
 * - no log, or an empty one (a clean stop checkpoints the log into the database and removes it);
 * - after the valid frames, frames of an older generation (once a log is checkpointed, SQLite writes it again
 *   from the start with new salts, over the old frames);
 * - a torn last write: the process killed between a frame's header and its page, or a power loss cutting the
 *   tail, leaves a last frame that fails its checksum, with nothing of the current generation after it;
 * - frames of a transaction that never committed (a large transaction may rewrite its own frames in place and
 *   fixes their checksums only when it commits).
 * None of these loses a committed transaction.
 *
 * The rule: the log is damaged when its header is not a valid log header (SQLite would then ignore the whole log),
 * or when, after the first invalid frame, a commit frame of the current generation (the header's salts) follows:
 * a transaction committed after the point where SQLite stops reading, which it would drop. Not detected here: damage
 * to the last committed transaction alone (nothing follows it; it looks like a torn last write: when it created
 * acknowledged jobs, `acknowledged-creations.ts` detects their loss after SQLite opened the log) and damage to
 * frames of older generations (already in the database). After a power loss (not a process crash) the disk may have kept
 * the unsynced tail of the log out of order; the check then also refuses, although only writes the server had not
 * yet confirmed (creations are confirmed once the log is synced) are missing.
 */

/** What {@link inspectWriteAheadLog} found. */
export interface WalInspection {
  /** The log file's size in bytes (0 when it does not exist). */
  bytes: number;
  /** Complete frames in the file, of every generation. */
  frames: number;
  /** Valid frames from the start (what SQLite reads), up to the first invalid one. */
  validFrames: number;
  /** Transactions committed among the valid frames (what SQLite replays). */
  committedTransactions: number;
  /** Why the log is damaged, or undefined when SQLite would replay every transaction committed in it. */
  damage: string | undefined;
}

const MAGIC_LITTLE_ENDIAN_CHECKSUMS = 0x377f0682;
const MAGIC_BIG_ENDIAN_CHECKSUMS = 0x377f0683;
const FORMAT_VERSION = 3007000;
const WAL_HEADER_BYTES = 32;
const FRAME_HEADER_BYTES = 24;

/** Reads the log beside `databaseFile` (`<databaseFile>-wal`) frame by frame, in memory of one frame. */
export function inspectWriteAheadLog(walFile: string): WalInspection {
  let fd: number;
  try {
    fd = openSync(walFile, 'r');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') {
      return { bytes: 0, frames: 0, validFrames: 0, committedTransactions: 0, damage: undefined };
    }
    throw error;
  }
  try {
    return inspect(fd);
  } finally {
    closeSync(fd);
  }
}

function inspect(fd: number): WalInspection {
  const bytes = fstatSync(fd).size;
  const found = { bytes, frames: 0, validFrames: 0, committedTransactions: 0 };
  if (bytes === 0) return { ...found, damage: undefined };
  const header = Buffer.alloc(WAL_HEADER_BYTES);
  if (readSync(fd, header, 0, WAL_HEADER_BYTES, 0) < WAL_HEADER_BYTES) {
    return { ...found, damage: `its header is cut short (${bytes} bytes, a header has ${WAL_HEADER_BYTES})` };
  }
  const magic = header.readUInt32BE(0);
  if (magic !== MAGIC_LITTLE_ENDIAN_CHECKSUMS && magic !== MAGIC_BIG_ENDIAN_CHECKSUMS) {
    return { ...found, damage: 'its header does not start with the magic number of a write-ahead log' };
  }
  const bigEndian = magic === MAGIC_BIG_ENDIAN_CHECKSUMS;
  if (header.readUInt32BE(4) !== FORMAT_VERSION) {
    return { ...found, damage: `its header names format ${header.readUInt32BE(4)}, not ${FORMAT_VERSION}` };
  }
  const pageSize = header.readUInt32BE(8);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) {
    return { ...found, damage: `its header names a page size of ${pageSize} bytes` };
  }
  const sum = checksum([0, 0], header, 0, 24, bigEndian);
  if (sum[0] !== header.readUInt32BE(24) || sum[1] !== header.readUInt32BE(28)) {
    return { ...found, damage: 'its header fails its checksum' };
  }
  const salts = header.subarray(16, 24);
  const frameBytes = FRAME_HEADER_BYTES + pageSize;
  const frame = Buffer.alloc(frameBytes);
  found.frames = Math.floor((bytes - WAL_HEADER_BYTES) / frameBytes);
  let running = sum;
  /** Index of the first invalid frame, once met. */
  let firstInvalid: number | undefined;
  for (let i = 0; i < found.frames; i++) {
    readSync(fd, frame, 0, frameBytes, WAL_HEADER_BYTES + i * frameBytes);
    const current = frame.subarray(8, 16).equals(salts);
    const commit = frame.readUInt32BE(4) !== 0;
    if (firstInvalid === undefined) {
      const next = checksum(
        checksum(running, frame, 0, 8, bigEndian),
        frame,
        FRAME_HEADER_BYTES,
        frameBytes,
        bigEndian,
      );
      const valid =
        current &&
        frame.readUInt32BE(0) !== 0 &&
        next[0] === frame.readUInt32BE(16) &&
        next[1] === frame.readUInt32BE(20);
      if (valid) {
        running = next;
        found.validFrames = i + 1;
        if (commit) found.committedTransactions++;
        continue;
      }
      firstInvalid = i;
      continue;
    }
    if (current && commit) {
      return {
        ...found,
        damage:
          `frame ${firstInvalid + 1} of ${found.frames} is invalid (its salts or checksum do not match), and frame ` +
          `${i + 1} after it commits a later transaction: SQLite would replay the ${found.committedTransactions} ` +
          `transactions before frame ${firstInvalid + 1} and silently drop every one after it`,
      };
    }
  }
  return { ...found, damage: undefined };
}

/**
 * SQLite's log checksum over `data[start, end)` (a multiple of 8 bytes), continuing from `[s0, s1]`: for each pair
 * of 32-bit words x0, x1 (big- or little-endian as the magic says), s0 += x0 + s1, s1 += x1 + s0, modulo 2^32.
 */
function checksum(
  [start0, start1]: readonly [number, number],
  data: Buffer,
  start: number,
  end: number,
  bigEndian: boolean,
): [number, number] {
  let s0 = start0;
  let s1 = start1;
  for (let at = start; at < end; at += 8) {
    const x0 = bigEndian ? data.readUInt32BE(at) : data.readUInt32LE(at);
    const x1 = bigEndian ? data.readUInt32BE(at + 4) : data.readUInt32LE(at + 4);
    s0 = (s0 + x0 + s1) >>> 0;
    s1 = (s1 + x1 + s0) >>> 0;
  }
  return [s0, s1];
}
