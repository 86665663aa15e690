import { readFileSync, statSync, type Stats } from 'node:fs';
import { InputError } from '../errors';

/**
 * Checks that `path` is a regular file before anything opens it (opening a named pipe blocks until a writer
 * comes; a character device such as /dev/zero never ends and reports size 0), and says what it is otherwise.
 * `what` names the file in messages, e.g. 'dataset', 'model file', 'rules file'.
 *
 * @throws InputError FILE_NOT_FOUND (missing), NOT_A_FILE (a folder, a pipe, a device or a socket).
 */
export function statInputFile(path: string, what: string, hint = ''): Stats {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES') throw new InputError('FILE_NOT_FOUND', `${what} ${path} cannot be read (permission denied).`, { path });
    const where = `relative paths are resolved from ${process.cwd()}`;
    throw new InputError('FILE_NOT_FOUND', `${what} ${path} not found. ${hint ? `${hint} (${where}.)` : `Check the path (${where}).`}`, { path });
  }
  if (st.isFile()) return st;
  const kind = st.isDirectory()
    ? 'a folder'
    : st.isFIFO()
      ? 'a named pipe (FIFO)'
      : st.isCharacterDevice()
        ? 'a character device'
        : st.isBlockDevice()
          ? 'a block device'
          : st.isSocket()
            ? 'a socket'
            : 'not a regular file';
  const fix = st.isDirectory() ? 'Pass a file inside it.' : 'Model Lens reads regular files (it may read them more than once); save the data to a file first.';
  throw new InputError('NOT_A_FILE', `${what} ${path} is ${kind}, not a file. ${fix}`, { path, kind });
}

/** Reads a regular file whole after statInputFile's checks. */
export function readInputFile(path: string, what: string, hint = ''): Buffer {
  statInputFile(path, what, hint);
  return readFileSync(path);
}
