import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startHub, type HubOptions } from './hub.js';
import { formatSetupCode } from '../core/setup/setup-code.js';
import { SETUP_CODE_PREFIX } from './setup-code-line.js';

const USAGE = `用法：npm run server -- --data 数据目录 [--port 端口] [--host 地址] [--cert 证书文件 --key 私钥文件] [--public-name 域名 …]

  --data   存放 tongcai.db 的目录（不存在时自动创建）
  --port   监听端口，默认 0（随机）
  --host   监听地址，默认 127.0.0.1；对局域网开放时必须提供 --cert 和 --key
  --cert   HTTPS 证书（PEM）
  --key    HTTPS 私钥（PEM）
  --public-name  客户端访问本服务所用的主机名（可重复；启用 HTTPS 时默认为 --host 的值），其他主机名的请求一律拒绝
  --log    记录每个请求`;

function fail(message: string, exitCode: number): never {
  console.error(message);
  process.exit(exitCode);
}

async function main(): Promise<void> {
  let values: { data?: string; port?: string; host?: string; cert?: string; key?: string; log?: boolean; 'public-name'?: string[] };
  try {
    ({ values } = parseArgs({
      options: {
        data: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        cert: { type: 'string' },
        key: { type: 'string' },
        log: { type: 'boolean' },
        'public-name': { type: 'string', multiple: true },
      },
      strict: true,
    }));
  } catch (error) {
    fail(`参数有误：${(error as Error).message}\n\n${USAGE}`, 2);
  }
  if (!values.data) fail(USAGE, 2);
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`端口无效：${values.port}\n\n${USAGE}`, 2);

  const options: HubOptions = { dataDir: values.data, port, log: values.log ?? false };
  if (values.host) options.host = values.host;
  if (values['public-name']?.length) options.publicNames = values['public-name'];
  try {
    if (values.cert) options.tlsCert = readFileSync(values.cert);
    if (values.key) options.tlsKey = readFileSync(values.key);
  } catch (error) {
    fail(`无法读取证书或私钥：${(error as Error).message}`, 1);
  }

  let hub;
  try {
    hub = await startHub(options);
  } catch (error) {
    // MigrationError and HubStartError carry a message meant for the operator; anything else is a bug.
    const message = error instanceof Error ? error.message : String(error);
    fail(`统采中心服务启动失败：${message}`, 1);
  }
  // Before the address line: the desktop's standalone mode reads the code, then opens its window on the address.
  if (hub.setupCode) {
    console.log(`${SETUP_CODE_PREFIX}${formatSetupCode(hub.setupCode)}`);
    console.log('（首次打开界面完成初始化时需要输入此码；也可运行 npm run cli -- setup-code --data 数据目录 再次查看）');
  }
  console.log(`统采中心服务已启动：${hub.url}`);
  console.log(hub.url);

  const stop = (signal: string) => {
    hub.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`关闭服务时出错（${signal}）：`, error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

await main();
