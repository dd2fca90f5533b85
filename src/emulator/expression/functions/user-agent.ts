// "User agent" functions, on ua-parser-js 1.x.
//
// Data Prep's outputs (the page's iPhone example, and its appendix of device classes: Phone, Tablet, Desktop,
// Robot, ...) are those of YAUAA, a Java user-agent analyzer. ua-parser-js knows the same browsers and systems
// under slightly different names, so its answers are mapped to YAUAA's where they differ in kind: "Mobile
// Safari" is the agent "Safari", a device type "mobile" is the class "Phone". Other names are ua-parser-js's
// ("Windows" where YAUAA says "Windows NT"). What cannot be told is "Unknown", and an unknown version "??", as
// YAUAA answers.
//
// ua-parser-js is loaded on the first call: most mappings use no ua_* function and the emulator's start-up
// should not pay for it.

import { createRequire } from 'node:module';
import type { ExpressionFunction } from '../registry.js';
import type { Value } from '../values.js';
import { textArg } from './strings.js';

/** The part of ua-parser-js 1.x's result these functions read (the package ships no types). */
interface ParsedAgent {
  browser: { name?: string; version?: string; major?: string };
  os: { name?: string; version?: string };
  device: { vendor?: string; model?: string; type?: string };
}
type UAParserClass = new (userAgent: string) => { getResult(): ParsedAgent };

let parserClass: UAParserClass | undefined;
/** The last user agent parsed: a mapping usually reads several ua_* fields of the same column per row. */
let last: { userAgent: string; agent: ParsedAgent } | undefined;

function parse(userAgent: string): ParsedAgent {
  if (last?.userAgent === userAgent) return last.agent;
  parserClass ??= createRequire(import.meta.url)('ua-parser-js') as UAParserClass;
  const agent = new parserClass(userAgent).getResult();
  last = { userAgent, agent };
  return agent;
}

const UNKNOWN = 'Unknown';
const UNKNOWN_VERSION = '??';

/** YAUAA's agent names: ua-parser-js says "Mobile Safari", "Mobile Firefox" for the mobile builds. */
const agentName = (agent: ParsedAgent): string => agent.browser.name?.replace(/^Mobile /, '') || UNKNOWN;
const osName = (agent: ParsedAgent): string => agent.os.name || UNKNOWN;
const osVersion = (agent: ParsedAgent): string => agent.os.version || UNKNOWN_VERSION;
const major = (version: string | undefined): string => version?.split('.')[0] || UNKNOWN_VERSION;

/** YAUAA's class for ua-parser-js's device types. */
const DEVICE_CLASSES: Readonly<Record<string, string>> = {
  mobile: 'Phone',
  tablet: 'Tablet',
  smarttv: 'TV',
  console: 'Game Console',
  wearable: 'Watch',
};
/** Systems that, without a device type, mean a desktop or laptop. */
const DESKTOP_SYSTEMS =
  /^(Windows|Mac OS|Linux|Ubuntu|Debian|Fedora|Mint|Arch|Gentoo|SUSE|Slackware|CentOS|Red Hat|Chromium OS|\w*BSD|Solaris|Unix)/;
const ROBOT = /bot\b|crawl|spider|slurp|archiver|curl\/|wget\/|python-requests|httpclient/i;

function deviceClass(userAgent: string, agent: ParsedAgent): string {
  const { type, model = '', vendor = '' } = agent.device;
  if (ROBOT.test(userAgent)) return type === 'mobile' || type === 'tablet' ? 'Robot Mobile' : 'Robot';
  if (type === 'wearable' && /quest|pico/i.test(model + vendor)) return 'Virtual Reality';
  if (type === 'wearable' && /glass/i.test(model)) return 'Augmented Reality';
  if (type === 'embedded') return /tesla/i.test(vendor) ? 'Car' : /echo|aeobc|homepod/i.test(model) ? 'Voice' : UNKNOWN;
  const byType = type === undefined ? undefined : DEVICE_CLASSES[type];
  if (byType) return byType;
  // A phone or tablet system on a device ua-parser-js cannot place: YAUAA's "Mobile", a yet unidentified one.
  if (/^(iOS|Android|Windows Phone|BlackBerry|Symbian|KaiOS|Firefox OS)/.test(agent.os.name ?? '')) return 'Mobile';
  return DESKTOP_SYSTEMS.test(agent.os.name ?? '') ? 'Desktop' : UNKNOWN;
}

/** The page's example user agent. */
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 5_1_1 like Mac OS X) AppleWebKit/534.46 (KHTML, like Gecko) Version/5.1 Mobile/9B206 Safari/7534.48.3';

/** A ua_* function: null USER_AGENT gives null. */
function userAgentFunction(
  name: string,
  description: string,
  result: string,
  read: (agent: ParsedAgent, userAgent: string) => string,
): ExpressionFunction {
  return {
    name,
    category: 'User agent',
    description,
    syntax: `${name}(USER_AGENT)`,
    params: [{ name: 'USER_AGENT', type: 'string', description: 'The user agent string.' }],
    minArgs: 1,
    maxArgs: 1,
    example: `${name}("${IPHONE}")`,
    result,
    call: ([value]: readonly Value[]): Value => {
      const userAgent = textArg(name, 'USER_AGENT', value);
      return userAgent === null ? null : read(parse(userAgent), userAgent);
    },
  };
}

export const userAgentFunctions: readonly ExpressionFunction[] = [
  userAgentFunction('ua_os_name', 'Extracts the operating system name from the user agent string.', 'iOS', osName),
  userAgentFunction(
    'ua_os_version_major',
    "Extracts the operating system's major version from the user agent string.",
    'iOS 5',
    (agent) => `${osName(agent)} ${major(agent.os.version)}`,
  ),
  userAgentFunction('ua_os_version', "Extracts the operating system's version from the user agent string.", '5.1.1', osVersion),
  userAgentFunction(
    'ua_os_name_version',
    "Extracts the operating system's name and version from the user agent string.",
    'iOS 5.1.1',
    (agent) => `${osName(agent)} ${osVersion(agent)}`,
  ),
  userAgentFunction(
    'ua_agent_version',
    'Extracts the agent version from the user agent string.',
    '5.1',
    (agent) => agent.browser.version || UNKNOWN_VERSION,
  ),
  userAgentFunction(
    'ua_agent_version_major',
    'Extracts the agent name and major version from the user agent string.',
    'Safari 5',
    (agent) => `${agentName(agent)} ${agent.browser.major || major(agent.browser.version)}`,
  ),
  userAgentFunction('ua_agent_name', 'Extracts the agent name from the user agent string.', 'Safari', agentName),
  userAgentFunction(
    'ua_device_class',
    'Extracts the device class from the user agent string.',
    'Phone',
    (agent, userAgent) => deviceClass(userAgent, agent),
  ),
];
