// Reading a file named on the command line: a regular file only, never more than a limit, and
// never a read that can block. A named pipe or a device (/dev/zero, a terminal) is refused by
// what it is, instead of hanging or reading without end.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { formatBytes } from '../shared/json.ts';

export type FileRead = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'a special file';
}

function openFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read: permission denied';
  if (code === 'ENXIO') return 'is a socket or a device, not a regular file';
  return `cannot be opened (${code ?? String(error)})`;
}

const CHUNK = 64 * 1024;

/** The file's bytes, or why not, to follow its name: "does not exist", "is 20 MB; the limit is 5 MB". */
export function readRegularFile(path: string, maxBytes: number): FileRead {
  let fd: number;
  try {
    // Without O_NONBLOCK, opening a named pipe waits for a writer, forever if none comes.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { ok: false, reason: openFailure(error) };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { ok: false, reason: `is ${kindOf(stats)}, not a regular file` };
    if (stats.size > maxBytes) return { ok: false, reason: `is ${formatBytes(stats.size)}; the limit is ${formatBytes(maxBytes)}` };
    // Read by chunks up to one byte past the limit: a file growing meanwhile, or one whose
    // size the system does not know in advance (/proc), is still refused at the limit.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(CHUNK, maxBytes + 1 - total));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      total += read;
      if (total > maxBytes) return { ok: false, reason: `is more than ${formatBytes(maxBytes)}, the limit` };
    }
    return { ok: true, bytes: Buffer.concat(chunks, total) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'EISDIR' ? 'is a folder, not a regular file' : `cannot be read (${code ?? String(error)})` };
  } finally {
    closeSync(fd);
  }
}
