import { closeSync, openSync, readSync, statSync, writeSync } from 'node:fs';

/** Complete frames of the write-ahead log `wal` (its header names the page size). */
export function walFrameCount(wal: string): number {
  return Math.floor((statSync(wal).size - 32) / walFrameBytes(wal));
}

/**
 * Overwrites 64 bytes of the page of frame `index` (0-based) of the log `wal`, `offset` bytes into the page, as a
 * bad sector or a stray write would.
 */
export function damageWalFrame(wal: string, index: number, offset = 512): void {
  const fd = openSync(wal, 'r+');
  try {
    writeSync(fd, Buffer.alloc(64, 0x5a), 0, 64, 32 + index * walFrameBytes(wal) + 24 + offset);
  } finally {
    closeSync(fd);
  }
}

/** Bytes of one frame: its 24-byte header and a page. */
function walFrameBytes(wal: string): number {
  const header = Buffer.alloc(32);
  const fd = openSync(wal, 'r');
  try {
    readSync(fd, header, 0, 32, 0);
  } finally {
    closeSync(fd);
  }
  return 24 + header.readUInt32BE(8);
}
