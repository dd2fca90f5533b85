// The baseline of the API start-up figures (bench/startup.mjs): what a CI step would write by hand instead of
// `flowctl --json flow list`. It reads the token flowctl cached (flowctl reads that same file), sends the same
// GETs with the same headers over node:http, one after another on one kept-alive connection, and prints the last
// body. CommonJS and nothing but Node built-ins, so that it starts as fast as a Node script can.
//
//   FLOWCTL_BENCH_TOKEN_FILE=… AEP_*=… node bench/plain-get.cjs /path?query [/path…]
'use strict';
const http = require('node:http');
const { readFileSync } = require('node:fs');

const env = process.env;
const token = JSON.parse(readFileSync(env.FLOWCTL_BENCH_TOKEN_FILE, 'utf8')).accessToken;
const agent = new http.Agent({ keepAlive: true });
const headers = {
  Authorization: `Bearer ${token}`,
  'x-api-key': env.AEP_API_KEY,
  'x-gw-ims-org-id': env.AEP_IMS_ORG,
  'x-sandbox-name': env.AEP_SANDBOX_NAME,
  Accept: 'application/json',
  'User-Agent': 'plain-get',
};

function get(path) {
  return new Promise((resolve, reject) => {
    const request = http.get(new URL(path, env.AEP_PLATFORM_URL), { headers, agent }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => (response.statusCode === 200 ? resolve(body) : reject(new Error(`${response.statusCode} ${path}`))));
    });
    request.on('error', reject);
  });
}

(async () => {
  let body = '';
  for (const path of process.argv.slice(2)) body = await get(path);
  process.stdout.write(`${JSON.stringify(JSON.parse(body), null, 2)}\n`);
  agent.destroy();
})().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
});
