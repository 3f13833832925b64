// Hot-reload directories (a Gatehouse extension: Code S3Bucket 'hot-reload', S3Key the path):
// each is watched (fs.watch, recursive: inotify on Linux since Node 20, FSEvents on macOS) and
// gets a revision number that changes with any edit under it. The runtime retires environments
// of an older revision (FunctionSpec.codeRevision), so the next invocation runs the new code.
// A directory that cannot be watched (inotify limits, a filesystem without events) gets a new
// revision on every invocation instead: always a fresh process, slower but never stale.
// https://docs.localstack.cloud/user-guide/lambda-tools/hot-reloading/
import { watch, type FSWatcher } from 'node:fs';

/** What a runtime writes into the code itself: compiling a Python module is no edit. */
const IGNORED = /(^|[\\/])__pycache__([\\/]|$)|\.pyc$/;

interface Watched {
  watcher?: FSWatcher;
  revision: number;
  /** Watching failed: every invocation is a new revision. */
  unwatched: boolean;
}

export class HotReloadDirectories {
  readonly #dirs = new Map<string, Watched>();

  /** The directory's current revision; starts watching it on first use. */
  revision(dir: string): number {
    let w = this.#dirs.get(dir);
    if (!w) {
      w = { revision: 0, unwatched: false };
      this.#dirs.set(dir, w);
      this.#watch(dir, w);
    }
    if (w.unwatched) w.revision++;
    return w.revision;
  }

  close(): void {
    for (const w of this.#dirs.values()) w.watcher?.close();
    this.#dirs.clear();
  }

  #watch(dir: string, w: Watched): void {
    const unwatch = () => {
      w.unwatched = true;
      w.watcher?.close();
      w.watcher = undefined;
    };
    try {
      w.watcher = watch(dir, { recursive: true, persistent: false }, (_event, file) => {
        if (file && IGNORED.test(file.toString())) return;
        w.revision++;
      });
      w.watcher.on('error', unwatch);
    } catch {
      unwatch();
    }
  }
}
