/**
 * `gatehouse cost`: what the traffic a running Gatehouse has served would cost on AWS, as REST
 * APIs and as HTTP APIs (GET /_gatehouse/cost, printed as a table), or, with --requests, what a
 * given monthly traffic would cost, without a server. The CLI reaches Gatehouse through its
 * public endpoint like any client (STYLE.md).
 */
import { parseArgs } from 'node:util';
import { costTable, estimate, type Estimate } from './index.js';

export const COST_USAGE = `Usage: gatehouse cost [options]

  What the traffic a running Gatehouse served would cost on AWS API Gateway (REST vs HTTP APIs).

  --endpoint URL      the Gatehouse to ask   (default http://127.0.0.1:$GATEHOUSE_PORT, port 4566)
  --json              print the estimate as JSON instead of a table
  Without a server, price a month's traffic you name:
  --requests N        requests in the month
  --bytes-out B       bytes of responses in the month           (default 0)
  --request-size B    average request+response size, for HTTP API metering in 512 KB
                      increments                                 (default 0: one unit per request)
  --cache-size GB     a REST API stage cache on all month (0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237)
  --help              this text
`;

export async function costCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        endpoint: { type: 'string' },
        json: { type: 'boolean' },
        requests: { type: 'string' },
        'bytes-out': { type: 'string' },
        'request-size': { type: 'string' },
        'cache-size': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (err) {
    console.error(`gatehouse cost: ${(err as Error).message}\n\n${COST_USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(COST_USAGE);
    return 0;
  }
  let e: Estimate;
  if (values.requests !== undefined) {
    const n = (name: string, text: string | undefined) => {
      const v = Number(text ?? '0');
      if (!Number.isFinite(v) || v < 0) throw new Error(`Invalid --${name} '${text}'`);
      return v;
    };
    try {
      const requests = n('requests', values.requests);
      const size = n('request-size', values['request-size']);
      const unitsPerRequest = size <= 512 * 1024 ? 1 : Math.ceil(size / (512 * 1024));
      const cacheSize = values['cache-size'];
      e = estimate({
        requests,
        httpApiUnits: requests * unitsPerRequest,
        bytesOut: n('bytes-out', values['bytes-out']),
        bytesIn: 0,
        hours: 720,
        caches: cacheSize ? [{ stage: 'cache', size: cacheSize, hours: 720 }] : [],
      });
    } catch (err) {
      console.error(`gatehouse cost: ${(err as Error).message}`);
      return 2;
    }
  } else {
    const endpoint = values.endpoint ?? `http://${env.GATEHOUSE_HOST || '127.0.0.1'}:${env.GATEHOUSE_PORT || '4566'}`;
    try {
      const res = await fetch(new URL('/_gatehouse/cost', endpoint));
      if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
      e = (await res.json()) as Estimate;
    } catch (err) {
      console.error(`gatehouse cost: cannot read ${endpoint}/_gatehouse/cost: ${(err as Error).message}`);
      return 1;
    }
  }
  console.log(values.json ? JSON.stringify(e, null, 2) : costTable(e));
  return 0;
}
