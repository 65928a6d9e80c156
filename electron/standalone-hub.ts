import { createInterface } from 'node:readline';
import { utilityProcess, type UtilityProcess } from 'electron';
import { hubUrlFromLine, setupCodeFromLine } from './hub-address.js';

/**
 * The embedded hub for standalone mode: the same server/main.ts a community server runs, bundled as
 * hub.js and run in an Electron utility process on 127.0.0.1 with a random port. It announces its URL on
 * stdout; the window opens only after that line, so it never races the listener.
 */
export interface StandaloneHub {
  origin: string;
  /** The one-time setup code a new (uninitialised) hub printed before its address; null once it is set up. */
  setupCode: string | null;
  /** Asks the hub to stop (SIGTERM: it closes the server and the database) and waits for it. */
  stop(): Promise<void>;
}

export class HubStartFailure extends Error {
  override name = 'HubStartFailure';
}

const START_TIMEOUT_MS = 120_000; // a large database may take a while to migrate on first start of a new version
const STOP_TIMEOUT_MS = 10_000;
const STDERR_LINES_KEPT = 20;

export function startStandaloneHub(options: {
  entry: string;
  dataDir: string;
  /** Called if the hub dies after it started, e.g. the disk filled up. */
  onUnexpectedExit: (code: number, stderr: string) => void;
}): Promise<StandaloneHub> {
  const child: UtilityProcess = utilityProcess.fork(options.entry, ['--data', options.dataDir, '--port', '0', '--host', '127.0.0.1'], {
    stdio: 'pipe',
    serviceName: '统采中心服务（本机）',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const stderr: string[] = [];
  let exited = false;
  let stopping = false;
  const exitPromise = new Promise<number>((resolve) => child.once('exit', resolve));
  void exitPromise.then(() => {
    exited = true;
  });

  if (child.stderr) {
    createInterface({ input: child.stderr }).on('line', (line) => {
      stderr.push(line);
      if (stderr.length > STDERR_LINES_KEPT) stderr.shift();
    });
  }

  return new Promise<StandaloneHub>((resolve, reject) => {
    let started = false;
    const timer = setTimeout(() => {
      child.kill();
      reject(new HubStartFailure(`本机服务在 ${START_TIMEOUT_MS / 1000} 秒内没有启动完成。${tail(stderr)}`));
    }, START_TIMEOUT_MS);

    void exitPromise.then((code) => {
      clearTimeout(timer);
      if (!started) {
        reject(new HubStartFailure(`本机服务启动失败（退出码 ${code}）。${tail(stderr)}`));
      } else if (!stopping) {
        options.onUnexpectedExit(code, tail(stderr));
      }
    });

    if (!child.stdout) {
      clearTimeout(timer);
      child.kill();
      reject(new HubStartFailure('无法读取本机服务的输出'));
      return;
    }
    const lines = createInterface({ input: child.stdout });
    let setupCode: string | null = null;
    lines.on('line', (line) => {
      if (started) return;
      setupCode = setupCodeFromLine(line) ?? setupCode;
      const origin = hubUrlFromLine(line);
      if (origin === null) return;
      started = true;
      clearTimeout(timer);
      resolve({
        origin,
        setupCode,
        stop: async () => {
          stopping = true;
          if (exited) return;
          child.kill();
          await Promise.race([exitPromise, new Promise((r) => setTimeout(r, STOP_TIMEOUT_MS))]);
        },
      });
    });
  });
}

function tail(lines: readonly string[]): string {
  return lines.length ? `\n\n${lines.join('\n')}` : '';
}
